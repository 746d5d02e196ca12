// Differential tests of the template engine against Go's text/template (the Go oracle in
// tools/gotmpl). Every case in test/template/cases/*.yaml and test/funcs/cases/*.yaml runs
// through both; output and error text must be identical. Expected results are never stored:
// both engines run live. One test per case, named `<file>: <case name>`.
// Mode go cases use the test FuncMap; mode helm cases use Helm's FuncMap, on our side through
// newHelmTemplate (src/render/engine.ts) with a fixed clock and a seeded random source.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Template, TemplateError } from '../../src/template/index.js';
import {
  OracleMissingError,
  decodeData,
  funcsCasesDir,
  helmFuncNames,
  intentProblem,
  loadCases,
  oraclePath,
  runOracle,
  toOracleCase,
  type CaseSpec,
  type OracleResult,
} from '../support/oracle.js';
import { testFuncs } from '../support/testfuncs.js';
import { newHelmTemplate } from '../../src/render/engine.js';
import type { FuncEnv } from '../../src/funcs/env.js';

// Go's time.Local for both engines: the oracle inherits this process's environment, and our
// date functions read $TZ when called. A zone with DST and a non-zero offset catches more.
process.env.TZ = 'America/New_York';

/** A fixed clock (2024-03-10T12:34:56.789Z) and a seeded byte stream (xorshift32). */
function fixedFuncEnv(): FuncEnv {
  let x = 0x9e3779b9;
  return {
    now: () => new Date(Date.UTC(2024, 2, 10, 12, 34, 56, 789)),
    randomBytes: (n: number) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        out[i] = x & 0xff;
      }
      return out;
    },
  };
}

type Ours = { out: string } | { err: string; kind: string; templateError: boolean };

/**
 * Mode helm, mirroring the oracle's `template.New(tname)` → `initFunMap` → `Option` → `Parse`:
 * newHelmTemplate is the set `gotpl` with Helm's functions bound to it (and missingkey=zero
 * already set), so the root is parsed into it when tname is gotpl (the default for helm cases);
 * another tname is parsed with t.new(tname) and executed by name (only the set's name, as seen in
 * "no template … associated with template" and in tpl's parse name, then differs from Go).
 */
function runOursHelm(c: CaseSpec, data: ReturnType<typeof decodeData>): string {
  const t = newHelmTemplate({ funcEnv: fixedFuncEnv() });
  // No Option call in Go means Go's default, which is missingkey=default (the same as invalid).
  t.option(`missingkey=${c.missingkey ?? 'default'}`);
  const root = c.tname === undefined || c.tname === 'gotpl' ? t.parse(c.tpl) : t.new(c.tname).parse(c.tpl);
  for (const [name, text] of c.also ?? []) t.new(name).parse(text);
  if (c.exec !== undefined) return t.executeTemplate(c.exec, data);
  return root === t ? t.execute(data) : t.executeTemplate(root.name, data);
}

/** Runs one case through our engine, in the same order of calls as the oracle. */
function runOurs(c: CaseSpec): Ours {
  const data = decodeData(c.data);
  try {
    if (c.mode === 'helm') return { out: runOursHelm(c, data) };
    const t = new Template(c.tname ?? 'tpl', { funcs: testFuncs() });
    if (c.missingkey !== undefined) t.option(`missingkey=${c.missingkey}`);
    t.parse(c.tpl);
    for (const [name, text] of c.also ?? []) t.new(name).parse(text);
    const out = c.exec !== undefined ? t.executeTemplate(c.exec, data) : t.execute(data);
    return { out };
  } catch (e) {
    if (e instanceof Error)
      return { err: e.message, kind: e.constructor.name, templateError: e instanceof TemplateError };
    return { err: String(e), kind: typeof e, templateError: false };
  }
}

const show = (s: string): string => JSON.stringify(s);
const LONG = 400;

/** A long text shortened to its start and end, with its length. */
function clip(s: string): string {
  if (s.length <= LONG) return show(s);
  return `${show(s.slice(0, LONG / 2))} … ${show(s.slice(-LONG / 2))} (${s.length} chars)`;
}

/** Where two long texts first differ, with some context on each side. */
function firstDifference(a: string, b: string): string | undefined {
  if (a.length <= LONG && b.length <= LONG) return undefined;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 80);
  return `first difference at ${i}: go ${show(a.slice(from, i + 120))} / ours ${show(b.slice(from, i + 120))}`;
}

