// Runs a batch of YAML/JSON cases through the Go oracle (tools/yamloracle) in one process.
// Values travel in a small typed JSON form so Go sees the same dynamic types we hold.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GoInt, GoList, GoMap, GoObject, type IntKind, type Value } from '../../src/go/value.js';

export type OracleOp =
  | 'toYaml'
  | 'mustToYaml'
  | 'toYamlPretty'
  | 'toJson'
  | 'mustToJson'
  | 'toRawJson'
  | 'toPrettyJson'
  | 'fromYaml'
  | 'fromYamlArray'
  | 'fromJson'
  | 'fromJsonArray'
  | 'yamlUnmarshal'
  | 'jsonUnmarshal'
  | 'loadValues'
  /** json.Decoder.Decode of the first value: value and InputOffset (bytes) as `out`. */
  | 'jsonDecode'
  /** sigs.k8s.io/yaml.Unmarshal into struct { s string; l []string; m map[string]string }. */
  | 'stringFields';

export interface OracleCase {
  op: OracleOp;
  /** A Value for the to* ops, a text for the parsing ops. */
  in: Value;
}

export type OracleResult =
  { out: string } | { value: Value } | { value: Value; out: string } | { err: string };

type Typed = null | boolean | string | number | Typed[] | { [k: string]: Typed };

const buildScript = fileURLToPath(new URL('../../tools/yamloracle/build.sh', import.meta.url));
let binary: string | undefined;

/** Path of the built oracle (built on first use, cached across runs by build.sh). */
export function oraclePath(): string {
  binary ??= execFileSync('bash', [buildScript], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return binary;
}

export function runOracle(cases: readonly OracleCase[]): OracleResult[] {
  const input = JSON.stringify(cases.map((c) => ({ op: c.op, in: toTyped(c.in) })));
  const out = execFileSync(oraclePath(), { input, encoding: 'utf8', maxBuffer: 256 << 20 });
  const raw = JSON.parse(out) as { out?: string; value?: Typed; isNil?: boolean; err?: string }[];
  return raw.map((r): OracleResult => {
    if (r.err !== undefined) return { err: r.err };
    if (r.out !== undefined && (r.value !== undefined || r.isNil === true))
      return { value: r.isNil ? null : fromTyped(r.value ?? null), out: r.out };
    if (r.out !== undefined) return { out: r.out };
    return { value: r.isNil ? null : fromTyped(r.value ?? null) };
  });
}

/** A Go struct with exported fields, for JSON/YAML struct encoding tests. */
export class TestStruct extends GoObject {
  readonly goType = 'struct { … }';
  readonly goKind = 'struct' as const;
  constructor(private readonly fs: [string, Value][]) {
    super();
  }
  override fields(): [string, Value][] {
    return this.fs;
  }
}

function toTyped(v: Value): Typed {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isFinite(v) && !Object.is(v, -0)) return v;
    return { $f: Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf' };
  }
  if (v instanceof GoInt) return { $i: v.v.toString(), k: v.kind };
  if (v instanceof Uint8Array) return { $b: Buffer.from(v).toString('base64') };
  if (v instanceof GoList) return { $l: v.items.map(toTyped), e: v.elem, nil: v.nil };
  if (v instanceof GoMap) {
    const o: { [k: string]: Typed } = Object.create(null) as { [k: string]: Typed };
    for (const [k, x] of v.entries) o[k] = toTyped(x);
    return { $m: v.nil ? null : o, e: v.elem };
  }
  if (v instanceof TestStruct) return { $s: v.fields().map(([k, x]) => [k, toTyped(x)]) };
  throw new Error(`oracle: cannot encode ${String(v)}`);
}

function fromTyped(t: Typed): Value {
  if (t === null || typeof t !== 'object') return t;
  if (Array.isArray(t)) return new GoList(t.map(fromTyped));
  if ('$f' in t) return Number(t.$f === '+Inf' ? Infinity : t.$f === '-Inf' ? -Infinity : t.$f);
  if ('$i' in t) return new GoInt(t.k as IntKind, BigInt(t.$i as string));
  if ('$l' in t) return new GoList((t.$l as Typed[]).map(fromTyped));
  if ('$m' in t) {
    const m = new Map<string, Value>();
    for (const [k, x] of Object.entries(t.$m as { [k: string]: Typed })) m.set(k, fromTyped(x));
    return new GoMap(m);
  }
  throw new Error(`oracle: cannot decode ${JSON.stringify(t)}`);
}
