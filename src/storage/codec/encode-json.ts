// json.Marshal of a release as Go writes Helm's structs: field order, omitempty/omitzero, HTML-escaped
// strings, []byte as base64, maps with sorted keys and Info/HookExecution's own MarshalJSON.
import type { Dependency, Maintainer, Metadata } from '../../chart/chart.js';
import { GoList, GoMap, type Value } from '../../go/value.js';
import { marshalJson, quoteJsonString } from '../../yaml/json.js';
import { compareUtf8 } from '../../yaml/utf8.js';
import { formatGoTime, GoTimeError, isZeroGoTime, parseGoTime } from '../gotime.js';
import type { Hook, HookExecution, Info, Release, StoredChart, StoredFile, StoredLock } from '../release.js';
import { GO_ZERO_TIME } from '../release.js';

/** One JSON object under construction; `undefined` values are left out (omitempty). */
class Obj {
  private readonly parts: string[] = [];
  put(key: string, json: string | undefined): this {
    if (json !== undefined) this.parts.push(`${quoteJsonString(key, true)}:${json}`);
    return this;
  }
  toString(): string {
    return `{${this.parts.join(',')}}`;
  }
}

const str = (s: string): string => quoteJsonString(s, true);
const strOmit = (s: string | undefined): string | undefined => (s ? str(s) : undefined);
const intOmit = (n: number | undefined): string | undefined => (n ? String(Math.trunc(n)) : undefined);
const bytes = (b: Uint8Array | null): string =>
  b === null ? 'null' : `"${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')}"`;
const list = <T>(xs: readonly T[] | null | undefined, f: (x: T) => string): string =>
  xs ? `[${xs.map(f).join(',')}]` : 'null';
const listOmit = <T>(xs: readonly T[] | undefined, f: (x: T) => string): string | undefined =>
  xs && xs.length > 0 ? list(xs, f) : undefined;
/** Go's text for a MarshalJSON failure of type `type`. */
function marshalerError(type: string, f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof GoTimeError)) throw e;
    throw new GoTimeError(`json: error calling MarshalJSON for type ${type}: ${e.message}`, { cause: e });
  }
}

const timeText = (t: string | undefined): string =>
  str(t === undefined ? GO_ZERO_TIME : formatGoTime(parseGoTime(t)));
/** A time.Time field without omitzero: always written, Go's zero time when unset. */
const time = (t: string | undefined): string => marshalerError('time.Time', () => timeText(t));
/** A time.Time field with omitzero. */
const timeOmit = (t: string | undefined): string | undefined => (isZeroGoTime(t) ? undefined : time(t));
/** A *time.Time of Info/HookExecution's MarshalJSON helpers: nil when zero. */
const timePtr = (t: string | undefined): string | undefined =>
  isZeroGoTime(t) ? undefined : marshalerError('*time.Time', () => timeText(t));

function stringMap(m: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!m) return undefined;
  const keys = Object.keys(m).sort(compareUtf8);
  if (keys.length === 0) return undefined;
  return `{${keys.map((k) => `${str(k)}:${str(m[k]!)}`).join(',')}}`;
}

/** A Go `any` value (values, import-values, resources). Plain JS data is accepted too. */
function anyValue(v: unknown): string {
  return marshalJson(toValue(v));
}

function toValue(v: unknown): Value {
  if (Array.isArray(v)) return new GoList(v.map(toValue));
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const m = new Map<string, Value>();
    for (const [k, x] of Object.entries(v)) m.set(k, toValue(x));
    return new GoMap(m);
  }
  return v as Value;
}

function maintainer(m: Maintainer): string {
  return new Obj()
    .put('name', strOmit(m.name))
    .put('email', strOmit(m.email))
    .put('url', strOmit(m.url))
    .toString();
}

function dependency(d: Dependency): string {
  return new Obj()
    .put('name', str(d.name ?? ''))
    .put('version', strOmit(d.version))
    .put('repository', str(d.repository ?? ''))
    .put('condition', strOmit(d.condition))
    .put('tags', listOmit(d.tags, str))
    .put('enabled', d.enabled ? 'true' : undefined)
    .put('import-values', listOmit(d['import-values'], anyValue))
    .put('alias', strOmit(d.alias))
    .toString();
}

