// A post-renderer whose output is not a stream of YAML mappings, and templates that are not:
// kyaml's errors (wrong node kind with the node written back, MalformedYAMLError with yaml.v3's
// message and line) compared byte for byte with helm v4.3.2's `template --post-renderer`.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanEnv, repoRoot, runHelm, runRudder } from '../cli/support.js';

const hello = join(repoRoot, 'examples', 'hello');
const root = mkdtempSync(join(tmpdir(), 'rplug-prerr-'));
after(() => rmSync(root, { recursive: true, force: true }));
const plugins = join(root, 'plugins');
const env = cleanEnv({ HELM_PLUGINS: plugins });
let comparisons = 0;
after(() => process.stdout.write(`# post-renderer output error comparisons with helm: ${comparisons}\n`));

/** A post-renderer that swallows its input and prints `out`. */
function printing(name: string, out: string): string {
  const d = join(plugins, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'out.yaml'), out);
  writeFileSync(
    join(d, 'plugin.yaml'),
    `apiVersion: v1\nname: ${name}\ntype: postrenderer/v1\nruntime: subprocess\nversion: 1.0.0\n` +
      'runtimeConfig:\n  platformCommand:\n    - command: sh\n      args: ["-c", "cat >/dev/null; cat $HELM_PLUGIN_DIR/out.yaml"]\n',
  );
  return name;
}
printing('cat-input', '');
writeFileSync(
  join(plugins, 'cat-input', 'plugin.yaml'),
  'apiVersion: v1\nname: cat-input\ntype: postrenderer/v1\nruntime: subprocess\nversion: 1.0.0\nruntimeConfig:\n  platformCommand:\n    - command: cat\n',
);

function same(args: string[]): { stdout: string; stderr: string; code: number } {
  const h = runHelm(args, env);
  const r = runRudder(args, env);
  comparisons++;
  assert.deepEqual(r, h, args.join(' '));
  return h;
}

const notMappings: [string, string][] = [
  ['a sequence', '- a\n- b\n'],
  ['a number', '42\n'],
  ['a flow sequence', '[a, {b: c}]\n'],
  ['a string', 'just a string\n'],
  ['a sequence after a mapping', 'a: 1\n---\n- x\n'],
  ['a null document, then a mapping', '~\n---\na: 1\n'],
  ['a block scalar', '|\n  text\n'],
];

for (const [what, out] of notMappings) {
  test(`post-renderer output that is ${what}: kyaml's error as helm`, () => {
    const name = printing(`p${notMappings.findIndex((x) => x[0] === what)}`, out);
    const r = same(['template', 'r', hello, '--post-renderer', name]);
    if (what.startsWith('a null')) assert.equal(r.code, 0);
    else {
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /^Error: error while parsing post rendered output: error parsing YAML: wrong node kind: expected MappingNode but got (Sequence|Scalar)Node: node contents:\n/,
      );
    }
  });
}

// yaml.v3's messages and its line rule (the context mark's line first), per split document.
const malformed: [string, string][] = [
  ['an unclosed flow sequence', 'a: [\n'],
  ['a nested mapping on one line', 'a: b\n  c: d\n'],
  ['a second document with an unclosed flow sequence', 'a: 1\n---\nkind: [\n'],
  ['a tab as indentation', 'a: 1\n---\nb:\n\t- c\n'],
  ['an unclosed double quote', 'a: "x\n'],
  ['a key out of indentation', 'a:\n  b: 1\n c: 2\n'],
  ['an undefined alias', 'a: *x\n'],
  ['mapping values on one line', 'a: b: c\n'],
  ['an unclosed flow sequence on line 3', 'x: 1\ny: 2\nz: [1,\n'],
  ['an unclosed flow mapping on line 3', 'x: 1\ny: 2\nz: {a: 1\n'],
  ['a lone quote', '"a\n'],
  ['a tab starting a document', '\tfoo: bar\n'],
  ['content after a document separator', 'a: 1\n--- b\n'],
];

for (const [i, [what, out]] of malformed.entries()) {
  test(`post-renderer output with ${what}: MalformedYAMLError as helm`, () => {
    const r = same(['template', 'r', hello, '--post-renderer', printing(`m${i}`, out)]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^Error: error while parsing post rendered output: error parsing YAML: (MalformedYAMLError: yaml: |invalid document separator: )/,
    );
  });
}

test('a template that renders a list or a scalar: the merge step fails as helm', () => {
  const chart = join(root, 'chart');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: chart\nversion: 0.1.0\n');
  writeFileSync(
    join(chart, 'templates', 'a.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  );
  writeFileSync(join(chart, 'templates', 'list.yaml'), '- one\n- two\n');
  const r = same(['template', 'r', chart, '--post-renderer', 'cat-input']);
  assert.match(
    r.stderr,
    /^Error: error merging manifests: parsing chart\/templates\/list\.yaml: wrong node kind/,
  );
  writeFileSync(join(chart, 'templates', 'list.yaml'), 'plain words\n');
  assert.equal(same(['template', 'r', chart, '--post-renderer', 'cat-input']).code, 1);
});

test("kube-prometheus-stack through identity post-renderers: the stream helm sends, helm's bytes back", () => {
  const kps = join(
    repoRoot,
    '..',
    'shared',
    'corpus',
    'prometheus-community',
    'helm-charts',
    'kube-prometheus-stack',
  );
  const seen = join(root, 'seen');
  const tee = join(plugins, 'tee');
  mkdirSync(tee, { recursive: true });
  writeFileSync(
    join(tee, 'plugin.yaml'),
    'apiVersion: v1\nname: tee\ntype: postrenderer/v1\nruntime: subprocess\nversion: 1.0.0\nruntimeConfig:\n  platformCommand:\n    - command: sh\n      args: ["-c", "tee $SEEN"]\n',
  );
  // Fixed passwords: the chart makes random ones otherwise. Empty `annotations: {}` maps and
  // single-quoted texts ending in a line break (the closing quote at column 0) are in there.
  const args = ['template', 'kps', kps, '--post-renderer', 'tee', '--set', 'grafana.adminPassword=x'];
  const h = runHelm(args, { ...env, SEEN: seen });
  const helmSaw = readFileSync(seen, 'utf8');
  const r = runRudder(args, { ...env, SEEN: seen });
  comparisons += 2;
  assert.equal(readFileSync(seen, 'utf8'), helmSaw);
  assert.match(helmSaw, /\n'\n/);
  assert.deepEqual(r, h);
  assert.equal(h.code, 0, h.stderr);
});
