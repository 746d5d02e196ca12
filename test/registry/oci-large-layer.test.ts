// Issue 8 (Helm 4.3.2 moves to oras-go v2.6.2): a blob read whole (content.FetchAll, as helm's
// registry client reads a chart layer) is no longer refused over 32 MiB ("invalid descriptor
// size" in v2.6.1, so helm v4.2.4 could not pull such a chart). A chart whose packaged archive is
// over 32 MiB (incompressible data in files/, well under the 100 MiB chart budget) is pushed by
// helm to a docker-registry on 127.0.0.1; pull and template by both tools must match helm v4.3.2.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { startRegistry, type Registry } from '../support/registry.js';

let reg: Registry;
let work: string;
let tgz: string;

before(async () => {
  reg = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'rudder-oci-big-'));
  const dir = join(work, 'bigchart');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  mkdirSync(join(dir, 'files'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: bigchart\nversion: 0.1.0\n');
  writeFileSync(
    join(dir, 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n' +
      '  size: {{ len (.Files.Get "files/blob.bin") | quote }}\n',
  );
  writeFileSync(join(dir, 'files', 'blob.bin'), randomBytes(34 * 1024 * 1024));
  const p = runHelm(['package', 'bigchart'], cleanEnv(), work);
  assert.equal(p.code, 0, p.stderr);
  tgz = join(work, 'bigchart-0.1.0.tgz');
  assert.ok(statSync(tgz).size > 32 * 1024 * 1024, `archive of ${statSync(tgz).size} bytes`);
  const push = runHelm(['push', tgz, `oci://${reg.host}/big`, '--plain-http'], cleanEnv(), work);
  assert.equal(push.code, 0, push.stderr);
});

after(async () => {
  await reg?.stop();
});

function same(h: RunResult, r: RunResult, what: string): void {
  assert.equal(r.stdout, h.stdout, `${what}: stdout`);
  assert.equal(r.stderr, h.stderr, `${what}: stderr`);
  assert.equal(r.code, h.code, `${what}: exit code`);
}

test('a chart layer over 32 MiB pulls and renders as with helm v4.3.2', () => {
  const ref = `oci://${reg.host}/big/bigchart`;
  const [hd, rd] = [mkdtempSync(join(work, 'h-')), mkdtempSync(join(work, 'r-'))];
  const pull = ['pull', ref, '--version', '0.1.0', '--plain-http'];
  const h = runHelm([...pull, '-d', hd], cleanEnv(), work);
  const r = runRudder([...pull, '-d', rd], cleanEnv(), work);
  same(h, { ...r, stdout: r.stdout.replaceAll(rd, hd) }, 'pull');
  assert.equal(h.code, 0, h.stderr);
  assert.deepEqual(readdirSync(rd), ['bigchart-0.1.0.tgz']);
  assert.ok(readFileSync(join(rd, 'bigchart-0.1.0.tgz')).equals(readFileSync(tgz)));
  const tpl = ['template', 'x', ref, '--version', '0.1.0', '--plain-http'];
  const ht = runHelm(tpl, cleanEnv(), work);
  same(ht, runRudder(tpl, cleanEnv(), work), 'template');
  assert.match(ht.stdout, /size: "35651584"/);
});
