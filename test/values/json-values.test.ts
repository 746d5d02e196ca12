// Values files written as JSON (pretty-printed, compact) and as multi-line flow YAML, passed to
// -f and as a chart's values.yaml: rudder's `template` output, errors and exit codes equal helm
// v4.3.2's. These are what the fast YAML reader's flow collections (src/yaml/fast-flow.ts) read;
// the last cases are ones it leaves to the full reader (go-yaml errors, duplicate keys).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { FAST_BAIL, fastParseYaml } from '../../src/yaml/fast.js';
import {
  type Case,
  VALUES_TEMPLATE,
  WALK_TEMPLATE,
  report,
  runCases,
  tempDir,
  writeTree,
} from './support.js';

const work = tempDir('rvals-json-');
after(() => rmSync(work, { recursive: true, force: true }));

const big: Record<string, unknown> = {};
for (let i = 0; i < 40; i++)
  big['k' + i] = {
    name: 'item-' + i,
    port: 8000 + i - 20,
    enabled: i % 2 === 0,
    tags: ['a', 'b', String(i), ''],
    empty: i % 3 ? {} : [],
    nested: { x: i * 1.5 - 10, y: `str "q" \\ ${i} é\u4e2d\t`, z: null, big: 2 ** 60 + i, e: 1e21 },
  };

const files: Record<string, string> = {
  'pretty.json': JSON.stringify(big, null, 2) + '\n',
  'compact.json': JSON.stringify(big),
  'tabbed.json': JSON.stringify({ a: { b: [1, { c: 'd' }] }, nested: { y: 'over' } }, null, '\t'),
  'flow.yaml': [
    'image: {',
    '  repository: "nginx", tag: 1.25,   # a comment',
    '  pullPolicy: IfNotPresent,',
    '}',
    'ports: [',
    '  {name: http, port: 80},',
    "  {name: 'https', port: 443,},",
    ']',
    'env: {A: "x\\u00e9\\r\\n", B: -1.5e3,',
    '      C: [',
    '        true, no, ~,',
    '      ]}',
    '',
  ].join('\n'),
  'surrogate.json': '{\n  "a": "\\ud83d\\ude00"\n}\n',
  'slash.json': '{\n  "a": "a\\/b"\n}\n',
  'dup.json': '{\n  "a": 1,\n  "a": 2\n}\n',
  'unclosed.json': '{\n  "a": [1, 2\n}\n',
};

writeTree(work, {
  'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
  'c/values.yaml':
    '{\n  "fromChart": {\n    "list": [1, "two", {"three": 3}],\n    "nested": {"y": "default"}\n  }\n}\n',
  'c/templates/_walk.tpl': WALK_TEMPLATE,
  'c/templates/values.yaml': VALUES_TEMPLATE,
  ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`v/${k}`, v])),
});

test('JSON and multi-line flow values files read as helm reads them', async () => {
  const cases: Case[] = Object.keys(files).map((f) => ({
    name: f,
    args: ['template', 'x', 'c', '-f', `v/${f}`],
  }));
  cases.push({ name: 'two files', args: ['template', 'x', 'c', '-f', 'v/pretty.json', '-f', 'v/flow.yaml'] });
  const outcomes = await runCases(cases, work);
  assert.ok(report(outcomes).startsWith('0/'), report(outcomes));
  // The accepted files reached the templates; go-yaml's errors failed in both.
  const failing = new Set(['surrogate.json', 'slash.json', 'unclosed.json']);
  for (const o of outcomes)
    assert.equal(o.helm.code !== 0, failing.has(o.c.name), `${o.c.name}: ${o.helm.stderr}`);
  // The fast reader read these (the rest went to the full reader).
  for (const f of ['pretty.json', 'compact.json', 'flow.yaml'])
    assert.notEqual(fastParseYaml(files[f]!), FAST_BAIL, f);
});
