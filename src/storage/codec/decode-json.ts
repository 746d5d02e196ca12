// json.Unmarshal into Helm's release structs: keys matched exactly or case-insensitively (last one
// wins), unknown fields dropped, nulls leave Go's zero values, type mismatches fail with Go's text.
// Info and HookExecution read through their own UnmarshalJSON (empty time strings mean zero).
import type { Dependency, Maintainer, Metadata } from '../../chart/chart.js';
import { GoList, GoMap, type Value } from '../../go/value.js';
import { JsonRangeError, parseJson } from '../../yaml/json-parse.js';
import { rangeErrorInContext } from './range-context.js';
import { compareUtf8 } from '../../yaml/utf8.js';
import { decodeBase64Std } from './base64.js';
import { formatGoTime, parseGoTime } from '../gotime.js';
import type { Hook, HookExecution, Info, Release, StoredChart, StoredFile, StoredLock } from '../release.js';
import { GO_ZERO_TIME } from '../release.js';

const NO_INFO = 'release record has no info';

/** A JSON text that does not fit Helm's release structs; the message is Go's. */
export class JsonShapeError extends Error {
  override name = 'JsonShapeError';
}

const kindOf = (v: Value): string =>
  typeof v === 'string'
    ? 'string'
    : typeof v === 'boolean'
      ? 'bool'
      : typeof v === 'number'
        ? 'number'
        : v instanceof GoList
          ? 'array'
          : v instanceof GoMap
            ? 'object'
            : 'value';

/** Where a value sits: Go reports the innermost struct and the dotted field path from the root. */
class At {
  constructor(
    readonly struct: string,
    readonly path: readonly string[],
  ) {}
  field(struct: string, name: string): At {
    return new At(struct, [...this.path, name]);
  }
  /** A field read by a custom UnmarshalJSON: Go reports it in the enclosing struct's context. */
  inner(name: string): At {
    return new At(this.struct, [...this.path, name]);
  }
  mismatch(v: Value, type: string, value = kindOf(v)): JsonShapeError {
    if (this.path.length === 0)
      return new JsonShapeError(`json: cannot unmarshal ${value} into Go value of type ${type}`);
    return new JsonShapeError(
      `json: cannot unmarshal ${value} into Go struct field ${this.struct}.${this.path.join('.')} of type ${type}`,
    );
  }
}

/** Calls `set` for each key of `obj` that names one of `fields` (exact match first, then folded). */
function eachField(
  obj: GoMap,
  fields: readonly string[],
  set: (field: string, v: Value, key: string) => void,
  sorted = false,
): void {
  const entries = sorted ? [...obj.entries].sort(([a], [b]) => compareUtf8(a, b)) : obj.entries;
  for (const [key, v] of entries) {
    let f = fields.find((x) => x === key);
    if (f === undefined) {
      const folded = key.toLowerCase();
      f = fields.find((x) => x.toLowerCase() === folded);
    }
    if (f !== undefined) set(f, v as Value, key);
  }
}

function str(v: Value, at: At, type = 'string'): string | undefined {
  if (v === null) return undefined;
  if (typeof v !== 'string') throw at.mismatch(v, type);
  return v;
}

function int(v: Value, at: At): number | undefined {
  if (v === null) return undefined;
  if (typeof v !== 'number') throw at.mismatch(v, 'int');
  if (!Number.isSafeInteger(v)) throw at.mismatch(v, 'int', `number ${String(v)}`);
  return v;
}

function bool(v: Value, at: At): boolean | undefined {
  if (v === null) return undefined;
  if (typeof v !== 'boolean') throw at.mismatch(v, 'bool');
  return v;
}

function bytes(v: Value, at: At): Uint8Array | null {
  if (v === null) return null;
  if (typeof v !== 'string') throw at.mismatch(v, '[]uint8');
  return decodeBase64Std(Buffer.from(v, 'utf8'));
}

/** A time.Time field (Time.UnmarshalJSON): null leaves it zero. */
function time(v: Value, at: At): string | undefined {
  if (v === null) return undefined;
  if (typeof v !== 'string') throw new JsonShapeError('Time.UnmarshalJSON: input is not a JSON string');
  void at;
  const t = parseGoTime(v);
  try {
    return formatGoTime(t);
  } catch {
    // Readable but not writable (zone hour ≥ 24): kept as read, so writing fails as Go's does.
    return v;
  }
}

