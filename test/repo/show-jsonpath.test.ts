// `show values --jsonpath` as helm v4.3.2 prints it (client-go JSONPath over the chart's values):
// scalars as %v of YAML's float64 numbers (1e+06), maps and lists as JSON, negative indexes, `{}`,
// text around actions, missing paths emptying the whole output, the unclosed-action error,
// filter comparisons that Go refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helm, rudder } from './support.js';

test('show values --jsonpath on a chart with odd values, as helm', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'jsonpath-'));
  const env = cleanEnv();
  assert.equal((await helm(['create', 'c'], env, cwd)).code, 0);
  appendFileSync(
    join(cwd, 'c', 'values.yaml'),
    'm: 5\nnn: 1000000\nbig: 12345678901234567890\nneg: -3\nfl: 1e21\nf: 1.5\nz: null\n' +
      'l: [1, "a", {x: 1}]\ns: "<&>"\nn: x\n' +
      'ports: [{name: a, port: 80, on: true}, {name: b, port: 443, on: false}]\n',
  );
  const templates = [
    '{.replicaCount}',
    '{.nn}',
    '{.big}',
    '{.neg}',
    '{.fl}',
    '{.n}',
    '{.f}',
    '{.z}',
    '{.l}',
    '{.l[1]}',
    '{.l[-1]}',
    '{.l[5]}',
    '{.s}',
    'a{.m}b',
    '{.m} {.neg}',
    '{.image.tag}',
    '{.podAnnotations}',
    '{.nope}x',
    '{}',
    '{',
    'a}b',
    '{ .image.repository }',
    '{$.service.port}',
    '{.l[2].x}',
    // Filters: comparisons Go refuses (kinds that differ, bools ordered) fail the whole template
    // (helm prints nothing) rather than leaving items out; 100 is an int, YAML's 443 a float64.
    '{.ports[?(@.port>=100.0)].name}',
    '{.ports[?(@.port>=100)].name}',
    '{.ports[?(@.name>=1)].name}',
    '{.ports[?(@.name!=1)].name}',
    '{.ports[?(@.port<"x")].name}',
    '{.ports[?(@.on<true)].name}',
    '{.ports[?(@.on==true)].name}',
    '{.ports[?(@.name<"b")].port}',
  ];
  for (const t of templates) {
    const args = ['show', 'values', 'c', '--jsonpath', t];
    const [h, r] = await Promise.all([helm(args, env, cwd), rudder(args, env, cwd)]);
    assert.equal(r.stdout, h.stdout, `${t}: stdout`);
    assert.equal(r.stderr, h.stderr, `${t}: stderr`);
    assert.equal(r.code, h.code, `${t}: exit code`);
  }
});
