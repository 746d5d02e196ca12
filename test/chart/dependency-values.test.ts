// coalescedView (the values dependency conditions and tags are read from, built copy-on-write)
// against coalesceValues (deep copies, compared with helm by test/values): on seeded random
// values and chart trees, the same tree (key order and map types too), the same warnings in the
// same order, the same errors; as processDependencyEnabled chains them (a subchart's call on
// its parent's result); and no input, nor the parent's result, is changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coalescedView } from '../../src/chart/dependency-values.js';
import { Chart } from '../../src/chart/chart.js';
import { GoList, GoMap, type Value } from '../../src/go/value.js';
import { coalesceValues } from '../../src/values/coalesce.js';

const SEED = Number(process.env.RUDDER_FUZZ_SEED ?? 11);
const ITERATIONS = Number(process.env.RUDDER_FUZZ_ITERATIONS ?? 1500);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Few keys, so that values, subchart names and globals collide often (global tables nested in
// both a chart and its subchart's values are where Helm's copies share inner tables).
const KEYS = ['a', 'b', 'global', 'global', 'global', 's1', 's2', 'x'];
const NAMES = ['s1', 's2', 'a', 'x'];

function gen(r: () => number): { vals: GoMap; chart: Chart } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const scalar = (): Value => pick<Value>([null, 1, 'str', true, false, 0]);
  const value = (depth: number): Value => {
    const p = r();
    if (depth < 4 && p < 0.45) return table(depth + 1);
    if (p < 0.5) return new GoList([scalar(), depth < 3 ? table(depth + 1) : 2]);
    if (p < 0.53) return new GoMap(new Map([['k', 'v']]), 'map[string]string', 'string');
    return scalar();
  };
  const table = (depth: number): GoMap => {
    const m = new Map<string, Value>();
    const n = Math.floor(r() * 4);
    for (let i = 0; i < n; i++) m.set(pick(KEYS), value(depth));
    return new GoMap(m);
  };
  const chart = (name: string, depth: number): Chart => {
    const c = new Chart({ name, version: '0.1.0', apiVersion: 'v2' }, table(0));
    const n = depth < 3 ? Math.floor(r() * 3) : 0;
    for (let i = 0; i < n; i++) {
      const sub = chart(pick(NAMES), depth + 1);
      c.addDependency(sub);
      // The same chart (same values object) twice, as aliases are.
      if (r() < 0.2) {
        const alias = sub.clone();
        alias.metadata.name = pick(NAMES);
        c.addDependency(alias);
      }
    }
    return c;
  };
  return { vals: table(0), chart: chart('root', 0) };
}

function dump(v: Value | undefined): string {
  if (v instanceof GoMap) {
    const parts: string[] = [];
    v.entries.forEach((x, k) => parts.push(`${k}:${dump(x)}`));
    return `${v.type}${v.nil ? '(nil)' : ''}{${parts.join(',')}}`;
  }
  if (v instanceof GoList) return `[${v.items.map(dump).join(',')}]`;
  return `${typeof v}:${String(v)}`;
}

const valuesOf = (c: Chart): string => dump(c.values) + c.dependencies.map(valuesOf).join('|');

interface Outcome {
  tree?: GoMap;
  error?: string;
  warnings: string[];
}

function run(f: (warn: (m: string) => void) => GoMap): Outcome {
  const warnings: string[] = [];
  try {
    return { tree: f((m) => warnings.push(m)), warnings };
  } catch (e) {
    return { error: (e as Error).message, warnings };
  }
}

test('coalescedView builds what coalesceValues builds, without changing its inputs', () => {
  const r = rng(SEED);
  let compared = 0;
  let errors = 0;
  let warned = 0;
  const check = (chart: Chart, refIn: GoMap, viewIn: GoMap, where: string): void => {
    const before = dump(viewIn);
    const charts = valuesOf(chart);
    const ref = run((w) => coalesceValues(chart, refIn, w));
    const view = run((w) => coalescedView(chart, viewIn, w));
    compared++;
    assert.equal(view.error, ref.error, where);
    assert.deepEqual(view.warnings, ref.warnings, where);
    assert.equal(dump(view.tree), dump(ref.tree), where);
    assert.equal(dump(viewIn), before, `${where}: input changed`);
    assert.equal(valuesOf(chart), charts, `${where}: chart values changed`);
    if (ref.error !== undefined) errors++;
    if (ref.warnings.length > 0) warned++;
    // A subchart's call reads its parent's result, as processDependencyEnabled passes it.
    if (ref.tree !== undefined)
      for (const d of chart.dependencies) check(d, ref.tree, view.tree!, `${where}/${d.name}`);
  };
  for (let i = 0; i < ITERATIONS; i++) {
    const { vals, chart } = gen(r);
    check(chart, vals, vals, `seed ${SEED} iteration ${i}`);
  }
  console.log(`dependency-values: ${compared} calls equal (${errors} errors, ${warned} with warnings)`);
  // The generator must reach the cases that matter.
  assert.ok(errors > 20 && warned > 200, `${errors} errors, ${warned} warned`);
});

test("a subchart's global tables change its parent's, as Helm's one-level copy shares them", () => {
  const t = (rec: Record<string, Value>): GoMap => new GoMap(new Map(Object.entries(rec)));
  const sub = new Chart(
    { name: 's1', version: '0.1.0', apiVersion: 'v2' },
    t({ global: t({ a: t({ b: t({ fromSub: 1 }) }) }) }),
  );
  const leaf = new Chart({ name: 's2', version: '0.1.0', apiVersion: 'v2' }, t({}));
  sub.addDependency(leaf);
  const root = new Chart(
    { name: 'root', version: '0.1.0', apiVersion: 'v2' },
    t({ global: t({ a: t({ b: t({ own: 1 }) }) }) }),
  );
  root.addDependency(sub);
  const vals = t({ s1: t({ global: t({ a: t({ b: t({ set: 2 }) }) }) }) });
  const ref = coalesceValues(root, vals);
  const view = coalescedView(root, vals, () => {});
  assert.equal(dump(view), dump(ref));
  // The root's own global.a.b has the keys its subchart brought.
  assert.match(
    dump(((view.get('global') as GoMap).get('a') as GoMap).get('b') as GoMap),
    /fromSub.*set|set.*fromSub/,
  );
});