function describe(c: CaseSpec, go: OracleResult, ours: Ours): string {
  const lines = [`template: ${show(c.tpl)}`];
  for (const [n, t] of c.also ?? []) lines.push(`also ${show(n)}: ${show(t)}`);
  if (c.data !== null && c.data !== undefined) {
    const d = JSON.stringify(c.data);
    lines.push(`data: ${d.length > 300 ? `${d.slice(0, 300)}…` : d}`);
  }
  if (c.exec !== undefined) lines.push(`exec: ${show(c.exec)}`);
  if (c.tname !== undefined && c.tname !== 'tpl' && c.tname !== 'gotpl')
    lines.push(`tname: ${show(c.tname)}`);
  if (c.missingkey !== 'zero') lines.push(`missingkey: ${c.missingkey ?? '(not set)'}`);
  const goText =
    go.out !== undefined
      ? `out ${clip(go.out)}`
      : go.err !== undefined
        ? `err ${clip(go.err)}`
        : `panic ${clip(go.panic ?? '')}`;
  const ourText = 'out' in ours ? `out ${clip(ours.out)}` : `${ours.kind} ${clip(ours.err)}`;
  lines.push(`go:   ${goText}`, `ours: ${ourText}`);
  const diff = firstDifference(go.out ?? go.err ?? go.panic ?? '', 'out' in ours ? ours.out : ours.err);
  if (diff !== undefined) lines.push(diff);
  return lines.join('\n');
}

let cases: CaseSpec[] = [];
let results: OracleResult[] = [];
let setupError: Error | undefined;
try {
  cases = [...(await loadCases()), ...(await loadCases(funcsCasesDir, 'funcs/'))];
  results = runOracle(cases.map(toOracleCase));
} catch (e) {
  setupError = e instanceof Error ? e : new Error(String(e));
}

if (setupError !== undefined) {
  const err = setupError;
  test('differential: Go oracle available', () => {
    const hint =
      err instanceof OracleMissingError
        ? ''
        : ' (if the oracle is missing or stale, run tools/gotmpl/build.sh)';
    assert.fail(`${err.message}${hint}`);
  });
} else {
  test('differential: the case corpus is large enough', () => {
    const count = (mode: string) => {
      const idx = cases.flatMap((c, i) => ((c.mode ?? 'go') === mode ? [i] : []));
      const failing = idx.filter((i) => results[i]!.err !== undefined || results[i]!.panic !== undefined);
      return [idx.length, failing.length] as const;
    };
    const [goCases, goFailing] = count('go');
    assert.ok(goCases >= 500, `only ${goCases} go-mode cases`);
    assert.ok(goFailing >= 100, `only ${goFailing} go-mode error cases`);
    const [helmCases, helmFailing] = count('helm');
    assert.ok(helmCases >= 1500, `only ${helmCases} helm-mode cases`);
    assert.ok(helmFailing >= 250, `only ${helmFailing} helm-mode error cases`);
  });

  test('differential: Helm function names come from the oracle', () => {
    const names = helmFuncNames(oraclePath());
    for (const n of [
      'include',
      'tpl',
      'required',
      'toYaml',
      'fromYaml',
      'toJson',
      'lookup',
      'default',
      'dict',
    ]) {
      assert.ok(names.includes(n), `missing ${n}`);
    }
    for (const n of ['env', 'expandenv']) assert.ok(!names.includes(n), `${n} must not be in Helm's FuncMap`);
    assert.deepEqual(names, [...names].sort(), 'names are sorted');
  });

  test('differential: the oracle runs Helm v4.3.2 functions in helm mode', () => {
    const helm = (tpl: string, data: unknown, also?: [string, string][]): OracleResult =>
      runOracle([
        { name: 'helm', mode: 'helm', tpl, data, missingkey: 'zero', ...(also ? { also } : {}) },
      ])[0]!;
    assert.deepEqual(helm('{{ toYaml . }}', { a: [1, 2] }), { out: 'a:\n- 1\n- 2' });
    assert.deepEqual(helm('{{ include "x" 3 }}', null, [['x', 'X{{ . }}']]), { out: 'X3' });
    assert.deepEqual(helm('{{ typeOf .v }}', { v: { $map: { a: 1 }, $type: 'common.Values' } }), {
      out: 'common.Values',
    });
    assert.match(
      helm('{{ required "need it" .missing }}', {}).err ?? '',
      /error calling required: HELM_ERR_STARTneed itHELM_ERR_END$/,
    );
    assert.match(helm('{{ env "HOME" }}', null).err ?? '', /function "env" not defined/);
  });

  cases.forEach((c, i) => {
    const go = results[i]!;
    test(`${c.file}: ${c.name}`, () => {
      // The case must do what it says (fail or succeed in Go), so a case that drifted is noticed.
      const problem = intentProblem(c, go);
      if (problem !== undefined)
        assert.fail(`case intent: ${problem}\n${describe(c, go, { out: '(not run)' })}`);
      const ours = runOurs(c);
      if (go.out !== undefined) {
        if (!('out' in ours) || ours.out !== go.out) assert.fail(`output differs\n${describe(c, go, ours)}`);
      } else {
        const want = go.err ?? go.panic ?? '';
        if ('out' in ours) assert.fail(`Go fails, ours printed\n${describe(c, go, ours)}`);
        if (ours.err !== want) assert.fail(`error text differs\n${describe(c, go, ours)}`);
        // Go's template errors are TemplateErrors; a Go panic (Option misuse) may be any Error.
        if (go.err !== undefined && !ours.templateError)
          assert.fail(`not a TemplateError\n${describe(c, go, ours)}`);
      }
    });
  });
}
