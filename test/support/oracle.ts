// The TypeScript side of the Go template oracle (tools/gotmpl): finds the built binary, runs a
// batch of cases in one process, and decodes the typed data encoding into value.ts Values.
// Encodings: test/template/cases/README.md.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GoComplex,
  GoFunc,
  GoInt,
  GoList,
  GoMap,
  int,
  utf8Decode,
  type IntKind,
  type Value,
} from '../../src/go/value.js';
import { FixtureInner, FixturePlain, FixturePtrT, FixtureT, GoDuration, type TFields } from './fixtures.js';
import { testFuncValue } from './testfuncs.js';
import { commonValues } from '../../src/values/common-values.js';
import { HELM_OBJECT_TAGS, decodeHelmObject } from './helm-objects.js';

export const repoRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');
export const oracleSourceDir = join(repoRoot, 'tools', 'gotmpl');

/** One case as the oracle reads it. `data` is the typed JSON encoding. */
export interface OracleCase {
  name: string;
  mode?: 'go' | 'helm';
  /** Name of the root template (default "tpl"). */
  tname?: string;
  tpl: string;
  /** More templates parsed into the set after the root, in order: [name, text]. */
  also?: [string, string][];
  /** ExecuteTemplate this name instead of Execute. */
  exec?: string;
  /** Passed as Option("missingkey=…"); omitted: no Option call. */
  missingkey?: string;
  data?: unknown;
}

/** What Go did: output, an error's text, a panic's text, or a harness problem with the case. */
export interface OracleResult {
  out?: string;
  err?: string;
  panic?: string;
  bad?: string;
  invalidUTF8?: boolean;
  /** The exact bytes (base64) of out, or of err/panic, when not valid UTF-8. */
  outBytes?: string;
  errBytes?: string;
}

/** The cache path build.sh uses for the current sources (sha256 of names and bytes, 16 hex). */
export function oracleCachePath(): string {
  const files = readdirSync(oracleSourceDir)
    .filter((f) => f === 'go.mod' || f === 'go.sum' || f.endsWith('.go'))
    .sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.from(a) > Buffer.from(b) ? 1 : 0));
  const h = createHash('sha256');
  for (const f of files) {
    h.update(`${f}\n`);
    h.update(readFileSync(join(oracleSourceDir, f)));
  }
  const cache = process.env.RUDDER_CACHE || join(homedir(), '.cache', 'rudder');
  return join(cache, 'bin', `gotmpl-${h.digest('hex').slice(0, 16)}`);
}

export class OracleMissingError extends Error {
  override name = 'OracleMissingError';
}

/** The oracle binary: $RUDDER_GOTMPL, else the cache path for the current sources. */
export function oraclePath(): string {
  const env = process.env.RUDDER_GOTMPL;
  if (env) {
    if (!existsSync(env)) throw new OracleMissingError(`RUDDER_GOTMPL=${env} does not exist`);
    return env;
  }
  const p = oracleCachePath();
  if (!existsSync(p)) {
    throw new OracleMissingError(
      `Go template oracle not built (${p} is missing): run tools/gotmpl/build.sh (needs Go ≥ 1.26)`,
    );
  }
  return p;
}