/** A *time.Time inside Info/HookExecution's UnmarshalJSON: "" under the exact key counts as unset. */
const timePtr = (v: Value, at: At, key: string, field: string): string | undefined =>
  v === '' && key === field ? undefined : time(v, at);

function list<T>(v: Value, at: At, type: string, item: (x: Value) => T | undefined): T[] | null {
  if (v === null) return null;
  if (!(v instanceof GoList)) throw at.mismatch(v, type);
  const out: T[] = [];
  for (const x of v.items) {
    const y = item(x);
    if (y !== undefined) out.push(y);
  }
  return out;
}

const strList = (v: Value, at: At, type = 'string'): string[] | undefined =>
  list(v, at, `[]${type}`, (x) => str(x, at, type) ?? '') ?? undefined;

function object(v: Value, at: At, type: string): GoMap | undefined {
  if (v === null) return undefined;
  if (!(v instanceof GoMap)) throw at.mismatch(v, type);
  return v;
}

function stringMap(v: Value, at: At): Record<string, string> | undefined {
  const m = object(v, at, 'map[string]string');
  if (!m) return undefined;
  return Object.fromEntries([...m.entries].map(([k, x]) => [k, str(x as Value, at) ?? '']));
}

const anyMap = (v: Value, at: At): GoMap | undefined => object(v, at, 'map[string]interface {}');

// ---- structs -------------------------------------------------------------------------------

function maintainer(v: Value, at: At): Maintainer | undefined {
  const m = object(v, at, 'v2.Maintainer');
  if (!m) return undefined;
  const out: Maintainer = {};
  eachField(m, ['name', 'email', 'url'], (f, x) => {
    const s = str(x, at.field('Maintainer', f));
    if (s !== undefined) out[f as 'name' | 'email' | 'url'] = s;
  });
  return out;
}

function dependency(v: Value, at: At): Dependency | undefined {
  const m = object(v, at, 'v2.Dependency');
  if (!m) return undefined;
  const d: Dependency = { name: '', repository: '' };
  const fields = ['name', 'version', 'repository', 'condition', 'tags', 'enabled', 'import-values', 'alias'];
  eachField(m, fields, (f, x) => {
    const a = at.field('Dependency', f);
    switch (f) {
      case 'tags':
        d.tags = strList(x, a);
        break;
      case 'enabled':
        d.enabled = bool(x, a);
        break;
      case 'import-values':
        d['import-values'] = list(x, a, '[]interface {}', (y) => y) ?? undefined;
        break;
      default:
        (d as unknown as Record<string, string>)[f] = str(x, a) ?? '';
    }
  });
  return clean(d);
}

const METADATA_STRINGS = [
  'name',
  'home',
  'version',
  'description',
  'icon',
  'apiVersion',
  'condition',
  'tags',
  'appVersion',
  'kubeVersion',
  'type',
];

function metadata(v: Value, at: At): Metadata | null {
  const m = object(v, at, 'v2.Metadata');
  if (!m) return null;
  const md: Metadata = { name: '', version: '', apiVersion: '' };
  const fields = [
    ...METADATA_STRINGS,
    'sources',
    'keywords',
    'maintainers',
    'deprecated',
    'annotations',
    'dependencies',
  ];
  eachField(m, fields, (f, x) => {
    const a = at.field('Metadata', f);
    switch (f) {
      case 'sources':
      case 'keywords':
        md[f] = strList(x, a);
        break;
      case 'maintainers':
        md.maintainers = list(x, a, '[]*v2.Maintainer', (y) => maintainer(y, a)) ?? undefined;
        break;
      case 'deprecated':
        md.deprecated = bool(x, a);
        break;
      case 'annotations':
        md.annotations = stringMap(x, a);
        break;
      case 'dependencies':
        md.dependencies = list(x, a, '[]*v2.Dependency', (y) => dependency(y, a)) ?? undefined;
        break;
      default:
        (md as unknown as Record<string, string>)[f] = str(x, a) ?? '';
    }
  });
  return clean(md);
}

