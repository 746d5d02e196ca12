// Seeded fuzzing of the template lexer and parser (issue 14): mutated Helm-style templates are
// parsed the way a chart's templates are (newHelmTemplate: Helm's function names, its options).
// Property: a tree, or a ParseError worded as Go's (`template: NAME:LINE: …`) — never a JS
// engine error, never a stack message, never slow. A differential sample then sends a few dozen
// mutated templates to the Go template oracle (tools/gotmpl, helm mode): a template Go refuses
// at parse time must be refused by us with the same first line, and one Go parses must parse here.
// Longer runs: see harness.ts (RUDDER_FUZZ_ITERATIONS, RUDDER_FUZZ_SEED).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newHelmTemplate } from '../../src/render/engine.js';
import { ParseError } from '../../src/template/index.js';
import { runOracle, type OracleCase } from '../support/oracle.js';
import { checkThrown, fuzz, Gen, ITERATIONS, mutateText, random, SEED } from './harness.js';

const SEEDS = [
  '{{- define "app.name" -}}{{ default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}{{- end }}\n' +
    'name: {{ include "app.name" . }}\n',
  'apiVersion: v1\nkind: ConfigMap\ndata:\n{{- range $k, $v := .Values.data }}\n  {{ $k }}: {{ $v | quote }}\n{{- end }}\n',
  '{{ if and .Values.a (not .Values.b) }}a{{ else if eq .Values.c "x" }}c{{ else }}d{{ end }}',
  '{{ with .Values.image }}{{ .repository }}:{{ .tag | default "latest" }}{{ end }}',
  '{{/* a comment */}}{{ $x := 1 }}{{ $x = add $x 2 }}{{ printf "%d-%s" $x `raw` }}',
  '{{ range $i, $e := until 3 }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $e }}{{ break }}{{ end }}',
  '{{ block "b" . }}default {{ .Values.x }}{{ end }}{{ template "b" .Values }}',
  "{{ (index .Values.list 0).name }} {{ 'c' }} {{ 0x1F }} {{ 1e3 }} {{ -2.5i }} {{ nil }} {{ true }}",
  '{{ toYaml .Values | nindent 4 }}\n{{- tpl .Values.tmpl . }}\n{{ .Values.a.b.c }}',
  '{{- /* trim */ -}}\n{{ $.Release.Name }}{{ .Capabilities.KubeVersion.Version }}',
];
const CHARS = [
  ...'{}()|$.,:=-"\'`/*\n \t0aZ_!#%@\\',
  '{{',
  '}}',
  '{{-',
  '-}}',
  ' end ',
  ' else ',
  ' if ',
  ' range ',
  ' with ',
  ' define "x" ',
  ' template ',
  ' block "y" . ',
  ' break ',
  ' continue ',
  ':=',
  '/*',
  '*/',
];

/** Helm's function table on our side, as a chart's templates are parsed. */
function parseHelm(text: string): void {
  const t = newHelmTemplate();
  t.parse(text);
}

fuzz(
  'template lexer and parser',
  (g) => mutateText(g, g.pick(SEEDS), CHARS),
  (text) => {
    try {
      parseHelm(text);
    } catch (e) {
      checkThrown(e);
      assert.ok(e instanceof ParseError, `not a ParseError: ${(e as Error).name}: ${(e as Error).message}`);
      assert.match(e.message, /^template: [^\n]*?:\d+: /, `not Go-style: ${e.message}`);
    }
  },
  (t) => t,
);

/** A parse error's first line as Go words it; undefined when Go's error is from execution. */
function goParseError(err: string | undefined): string | undefined {
  if (err === undefined) return undefined;
  const first = err.split('\n')[0]!;
  // Parse errors carry `NAME:LINE: `; execution errors `NAME:LINE:COL: executing …` or none.
  return /^template: gotpl:\d+: /.test(first) ? first : undefined;
}

// Small mutations only (no deep piles): the oracle executes what parses, so keep it cheap.
const DIFF_CHARS = CHARS.filter((c) => c.length <= 3);
const DIFF_COUNT = Math.max(48, Math.min(400, Math.floor(ITERATIONS / 6)));

test(
  `fuzz: template parse errors against Go's (${DIFF_COUNT} inputs, seed ${SEED})`,
  { timeout: 600_000 },
  () => {
    const g = new Gen(random(SEED * 104_729 + 11));
    const texts: string[] = [];
    while (texts.length < DIFF_COUNT) {
      let s = g.pick(SEEDS);
      const rounds = 1 + g.int(3);
      for (let r = 0; r < rounds; r++) {
        const at = g.int(s.length + 1);
        const op = g.int(3);
        // Spaces and newlines mostly keep a template valid; other characters and cuts mostly break it.
        if (op === 0) s = s.slice(0, at) + g.pick([' ', '\n', ' ', 'x']) + s.slice(at);
        else if (op === 1) s = s.slice(0, at) + g.pick(DIFF_CHARS) + s.slice(at);
        else s = s.slice(0, at) + s.slice(at + 1 + g.int(4));
      }
      // A sample where about half fail to parse; the templates that parse only execute cheap calls.
      if (/\b(tpl|include|template|block)\b/.test(s) && g.int(2) === 0) continue;
      texts.push(s);
    }
    const cases: OracleCase[] = texts.map((tpl, i) => ({
      name: `fuzz-${i}`,
      mode: 'helm',
      tname: 'gotpl',
      tpl,
      missingkey: 'zero',
      data: { Values: { a: 1, data: { k: 'v' }, list: [{ name: 'n' }], image: { repository: 'r' } } },
    }));
    const results = runOracle(cases);
    let goRefused = 0;
    const problems: string[] = [];
    texts.forEach((tpl, i) => {
      const r = results[i]!;
      assert.equal(r.bad, undefined, `oracle could not run ${JSON.stringify(tpl)}: ${r.bad}`);
      const want = goParseError(r.err);
      let got: string | undefined;
      try {
        parseHelm(tpl);
      } catch (e) {
        checkThrown(e);
        assert.ok(e instanceof ParseError, `not a ParseError: ${String(e)}`);
        got = e.message.split('\n')[0];
      }
      if (want !== undefined) goRefused++;
      if (want !== got)
        problems.push(
          `${JSON.stringify(tpl)}\n  go:   ${want ?? `parsed (${r.err ?? 'ok'})`}\n  ours: ${got ?? 'parsed'}`,
        );
    });
    assert.deepEqual(
      problems,
      [],
      `${problems.length} of ${texts.length} differ from Go:\n${problems.join('\n')}`,
    );
    // The sample must exercise both sides, or it proves little.
    assert.ok(goRefused >= texts.length / 6, `only ${goRefused} of ${texts.length} refused by Go`);
    assert.ok(goRefused <= (texts.length * 5) / 6, `${goRefused} of ${texts.length} refused by Go`);
  },
);