/** Runs every case in one oracle process; results are in case order. */
export function runOracle(cases: readonly OracleCase[], bin: string = oraclePath()): OracleResult[] {
  const r = spawnSync(bin, ['run'], {
    input: JSON.stringify({ cases }),
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`gotmpl run failed (status ${r.status}): ${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as { results: OracleResult[] };
  // Text that is not valid UTF-8 comes as bytes too; decode it the way our strings hold it
  // (invalid bytes as escaped surrogates, value.ts), so outputs compare exactly.
  for (const res of parsed.results) {
    const raw = (b64: string): string => utf8Decode(new Uint8Array(Buffer.from(b64, 'base64')));
    if (res.outBytes !== undefined) res.out = raw(res.outBytes);
    if (res.errBytes !== undefined) {
      if (res.err !== undefined) res.err = raw(res.errBytes);
      else if (res.panic !== undefined) res.panic = raw(res.errBytes);
    }
    delete res.outBytes;
    delete res.errBytes;
  }
  if (parsed.results.length !== cases.length)
    throw new Error(`gotmpl returned ${parsed.results.length} results for ${cases.length} cases`);
  return parsed.results;
}

/** Helm v4.3.2's template function names, sorted (`gotmpl funcnames`). */
export function helmFuncNames(bin: string = oraclePath()): string[] {
  const r = spawnSync(bin, ['funcnames'], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`gotmpl funcnames failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

// ---- typed data → value.ts ---------------------------------------------------------------

const INT_TAGS: Record<string, IntKind> = {
  $int: 'int',
  $int8: 'int8',
  $int16: 'int16',
  $int32: 'int32',
  $int64: 'int64',
  $uint: 'uint',
  $uint8: 'uint8',
  $uint16: 'uint16',
  $uint32: 'uint32',
  $uint64: 'uint64',
  $uintptr: 'uintptr',
};

const INT_RANGE: Record<IntKind, [bigint, bigint]> = {
  int: [-(1n << 63n), (1n << 63n) - 1n],
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  uint: [0n, (1n << 64n) - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, (1n << 32n) - 1n],
  uint64: [0n, (1n << 64n) - 1n],
  uintptr: [0n, (1n << 64n) - 1n],
};

/** Parses an integer as strconv.ParseInt(s, 0, …): sign, 0x/0o/0b/0 prefixes, underscores. */
function parseGoInt(text: string | number): bigint {
  if (typeof text === 'number') {
    if (!Number.isInteger(text)) throw new Error(`not an integer: ${text}`);
    return BigInt(text);
  }
  let s = text.replace(/_/g, '');
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let v: bigint;
  if (/^0[0-7]+$/.test(s)) v = BigInt(`0o${s.slice(1)}`);
  else v = BigInt(s);
  return neg ? -v : v;
}

function parseGoFloat(p: unknown): number {
  if (typeof p === 'number') return p;
  if (typeof p !== 'string') throw new Error(`$float wants a number or string`);
  switch (p) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case '-0':
      return -0;
  }
  const n = Number(p);
  if (Number.isNaN(n)) throw new Error(`bad $float ${p}`);
  return n;
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function findTag(m: Record<string, unknown>): string | undefined {
  const tags = Object.keys(m)
    .filter((k) => k.length > 1 && k.startsWith('$') && k !== '$type')
    .sort();
  return tags[0];
}

/** Decodes the typed JSON data encoding into a Value (mirrors tools/gotmpl/data.go). */
export function decodeData(raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'boolean' || typeof raw === 'string') return raw;
  if (typeof raw === 'number') return raw;
  if (Array.isArray(raw)) return new GoList(raw.map(decodeData));
  if (isRecord(raw)) {
    const tag = findTag(raw);
    if (tag !== undefined) return decodeTagged(tag, raw);
    return new GoMap(new Map(Object.entries(raw).map(([k, v]) => [k, decodeData(v)])));
  }
  throw new Error(`unexpected data ${String(raw)}`);
}

function intValue(v: Value): GoInt {
  if (v instanceof GoInt && v.kind === 'int') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return int(v);
  throw new Error(`expected an int, got ${String(v)}`);
}

function decodeTagged(tag: string, m: Record<string, unknown>): Value {
  const p = m[tag];
  const type = typeof m.$type === 'string' ? m.$type : undefined;
  const kind = INT_TAGS[tag];
  if (kind !== undefined) {
    if (typeof p !== 'string' && typeof p !== 'number') throw new Error(`${tag} wants a number or string`);
    const v = parseGoInt(p);
    const [lo, hi] = INT_RANGE[kind];
    if (v < lo || v > hi) throw new Error(`${tag} ${p} out of range`);
    return new GoInt(kind, v);
  }
  if (HELM_OBJECT_TAGS.has(tag)) return decodeHelmObject(tag, p);
  switch (tag) {
    case '$float':
      return parseGoFloat(p);
    case '$complex': {
      if (!Array.isArray(p) || p.length !== 2) throw new Error('$complex wants [re, im]');
      return new GoComplex(parseGoFloat(p[0]), parseGoFloat(p[1]));
    }
    case '$bytes':
      if (typeof p !== 'string') throw new Error('$bytes wants a string');
      return new TextEncoder().encode(p);
    case '$duration': {
      if (typeof p === 'number') return new GoDuration(BigInt(p));
      if (typeof p === 'string') return new GoDuration(parseDuration(p));
      throw new Error('$duration wants a string or nanoseconds');
    }
    case '$func': {
      const f: GoFunc | undefined = typeof p === 'string' ? testFuncValue(p) : undefined;
      if (f === undefined) throw new Error(`unknown $func ${String(p)}`);
      return f;
    }
    case '$list': {
      if (!Array.isArray(p)) throw new Error('$list wants an array');
      const t = type ?? '[]interface {}';
      const elem = t.slice(2);
      const items = p.map(decodeData);
      switch (elem) {
        case 'interface {}':
          return new GoList(items);
        case 'string':
          return new GoList(
            items.map((x) => {
              if (typeof x !== 'string') throw new Error('[]string element is not a string');
              return x;
            }),
            'string',
          );
        case 'int':
          return new GoList(items.map(intValue), 'int');
        case 'int64':
          return new GoList(
            items.map((x) => {
              if (x instanceof GoInt && x.kind === 'int64') return x;
              if (typeof x === 'number' && Number.isInteger(x)) return new GoInt('int64', BigInt(x));
              throw new Error('[]int64 element is not an int64');
            }),
            'int64',
          );
        case 'float64':
          return new GoList(
            items.map((x) => {
              if (typeof x !== 'number') throw new Error('[]float64 element is not a number');
              return x;
            }),
            'float64',
          );
        case 'bool':
          return new GoList(
            items.map((x) => {
              if (typeof x !== 'boolean') throw new Error('[]bool element is not a bool');
              return x;
            }),
            'bool',
          );
      }
      throw new Error(`unsupported list type ${t}`);
    }
    case '$map': {
      if (!isRecord(p)) throw new Error('$map wants an object');
      const t = type ?? 'map[string]interface {}';
      const entries = new Map<string, Value>(Object.entries(p).map(([k, v]) => [k, decodeData(v)]));
      switch (t) {
        case 'map[string]interface {}':
          return new GoMap(entries);
        case 'common.Values':
          return valuesMap(entries, false);
        case 'map[string]string':
          for (const v of entries.values())
            if (typeof v !== 'string') throw new Error('map[string]string value is not a string');
          return new GoMap(entries, t, 'string');
        case 'map[string]int':
          for (const [k, v] of entries) entries.set(k, intValue(v));
          return new GoMap(entries, t, 'int');
      }
      throw new Error(`unsupported map type ${t}`);
    }
    case '$nil': {
      switch (p) {
        case '[]interface {}':
          return new GoList([], 'interface {}', true);
        case '[]string':
          return new GoList([], 'string', true);
        case '[]int':
          return new GoList([], 'int', true);
        case '[]uint8':
          // A nil []byte: value.ts has no nil flag for bytes; an empty Uint8Array prints the same.
          return new Uint8Array(0);
        case 'map[string]interface {}':
          return new GoMap(new Map(), 'map[string]interface {}', 'interface {}', true);
        case 'map[string]string':
          return new GoMap(new Map(), 'map[string]string', 'string', true);
        case 'common.Values':
          return valuesMap(new Map(), true);
      }
      throw new Error(`unsupported $nil type ${String(p)}`);
    }
    case '$T':
    case '$ptrT': {
      if (tag === '$ptrT' && p === null) return new FixturePtrT(undefined);
      if (!isRecord(p)) throw new Error(`${tag} wants an object`);
      const f = decodeTFields(p);
      return tag === '$T' ? new FixtureT(f) : new FixturePtrT(f);
    }
    case '$Inner':
      if (!isRecord(p)) throw new Error('$Inner wants an object');
      return decodeInner(p);
    case '$Plain': {
      if (!isRecord(p)) throw new Error('$Plain wants an object');
      const a = p.A === undefined ? int(0) : intValue(decodeData(p.A));
      const b = p.B === undefined ? '' : decodeData(p.B);
      const c = p.C === undefined ? new GoList([], 'interface {}', true) : decodeData(p.C);
      if (typeof b !== 'string' || !(c instanceof GoList)) throw new Error('bad $Plain');
      return new FixturePlain(a, b, c);
    }
  }
  throw new Error(`unknown tag ${tag}`);
}

/** common.Values with all its methods, as Rudder renders it (src/values/common-values.ts). */
export function valuesMap(entries: Map<string, Value>, nil: boolean): GoMap {
  return commonValues(entries, nil);
}

function decodeInner(p: Record<string, unknown>): FixtureInner {
  for (const k of Object.keys(p)) if (k !== 'X' && k !== 'S') throw new Error(`Inner has no field ${k}`);
  const x = p.X === undefined ? int(0) : intValue(decodeData(p.X));
  const s = p.S === undefined ? '' : decodeData(p.S);
  if (typeof s !== 'string') throw new Error('Inner.S is not a string');
  return new FixtureInner(x, s);
}

function decodeTFields(p: Record<string, unknown>): Partial<TFields> {
  const f: Partial<TFields> = {};
  for (const [k, raw] of Object.entries(p)) {
    if (k === 'Inner') {
      if (!isRecord(raw)) throw new Error('T.Inner wants an object');
      f.Inner = decodeInner(raw);
      continue;
    }
    const d = decodeData(raw);
    switch (k) {
      case 'Name':
      case 'secret':
        if (typeof d !== 'string') throw new Error(`T.${k} is not a string`);
        f[k] = d;
        break;
      case 'Count':
        f.Count = intValue(d);
        break;
      case 'Ratio':
        if (typeof d !== 'number') throw new Error('T.Ratio is not a number');
        f.Ratio = d;
        break;
      case 'Big':
        if (d instanceof GoInt && d.kind === 'int64') f.Big = d;
        else if (typeof d === 'number' && Number.isInteger(d)) f.Big = new GoInt('int64', BigInt(d));
        else throw new Error('T.Big is not an int64');
        break;
      case 'Tags':
        if (!(d instanceof GoList) || !d.items.every((x) => typeof x === 'string'))
          throw new Error('T.Tags is not a string list');
        f.Tags = new GoList(d.items, 'string', d.nil);
        break;
      case 'Meta':
        if (!(d instanceof GoMap) || d.type !== 'map[string]interface {}')
          throw new Error('T.Meta is not a map');
        f.Meta = d;
        break;
      case 'Any':
        f.Any = d;
        break;
      default:
        throw new Error(`T has no field ${k}`);
    }
  }
  return f;
}

/** time.ParseDuration for the forms the cases use (units ns us µs ms s m h, fractions, sign). */
export function parseDuration(s: string): bigint {
  const units: Record<string, bigint> = {
    ns: 1n,
    us: 1000n,
    µs: 1000n,
    ms: 1_000_000n,
    s: 1_000_000_000n,
    m: 60_000_000_000n,
    h: 3_600_000_000_000n,
  };
  let rest = s;
  let neg = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  let total = 0n;
  const re = /^(\d*)(?:\.(\d*))?(ns|us|µs|ms|s|m|h)/;
  while (rest !== '') {
    const m = re.exec(rest);
    if (!m) throw new Error(`bad duration ${s}`);
    const unit = units[m[3]!]!;
    const whole = BigInt(m[1] || '0');
    const frac = m[2] ?? '';
    total += whole * unit;
    if (frac !== '') total += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    rest = rest.slice(m[0].length);
  }
  return neg ? -total : total;
}

// ---- case files ----------------------------------------------------------------------------

/** A differential case as written in test/template/cases/*.yaml (README.md there). */
export interface CaseSpec extends OracleCase {
  /** The file it came from (without directory). */
  file: string;
  /** Intent: the case must fail (true, or a substring of Go's error/panic text); absent: must succeed. */
  err?: boolean | string;
}

export const casesDir = join(repoRoot, 'test', 'template', 'cases');
/** Helm-mode function cases, one file per function category (file names are prefixed `funcs/`). */
export const funcsCasesDir = join(repoRoot, 'test', 'funcs', 'cases');

/**
 * Loads every case file. Defaults: mode go, root template "tpl" ("gotpl", the name of Helm's
 * root template, in mode helm), missingkey "zero" (Helm's); `missingkey: none` makes no Option
 * call (Go's own default). `defaults:` in a file applies to each of its cases. `prefix` is put
 * before each file name (to tell directories apart in test names).
 */
export async function loadCases(dir: string = casesDir, prefix = ''): Promise<CaseSpec[]> {
  const { parse } = await import('yaml');
  const out: CaseSpec[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  for (const file of files) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as {
      defaults?: Record<string, unknown>;
      cases?: Record<string, unknown>[];
    };
    if (!doc || !Array.isArray(doc.cases)) throw new Error(`${file}: no cases list`);
    const seen = new Set<string>();
    for (const raw of doc.cases) {
      const c = { ...(doc.defaults ?? {}), ...raw } as Record<string, unknown>;
      // Scalar names are taken as written (`name: true` is the case "true").
      const name = typeof c.name === 'boolean' || typeof c.name === 'number' ? String(c.name) : c.name;
      if (typeof name !== 'string' || name === '') throw new Error(`${file}: a case has no name`);
      if (seen.has(name)) throw new Error(`${file}: duplicate case name ${name}`);
      seen.add(name);
      if (typeof c.tpl !== 'string') throw new Error(`${file}: ${name}: tpl must be a string`);
      const known = new Set(['name', 'tpl', 'data', 'also', 'exec', 'missingkey', 'tname', 'mode', 'err']);
      for (const k of Object.keys(c))
        if (!known.has(k)) throw new Error(`${file}: ${name}: unknown key ${k}`);
      const mk = c.missingkey === undefined ? 'zero' : String(c.missingkey);
      if (c.mode !== undefined && c.mode !== 'go' && c.mode !== 'helm')
        throw new Error(`${file}: ${name}: mode must be go or helm`);
      const mode = c.mode === 'helm' ? 'helm' : 'go';
      const spec: CaseSpec = {
        file: prefix + file,
        name,
        mode,
        tname: typeof c.tname === 'string' ? c.tname : mode === 'helm' ? 'gotpl' : 'tpl',
        tpl: c.tpl,
        data: c.data ?? null,
      };
      if (mk !== 'none') spec.missingkey = mk;
      if (c.also !== undefined) {
        if (
          !Array.isArray(c.also) ||
          !c.also.every((a) => Array.isArray(a) && a.length === 2 && a.every((x) => typeof x === 'string'))
        ) {
          throw new Error(`${file}: ${name}: also must be a list of [name, text] pairs`);
        }
        spec.also = c.also as [string, string][];
      }
      if (c.exec !== undefined) spec.exec = String(c.exec);
      if (c.err !== undefined) {
        if (typeof c.err !== 'boolean' && typeof c.err !== 'string')
          throw new Error(`${file}: ${name}: err must be true or a string`);
        spec.err = c.err;
      }
      out.push(spec);
    }
  }
  return out;
}

/** The oracle's wire form of a case (no file or intent). */
export function toOracleCase(c: CaseSpec): OracleCase {
  const out: OracleCase = { name: c.name, tpl: c.tpl };
  if (c.mode !== undefined) out.mode = c.mode;
  if (c.tname !== undefined) out.tname = c.tname;
  if (c.also !== undefined) out.also = c.also;
  if (c.exec !== undefined) out.exec = c.exec;
  if (c.missingkey !== undefined) out.missingkey = c.missingkey;
  if (c.data !== undefined) out.data = c.data;
  return out;
}

/** Checks a result against the case's declared intent; returns a problem or undefined. */
export function intentProblem(c: CaseSpec, r: OracleResult): string | undefined {
  if (r.bad !== undefined) return `bad case: ${r.bad}`;
  const failed = r.err ?? r.panic;
  if (c.err === undefined || c.err === false) {
    if (failed !== undefined) return `expected success, Go failed: ${failed}`;
    return undefined;
  }
  if (failed === undefined) return `expected an error, Go printed ${JSON.stringify(r.out)}`;
  if (typeof c.err === 'string' && !failed.includes(c.err))
    return `expected an error containing ${JSON.stringify(c.err)}, got ${JSON.stringify(failed)}`;
  return undefined;
}