function lock(v: Value, at: At): StoredLock | null {
  const m = object(v, at, 'v2.Lock');
  if (!m) return null;
  const l: StoredLock = { generated: GO_ZERO_TIME, digest: '', dependencies: null };
  eachField(m, ['generated', 'digest', 'dependencies'], (f, x) => {
    const a = at.field('Lock', f);
    if (f === 'generated') l.generated = time(x, a) ?? l.generated;
    else if (f === 'digest') l.digest = str(x, a) ?? l.digest;
    else l.dependencies = list(x, a, '[]*v2.Dependency', (y) => dependency(y, a));
  });
  return l;
}

function file(v: Value, at: At): StoredFile | undefined {
  const m = object(v, at, 'common.File');
  if (!m) return undefined;
  const out: StoredFile = { name: '', data: null };
  eachField(m, ['name', 'data', 'modtime'], (f, x) => {
    const a = at.field('File', f);
    if (f === 'name') out.name = str(x, a) ?? out.name;
    else if (f === 'data') out.data = bytes(x, a);
    else out.modtime = time(x, a) ?? out.modtime;
  });
  return clean(out);
}

function chart(v: Value, at: At): StoredChart | undefined {
  const m = object(v, at, 'v2.Chart');
  if (!m) return undefined;
  const c: StoredChart = {
    metadata: null,
    lock: null,
    templates: null,
    values: null,
    schema: null,
    schemamodtime: GO_ZERO_TIME,
    files: null,
  };
  const fields = ['metadata', 'lock', 'templates', 'values', 'schema', 'schemamodtime', 'files', 'modtime'];
  eachField(m, fields, (f, x) => {
    const a = at.field('Chart', f);
    switch (f) {
      case 'metadata':
        c.metadata = metadata(x, a);
        break;
      case 'lock':
        c.lock = lock(x, a);
        break;
      case 'templates':
      case 'files':
        c[f] = list(x, a, '[]*common.File', (y) => file(y, a));
        break;
      case 'values':
        c.values = anyMap(x, a) ?? null;
        break;
      case 'schema':
        c.schema = bytes(x, a);
        break;
      case 'schemamodtime':
        c.schemamodtime = time(x, a) ?? c.schemamodtime;
        break;
      default:
        c.modtime = time(x, a) ?? c.modtime;
    }
  });
  return clean(c);
}

/** HookExecution.UnmarshalJSON: first into a map, then into hookExecutionJSON. */
function hookExecution(v: Value, at: At): HookExecution {
  const m = v === null ? undefined : anyMap(v, at);
  const h: HookExecution = { phase: '' };
  if (!m) return h;
  // The map is re-marshalled before the second decode, so keys come in sorted order.
  eachField(
    m,
    ['started_at', 'completed_at', 'phase'],
    (f, x, key) => {
      const a = at.inner(f);
      if (f === 'phase') h.phase = (str(x, a, 'v1.HookPhase') ?? '') as HookExecution['phase'];
      else h[f as 'started_at' | 'completed_at'] = timePtr(x, a, key, f);
    },
    true,
  );
  return clean(h);
}

function hook(v: Value, at: At): Hook | undefined {
  const m = object(v, at, 'v1.Hook');
  if (!m) return undefined;
  const h: Hook = { name: '', kind: '', path: '', manifest: '', last_run: { phase: '' }, weight: 0 };
  const fields = [
    'name',
    'kind',
    'path',
    'manifest',
    'events',
    'last_run',
    'weight',
    'delete_policies',
    'output_log_policies',
  ];
  eachField(m, fields, (f, x) => {
    const a = at.field('Hook', f);
    switch (f) {
      case 'events':
        h.events = strList(x, a, 'v1.HookEvent') as Hook['events'];
        break;
      case 'delete_policies':
        h.delete_policies = strList(x, a, 'v1.HookDeletePolicy') as Hook['delete_policies'];
        break;
      case 'output_log_policies':
        h.output_log_policies = strList(x, a, 'v1.HookOutputLogPolicy') as Hook['output_log_policies'];
        break;
      case 'last_run':
        h.last_run = hookExecution(x, a);
        break;
      case 'weight':
        h.weight = int(x, a) ?? 0;
        break;
      default:
        (h as unknown as Record<string, string>)[f] = str(x, a) ?? '';
    }
  });
  return clean(h);
}

