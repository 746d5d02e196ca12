// kyaml's reader and writer around a post-renderer, compared with helm v4.3.2's `template
// --post-renderer`: a stream that is one `List` (or `ResourceList`) is unwrapped into its items,
// in the rendered templates and in the post-renderer's output (items carry no reader
// annotations, so one without apiVersion, kind or metadata fails), empty annotations and
// metadata are dropped when written, and metadata that is not a mapping fails as kyaml fails.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';

const root = mkdtempSync(join(tmpdir(), 'rplug-lists-'));
after(() => rmSync(root, { recursive: true, force: true }));
const plugins = join(root, 'plugins');
const env = cleanEnv({ HELM_PLUGINS: plugins });

function plugin(name: string, command: string, out?: string): void {
  const d = join(plugins, name);
  mkdirSync(d, { recursive: true });
  if (out !== undefined) writeFileSync(join(d, 'out.yaml'), out);
  writeFileSync(
    join(d, 'plugin.yaml'),
    `apiVersion: v1\nname: ${name}\ntype: postrenderer/v1\nruntime: subprocess\nversion: 1.0.0\n` +
      `runtimeConfig:\n  platformCommand:\n    - command: sh\n      args: ["-c", ${JSON.stringify(command)}]\n`,
  );
}
plugin('cat', 'cat');

let charts = 0;
function chart(template: string): string {
  const d = join(root, `c${charts++}`);
  mkdirSync(join(d, 'templates'), { recursive: true });
  writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v2\nname: lc\nversion: 0.1.0\n');
  writeFileSync(join(d, 'templates', 'list.yaml'), template);
  return d;
}

function same(args: string[], what: string): { stdout: string; stderr: string; code: number } {
  const h = runHelm(args, env);
  const r = runRudder(args, env);
  assert.deepEqual(r, h, what);
  return h;
}

const templates: [string, string][] = [
  [
    'a List of two kinds',
    'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: y}\n',
  ],
  ['a List of mappings without metadata', 'kind: List\nitems:\n- {a: 1}\n- {kind: X}\n'],
  ['a List with a scalar item', 'kind: List\nitems:\n- 5\n'],
  ['a List whose items are a mapping', 'kind: List\nitems: {a: b}\n'],
  ['a List with null items', 'kind: List\nitems: ~\n'],
  [
    'two Lists in one file',
    'kind: List\nitems:\n- kind: A\n  metadata:\n    name: q\n---\nkind: List\nitems:\n- kind: B\n',
  ],
  ['a quoted List kind', 'kind: "List"\nitems:\n- {kind: A}\n'],
  ['a List with only functionConfig', 'kind: List\nfunctionConfig: {a: 1}\n'],
  [
    'a ResourceList with results',
    'kind: ResourceList\nitems:\n- kind: A\n  metadata: {name: a}\nresults: []\n',
  ],
  ['a document, then a List', 'kind: A\n---\nkind: List\nitems:\n- kind: B\n- kind: C\n'],
  ['a List with an alias item', 'kind: List\nitems:\n- &x {kind: A, metadata: {name: a}}\n- *x\n'],
  ['a List of sequences', 'kind: List\nitems:\n- - a\n'],
  [
    'a List item naming another file',
    'kind: List\nitems:\n- kind: A\n  metadata:\n    annotations:\n      postrenderer.helm.sh/postrender-filename: other.yaml\n',
  ],
  [
    'a List with a comment above its first item',
    '# comment\nkind: List # c\nitems:\n# head\n- kind: A # x\n- kind: B\n',
  ],
  ['an empty List, then a document', 'kind: List\nitems: []\n---\nkind: B\n'],
  ['no metadata', 'kind: X\n'],
  ['empty metadata', 'kind: X\nmetadata: {}\n'],
  ['empty annotations', 'kind: X\nmetadata:\n  annotations: {}\n'],
  ['empty annotations beside a name', 'kind: X\nmetadata:\n  name: a\n  annotations: {}\n'],
  ['null metadata', 'kind: X\nmetadata: ~\n'],
  ['scalar metadata', 'kind: X\nmetadata: x\n'],
  ['sequence metadata', 'kind: X\nmetadata: [a]\n'],
  ['empty-string metadata', 'kind: X\nmetadata: ""\n'],
  ['scalar annotations', 'kind: X\nmetadata:\n  annotations: x\n  name: n\n'],
];

for (const [what, text] of templates) {
  test(`rendered ${what}, through a cat post-renderer, as helm`, () => {
    same(['template', 'r', chart(text), '--post-renderer', 'cat'], what);
  });
}

const outputs: [string, string, number][] = [
  [
    'a List of two resources, one naming its file',
    'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n    annotations: {postrenderer.helm.sh/postrender-filename: x.yaml}\n',
    0,
  ],
  ['an empty List', 'kind: List\nitems: []\n', 0],
  ['a ResourceList with only functionConfig', 'kind: ResourceList\nfunctionConfig: {a: 1}\n', 0],
  [
    'a List with a scalar item',
    'apiVersion: v1\nkind: List\nitems:\n- {kind: ConfigMap, metadata: {name: a}}\n- 5\n',
    1,
  ],
  [
    'a List, then a document (not unwrapped)',
    'apiVersion: v1\nkind: List\nitems:\n- {kind: ConfigMap, metadata: {name: a}}\n---\nkind: ConfigMap\nmetadata: {name: c}\n',
    0,
  ],
  ['a List whose items are a mapping', 'kind: List\nitems: {a: b}\n', 1],
  ['a List item without apiVersion, kind or metadata', 'kind: List\nitems:\n- {a: 1}\n', 1],
];

outputs.forEach(([what, out, code], i) => {
  test(`post-renderer output that is ${what}, as helm`, () => {
    plugin(`out${i}`, 'cat >/dev/null; cat "$HELM_PLUGIN_DIR/out.yaml"', out);
    const r = same(
      ['template', 'r', chart('kind: A\nmetadata: {name: a}\n'), '--post-renderer', `out${i}`],
      what,
    );
    assert.equal(r.code, code, r.stderr);
  });
});
