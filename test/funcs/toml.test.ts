// toToml / mustToToml / fromToml against outputs observed from BurntSushi/toml v1.6.0 (Go 1.26),
// called as Helm 4.3.2's funcs.go calls it. fixtures/toml.json was produced by a throwaway Go
// program from a table of typed values (a small DSL, see build) and TOML documents.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GoDuration, GoTime } from '../../src/funcs/dates.js';
import { UTC, localLocation, parseTime } from '../../src/funcs/timefmt.js';
import { fromToml, mustToToml, toToml } from '../../src/funcs/toml.js';
import { formatFloat } from '../../src/go/strconv/format.js';
import {
  GoComplex,
  GoError,
  GoInt,
  GoList,
  GoMap,
  mapOf,
  utf8Encode,
  type IntKind,
  type Value,
} from '../../src/go/value.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Fixture {
  encode: { in: Json; want: { out?: string; err?: string; panic?: string } }[];
  decode: { in: string; want: Json }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/toml.json', import.meta.url), 'utf8')) as Fixture;

const negNaN = (): number => {
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, NaN);
  d.setUint8(0, d.getUint8(0) | 0x80);
  return d.getFloat64(0);
};
const nanSign = (f: number): boolean => {
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, f);
  return d.getUint8(0) >= 0x80;
};
const SPECIAL: Record<string, number> = {
  NaN: NaN,
  '-NaN': negNaN(),
  '+Inf': Infinity,
  '-Inf': -Infinity,
  '-0': -0,
};

/** Builds a typed Go value from the fixture's DSL (mirrors the Go program's build). */
function build(j: Json): Value {
  if (j === null || typeof j === 'boolean' || typeof j === 'string' || typeof j === 'number') return j;
  if (Array.isArray(j)) throw new Error('bare array in DSL');
  if ('f' in j) return SPECIAL[j.f as string] ?? Number(j.f);
  if ('i' in j) return new GoInt(j.i as IntKind, BigInt(j.v as string));
  if ('l' in j) {
    const elem = (j.e as string | undefined) ?? 'interface {}';
    return j.l === null ? new GoList([], elem, true) : new GoList((j.l as Json[]).map(build), elem);
  }
  if ('m' in j) {
    const elem = (j.e as string | undefined) ?? 'interface {}';
    const entries = new Map<string, Value>(
      j.m === null ? [] : Object.entries(j.m as Record<string, Json>).map(([k, v]) => [k, build(v)]),
    );
    return new GoMap(entries, `map[string]${elem}`, elem, j.m === null);
  }
  if ('b' in j) return utf8Encode(j.b as string);
  if ('time' in j)
    return new GoTime(
      parseTime('2006-01-02T15:04:05.999999999Z07:00', j.time as string, UTC, localLocation()),
    );
  if ('dur' in j) return new GoDuration(BigInt(j.dur as string));
  if ('c' in j) {
    const [re, im] = j.c as number[];
    return new GoComplex(re!, im!);
  }
  throw new Error(`bad DSL ${JSON.stringify(j)}`);
}

const fmtFloat = (f: number): string =>
  Number.isNaN(f)
    ? nanSign(f)
      ? '-NaN'
      : 'NaN'
    : Object.is(f, -0)
      ? '-0'
      : f === Infinity
        ? '+Inf'
        : f === -Infinity
          ? '-Inf'
          : formatFloat(f, 'g', -1, 64);

/** Describes a decoded value with its Go type, in the Go program's tagged form. */
function describe(v: Value): Json {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return { float64: fmtFloat(v) };
  if (v instanceof GoInt) {
    assert.equal(v.kind, 'int64');
    return { int64: v.v.toString() };
  }
  if (v instanceof GoTime) return { time: v.format('2006-01-02T15:04:05.999999999Z07:00'), loc: v.loc.name };
  if (v instanceof GoList) {
    const items = v.items.map(describe);
    if (v.elem === 'map[string]interface {}') return { tables: items };
    assert.equal(v.elem, 'interface {}');
    return { list: items };
  }
  if (v instanceof GoMap) {
    assert.equal(v.type, 'map[string]interface {}');
    const keys = [...v.entries.keys()].sort();
    return { map: Object.fromEntries(keys.map((k) => [k, describe(v.entries.get(k)!)])) };
  }
  throw new Error(`unexpected decoded value ${String(v)}`);
}

test('fixture size', () => {
  assert.ok(fixture.encode.length >= 150, `${fixture.encode.length} encode cases`);
  assert.ok(fixture.decode.length >= 40, `${fixture.decode.length} decode cases`);
});

test('toToml and mustToToml match BurntSushi/toml', () => {
  const failures: string[] = [];
  for (const c of fixture.encode) {
    const v = build(c.in);
    const label = JSON.stringify(c.in);
    try {
      if (c.want.out !== undefined) {
        const got = toToml(v);
        if (got !== c.want.out)
          failures.push(`${label}: got ${JSON.stringify(got)} want ${JSON.stringify(c.want.out)}`);
        if (mustToToml(v) !== c.want.out) failures.push(`${label}: mustToToml differs`);
      } else if (c.want.err !== undefined) {
        // toToml returns the error text; mustToToml raises it.
        const got = toToml(v);
        if (got !== c.want.err)
          failures.push(`${label}: got ${JSON.stringify(got)} want error ${JSON.stringify(c.want.err)}`);
        assert.throws(
          () => mustToToml(v),
          (e: unknown) => e instanceof GoError && e.message === c.want.err,
          label,
        );
      } else {
        // A Go panic (not an encoder error) escapes both functions.
        assert.throws(
          () => toToml(v),
          (e: unknown) => e instanceof Error && e.message === c.want.panic,
          label,
        );
        assert.throws(
          () => mustToToml(v),
          (e: unknown) => e instanceof Error && e.message === c.want.panic,
          label,
        );
      }
    } catch (e) {
      failures.push(`${label}: threw ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('fromToml matches BurntSushi/toml', () => {
  const failures: string[] = [];
  for (const c of fixture.decode) {
    try {
      const got = describe(fromToml(c.in));
      try {
        assert.deepEqual(got, c.want);
      } catch {
        failures.push(`${JSON.stringify(c.in)}: got ${JSON.stringify(got)} want ${JSON.stringify(c.want)}`);
      }
    } catch (e) {
      failures.push(`${JSON.stringify(c.in)}: threw ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('Helm docs examples', () => {
  assert.equal(toToml(mapOf({ foo: 'bar' })), 'foo = "bar"\n');
  assert.equal(toToml(mapOf({ a: mapOf({ b: int64(1) }) })), '[a]\n  b = 1\n');
  const m = fromToml('hello = "world"\n[n]\nx = 1');
  assert.equal(m.get('hello'), 'world');
  assert.ok(m.get('n') instanceof GoMap);
  assert.equal(fromToml('a = ').get('Error'), 'toml: line 1 (last key "a"): unexpected EOF; expected value');
});

test('round trip of a decoded document', () => {
  const doc =
    'a = 1\nb = [1.5, "x", -nan]\n\n[[arr]]\n  e = "f"\n\n[t]\n  c = true\n  d = 1979-05-27T07:32:00Z\n  l = 1979-05-27T07:32:00\n';
  assert.equal(toToml(fromToml(doc)), doc);
});

function int64(n: number): GoInt {
  return new GoInt('int64', BigInt(n));
}