/** Info.UnmarshalJSON: first into a map (empty time strings become null), then into infoJSON. */
function info(v: Value, at: At): Info | undefined {
  if (v === null) return undefined;
  const m = anyMap(v, at);
  const i: Info = { description: '', status: '', rollback_revision: 0, notes: '' };
  if (!m) return i;
  const fields = [
    'first_deployed',
    'last_deployed',
    'deleted',
    'description',
    'status',
    'rollback_revision',
    'notes',
    'resources',
  ];
  eachField(
    m,
    fields,
    (f, x, key) => {
      const a = at.inner(f);
      switch (f) {
        case 'first_deployed':
        case 'last_deployed':
        case 'deleted':
          i[f] = timePtr(x, a, key, f);
          break;
        case 'status':
          i.status = (str(x, a, 'common.Status') ?? '') as Info['status'];
          break;
        case 'rollback_revision':
          i.rollback_revision = int(x, a) ?? 0;
          break;
        case 'resources':
          i.resources = resources(x, a);
          break;
        default:
          i[f as 'description' | 'notes'] = str(x, a) ?? '';
      }
    },
    true,
  );
  return clean(i);
}

/** map[string][]runtime.Object: Go cannot decode objects into the interface, only nulls. */
function resources(v: Value, at: At): Record<string, unknown[]> | undefined {
  const m = object(v, at, 'map[string][]runtime.Object');
  if (!m) return undefined;
  const out: Record<string, unknown[]> = {};
  for (const [k, x] of m.entries) {
    const items = list(x as Value, at, '[]runtime.Object', (y) => {
      if (y !== null) throw at.mismatch(y, 'runtime.Object');
      return null;
    });
    Object.defineProperty(out, k, {
      value: items ?? [],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Drops keys left undefined so records compare and print cleanly. */
function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** json.Unmarshal(text, &release). Throws JsonSyntaxError/JsonShapeError with Go's messages. */
export function releaseFromJson(text: string): Release {
  let v: Value;
  try {
    v = parseJson(text);
  } catch (e) {
    if (!(e instanceof JsonRangeError)) throw e;
    // Go finishes decoding first: a type error elsewhere is reported instead (approximately: Go
    // reports whichever comes first in the text).
    const partial = e.partial;
    try {
      if (partial instanceof GoMap) releaseFromValue(partial);
    } catch (err) {
      if (!(err instanceof JsonShapeError) || err.message !== NO_INFO) throw err;
    }
    throw new JsonShapeError(rangeErrorInContext(text, e.message));
  }
  return releaseFromValue(v);
}

function releaseFromValue(v: Value): Release {
  const top = new At('Release', []);
  if (!(v instanceof GoMap)) {
    if (v === null) throw new JsonShapeError(NO_INFO);
    throw top.mismatch(v, 'v1.Release');
  }
  const r: Partial<Release> & {
    name: string;
    manifest: string;
    version: number;
    namespace: string;
    apply_method: Release['apply_method'];
  } = {
    name: '',
    manifest: '',
    version: 0,
    namespace: '',
    apply_method: '',
  };
  const fields = [
    'name',
    'info',
    'chart',
    'config',
    'manifest',
    'hooks',
    'version',
    'namespace',
    'apply_method',
  ];
  eachField(v, fields, (f, x) => {
    const a = top.field('Release', f);
    switch (f) {
      case 'info':
        r.info = info(x, a);
        break;
      case 'chart':
        r.chart = chart(x, a);
        break;
      case 'config':
        r.config = anyMap(x, a);
        break;
      case 'hooks':
        r.hooks = list(x, a, '[]*v1.Hook', (y) => hook(y, a)) ?? undefined;
        break;
      case 'version':
        r.version = int(x, a) ?? 0;
        break;
      case 'apply_method':
        r.apply_method = (str(x, a) ?? '') as Release['apply_method'];
        break;
      default:
        (r as unknown as Record<string, string>)[f] = str(x, a) ?? '';
    }
  });
  // Helm dereferences info everywhere (labels, filters): a record without it cannot be used.
  if (!r.info) throw new JsonShapeError(NO_INFO);
  return clean(r as Release);
}
