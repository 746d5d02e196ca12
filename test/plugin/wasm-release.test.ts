// A WebAssembly post-renderer (tools/wasm-plugins/label, extism/v1) in `install` and `upgrade`
// on the test cluster. Helm v4.3.2 cannot run a WASM post-renderer (it sends `{}` for the
// manifests), so the oracle is a subprocess post-renderer in Node doing the same text edit, run
// by helm: rudder with the WASM plugin must leave the same release records (manifest, hooks),
// output and live objects as helm with the subprocess one. Then `helm get manifest|hooks` of the
// release rudder wrote shows what rudder shows, and every live object carries the labels.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { cleanEnv, helm, rudder } from '../repo/support.js';
import { Comparer, writeAppChart, type Pair } from '../release/remote-support.js';
import { wasmPluginsDir } from './wasm-support.js';

const cluster = useCluster('full');
const cmp = new Comparer();
const root = mkdtempSync(join(tmpdir(), 'rplug-wasm-rel-'));
const wasmPlugins = join(root, 'wasm-plugins');
const nodePlugins = join(root, 'node-plugins');
let chartV1 = '';
let chartV2 = '';

// tools/wasm-plugins/label/main.go's labelDoc, line for line.
const LABEL_MJS = `#!/usr/bin/env node
const labels = process.argv.slice(2).map((a) => {
  const i = a.indexOf('=');
  if (i < 0) { process.stderr.write('label: arguments are key=value, got ' + a + '\\n'); process.exit(1); }
  return [a.slice(0, i), a.slice(i + 1)];
});
function labelDoc(doc) {
  const lines = doc.split('\\n');
  const out = [];
  let inMeta = false, done = false;
  const add = labels.map(([k, v]) => '    ' + k + ': ' + v);
  lines.forEach((line, i) => {
    out.push(line);
    if (done) return;
    if (line === 'metadata:') {
      inMeta = true;
      let next = '';
      for (let j = i + 1; j < lines.length && lines[j].startsWith('  '); j++) if (lines[j] === '  labels:') next = 'labels';
      if (next === '') { out.push('  labels:', ...add); done = true; }
      return;
    }
    if (inMeta && line === '  labels:') { out.push(...add); done = true; }
  });
  return out.join('\\n');
}
let s = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (s += d));
process.stdin.on('end', () => process.stdout.write(s.split('\\n---\\n').map(labelDoc).join('\\n---\\n')));
`;