function metadata(md: Metadata): string {
  return new Obj()
    .put('name', strOmit(md.name))
    .put('home', strOmit(md.home))
    .put('sources', listOmit(md.sources, str))
    .put('version', strOmit(md.version))
    .put('description', strOmit(md.description))
    .put('keywords', listOmit(md.keywords, str))
    .put('maintainers', listOmit(md.maintainers, maintainer))
    .put('icon', strOmit(md.icon))
    .put('apiVersion', strOmit(md.apiVersion))
    .put('condition', strOmit(md.condition))
    .put('tags', strOmit(md.tags))
    .put('appVersion', strOmit(md.appVersion))
    .put('deprecated', md.deprecated ? 'true' : undefined)
    .put('annotations', stringMap(md.annotations))
    .put('kubeVersion', strOmit(md.kubeVersion))
    .put('dependencies', listOmit(md.dependencies, dependency))
    .put('type', strOmit(md.type))
    .toString();
}

function lock(l: StoredLock): string {
  return new Obj()
    .put('generated', time(l.generated))
    .put('digest', str(l.digest))
    .put('dependencies', list(l.dependencies, dependency))
    .toString();
}

function file(f: StoredFile): string {
  return new Obj()
    .put('name', str(f.name))
    .put('data', bytes(f.data))
    .put('modtime', timeOmit(f.modtime))
    .toString();
}

function chart(c: StoredChart): string {
  return new Obj()
    .put('metadata', c.metadata ? metadata(c.metadata) : 'null')
    .put('lock', c.lock ? lock(c.lock) : 'null')
    .put('templates', list(c.templates, file))
    .put('values', c.values ? marshalJson(c.values) : 'null')
    .put('schema', bytes(c.schema))
    .put('schemamodtime', time(c.schemamodtime))
    .put('files', list(c.files, file))
    .put('modtime', timeOmit(c.modtime))
    .toString();
}

function hookExecution(h: HookExecution): string {
  return marshalerError('v1.HookExecution', () =>
    new Obj()
      .put('started_at', timePtr(h.started_at))
      .put('completed_at', timePtr(h.completed_at))
      .put('phase', str(h.phase ?? ''))
      .toString(),
  );
}

function hook(h: Hook): string {
  return new Obj()
    .put('name', strOmit(h.name))
    .put('kind', strOmit(h.kind))
    .put('path', strOmit(h.path))
    .put('manifest', strOmit(h.manifest))
    .put('events', listOmit(h.events, str))
    .put('last_run', hookExecution(h.last_run ?? { phase: '' }))
    .put('weight', intOmit(h.weight))
    .put('delete_policies', listOmit(h.delete_policies, str))
    .put('output_log_policies', listOmit(h.output_log_policies, str))
    .toString();
}

function resources(r: Info['resources']): string | undefined {
  if (!r) return undefined;
  const keys = Object.keys(r).sort(compareUtf8);
  if (keys.length === 0) return undefined;
  return `{${keys.map((k) => `${str(k)}:${list(r[k] ?? null, anyValue)}`).join(',')}}`;
}

function info(i: Info): string {
  return marshalerError('*v1.Info', () => infoFields(i));
}

function infoFields(i: Info): string {
  return new Obj()
    .put('first_deployed', timePtr(i.first_deployed))
    .put('last_deployed', timePtr(i.last_deployed))
    .put('deleted', timePtr(i.deleted))
    .put('description', strOmit(i.description))
    .put('status', strOmit(i.status))
    .put('rollback_revision', intOmit(i.rollback_revision))
    .put('notes', strOmit(i.notes))
    .put('resources', resources(i.resources))
    .toString();
}

/** json.Marshal(release): the exact bytes Helm writes before compressing. */
export function releaseToJson(r: Release): string {
  return new Obj()
    .put('name', strOmit(r.name))
    .put('info', r.info ? info(r.info) : undefined)
    .put('chart', r.chart ? chart(r.chart) : undefined)
    .put('config', r.config && !r.config.nil && r.config.size > 0 ? marshalJson(r.config) : undefined)
    .put('manifest', strOmit(r.manifest))
    .put('hooks', listOmit(r.hooks, hook))
    .put('version', intOmit(r.version))
    .put('namespace', strOmit(r.namespace))
    .put('apply_method', strOmit(r.apply_method))
    .toString();
}
