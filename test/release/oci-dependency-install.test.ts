// install --dependency-update with an oci:// dependency on a plain HTTP docker-registry, against
// the real helm v4.3.2 on the test cluster: the registry client comes from install's --plain-http
// (its Pulled lines on stdout); same output, Chart.lock, release records and live objects.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../support/cluster.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { cleanEnv, helm } from '../repo/support.js';
import { Comparer, writeAppChart, type Pair } from './remote-support.js';

const cluster = useCluster('full');
const cmp = new Comparer();
let work = '';
let reg: Registry;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'oci-dep-install-'));
  reg = await startRegistry();
  const env = cleanEnv();
  const dir = writeAppChart(join(work, 'src'), 'app', '1.0.0');
  const pk = await helm(['package', dir, '-d', join(work, 'pkg')], env);
  assert.equal(pk.code, 0, pk.stderr);
  const ps = await helm(
    ['push', join(work, 'pkg', 'app-1.0.0.tgz'), `oci://${reg.host}/charts`, '--plain-http'],
    env,
  );
  assert.equal(ps.code, 0, ps.stderr);
});

after(async () => {
  process.stdout.write(`# oci dependency install comparisons with helm: ${cmp.count}\n`);
  await reg?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('install --dependency-update --plain-http fetches, locks and installs an oci:// dependency', async () => {
  const c = cluster.client();
  const h = await cluster.namespace('ocidh');
  const r = await cluster.namespace('ocidr');
  const extra = { KUBECONFIG: cluster.kubeconfig };
  const p: Pair = {
    helm: h,
    rudder: r,
    names: { [h]: 'NS', [r]: 'NS' },
    env: { helm: cleanEnv(extra), rudder: cleanEnv(extra) },
  };
  const root = mkdtempSync(join(work, 'parent-'));
  const dir = writeAppChart(
    root,
    'parent',
    '0.1.0',
    `dependencies:\n  - name: app\n    version: ~1.0\n    repository: oci://${reg.host}/charts\n`,
  );
  for (const who of ['h', 'r']) cpSync(dir, join(root, who, 'parent'), { recursive: true });
  const cwd = { helm: join(root, 'h'), rudder: join(root, 'r') };
  const ok = await cmp.both(p, ['install', 'd', './parent', '--dependency-update', '--plain-http'], { cwd });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Pulled: /);
  const lock = (who: string): string =>
    readFileSync(join(root, who, 'parent', 'Chart.lock'), 'utf8').replace(/generated: .*/, '');
  cmp.same('Chart.lock', lock('h'), lock('r'));
  await cmp.records(p, c, (rec) =>
    JSON.parse(JSON.stringify(rec).replace(/"generated":"[^"]*"/g, '"generated":"<time>"')),
  );
  const refs = ['d-parent', 'd-parent-hook', 'd-app', 'd-app-hook'].map((name) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name,
  }));
  await cmp.objects(p, c, refs);
});