before(() => {
  const w = join(wasmPlugins, 'label');
  mkdirSync(w, { recursive: true });
  copyFileSync(join(wasmPluginsDir(), 'label.wasm'), join(w, 'plugin.wasm'));
  writeFileSync(
    join(w, 'plugin.yaml'),
    'apiVersion: v1\nname: label\ntype: postrenderer/v1\nruntime: extism/v1\nversion: 0.1.0\nruntimeConfig:\n  timeout: 60000\n',
  );
  const n = join(nodePlugins, 'label');
  mkdirSync(n, { recursive: true });
  writeFileSync(join(n, 'label.mjs'), LABEL_MJS, { mode: 0o755 });
  writeFileSync(
    join(n, 'plugin.yaml'),
    'apiVersion: v1\nname: label\ntype: postrenderer/v1\nruntime: subprocess\nversion: 0.1.0\nruntimeConfig:\n  platformCommand:\n    - command: ${HELM_PLUGIN_DIR}/label.mjs\n',
  );
  chartV1 = writeAppChart(join(root, 'v1'), 'app', '1.0.0');
  chartV2 = writeAppChart(join(root, 'v2'), 'app', '2.0.0');
  // A second kind with labels of its own: the plugin adds to them.
  writeFileSync(
    join(chartV2, 'templates', 'secret.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-s\n  labels:\n    own: "yes"\nstringData:\n  k: v\n',
  );
});

after(() => {
  process.stdout.write(
    `# WASM post-renderer release comparisons with helm (subprocess twin): ${cmp.count}\n`,
  );
  rmSync(root, { recursive: true, force: true });
});

async function pair(): Promise<Pair> {
  const h = await cluster.namespace('wprh');
  const r = await cluster.namespace('wprr');
  const kube = { KUBECONFIG: cluster.kubeconfig };
  return {
    helm: h,
    rudder: r,
    names: { [h]: 'NS', [r]: 'NS' },
    env: {
      helm: cleanEnv({ ...kube, HELM_PLUGINS: nodePlugins }),
      rudder: cleanEnv({ ...kube, HELM_PLUGINS: wasmPlugins }),
    },
  };
}

const objects = [
  { apiVersion: 'v1', kind: 'ConfigMap', name: 'rel-app' },
  { apiVersion: 'v1', kind: 'ConfigMap', name: 'rel-app-hook' },
];
const pr = (...labels: string[]): string[] => [
  '--post-renderer',
  'label',
  ...labels.flatMap((l) => ['--post-renderer-args', l]),
];

test('WASM post-renderer in install and upgrade: records, hooks and live objects as helm with its subprocess twin', async () => {
  const c = cluster.client();
  const p = await pair();
  const inst = await cmp.both(p, ['install', 'rel', chartV1, ...pr('team=blue', 'tier=web')]);
  assert.equal(inst.code, 0, inst.stderr);
  const recs = await cmp.records(p, c);
  const rec = [...recs.values()][0]!.release;
  assert.match(
    String(rec['manifest']),
    /kind: ConfigMap\nmetadata:\n {2}labels:\n {4}team: blue\n {4}tier: web\n/,
  );
  assert.match(JSON.stringify(rec['hooks']), /team: blue/);
  await cmp.objects(p, c, objects);
  for (const ref of objects) {
    const o = await c.getIfExists({ ...ref, namespace: p.rudder });
    const { team, tier } = o?.metadata.labels ?? {};
    assert.deepEqual({ team, tier }, { team: 'blue', tier: 'web' }, ref.name);
  }

  const up = await cmp.both(p, ['upgrade', 'rel', chartV2, ...pr('team=green')]);
  assert.equal(up.code, 0, up.stderr);
  await cmp.records(p, c);
  const all = [...objects, { apiVersion: 'v1', kind: 'Secret', name: 'rel-s' }];
  await cmp.objects(p, c, all);
  const s = await c.getIfExists({ ...all[2]!, namespace: p.rudder });
  assert.deepEqual(s?.metadata.labels, { own: 'yes', team: 'green', 'app.kubernetes.io/managed-by': 'Helm' });
  const cm = await c.getIfExists({ ...objects[0]!, namespace: p.rudder });
  assert.deepEqual(cm?.metadata.labels, { team: 'green', 'app.kubernetes.io/managed-by': 'Helm' });

  // upgrade --install of a new release, and a plugin error (bad arguments) as the twin's exit.
  assert.equal((await cmp.both(p, ['upgrade', '-i', 'rel2', chartV1, ...pr('a=b')])).code, 0);
  await cmp.records(p, c);
  const bad = await Promise.all([
    helm(['upgrade', 'rel', chartV1, ...pr('oops'), '-n', p.helm], p.env.helm),
    rudder(['upgrade', 'rel', chartV1, ...pr('oops'), '-n', p.rudder], p.env.rudder),
  ]);
  assert.equal(bad[0].code, 1);
  assert.equal(bad[1].code, 1);
  assert.equal(
    bad[1].stderr,
    'Error: UPGRADE FAILED: error while running post render on files: failed to invoke post-renderer plugin "label": plugin error: label: arguments are key=value, got oops\n',
  );
  await cmp.records(p, c);
});

test("helm get manifest|hooks of the release rudder's WASM post-renderer wrote: what rudder shows", async () => {
  const p = await pair();
  const r = await rudder(['install', 'rel', chartV2, ...pr('team=red'), '-n', p.rudder], p.env.rudder);
  assert.equal(r.code, 0, r.stderr);
  for (const what of ['manifest', 'hooks', 'all']) {
    const args = ['get', what, 'rel', '-n', p.rudder];
    const [h, mine] = await Promise.all([helm(args, p.env.helm), rudder(args, p.env.rudder)]);
    cmp.same(`get ${what}`, h, mine);
    assert.equal(h.code, 0, h.stderr);
  }
  const m = await helm(['get', 'manifest', 'rel', '-n', p.rudder], p.env.helm);
  // Every document of the manifest is labelled, none keeps the post-render annotation.
  const docs = m.stdout.split('\n---\n').filter((d) => d.includes('kind:'));
  assert.equal(docs.length, 2);
  for (const d of docs) assert.match(d, /\n {2}labels:\n(?: {4}own: "yes"\n)? {4}team: red\n/);
  assert.doesNotMatch(m.stdout, /postrender-filename/);
  // Helm itself cannot run the WASM post-renderer (helm/helm#31832): it fails, rudder does not.
  const h = await helm(['install', 'rel3', chartV1, ...pr('team=red'), '-n', p.rudder], p.env.rudder);
  assert.equal(h.code, 1);
  assert.match(h.stderr, /failed to invoke post-renderer plugin "label"/);
});
