// --verify and --prov where charts are downloaded, against helm v4.3.2: `pull` from a chart
// repository (repo/name and URLs, --untar) and from docker-registry over OCI, and `template` of
// local archives, repository charts and oci:// references. Same output, errors, exit codes and
// files (the .prov beside the archive, what stays behind on failure).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../repo/support.js';
import { startChartRepoServer } from '../support/chart-repo-server.js';
import { startRegistry } from '../support/registry.js';
import { signedRepoSetting } from './signed-repo.js';

// Asynchronous runs: the repository server runs in this process and must keep answering.
const { work, ring, stranger, repoDir, run, hEnv, rEnv } = signedRepoSetting('prov-pull-');
await run('helm', ['create', 'signed'], hEnv, work);
await run('helm', ['create', 'unsigned'], hEnv, work);
const pk = async (args: string[]): Promise<void> => {
  const r = await run('helm', ['package', ...args, '-d', repoDir], hEnv, work);
  assert.equal(r.code, 0, r.stderr);
};
await pk(['signed', '--sign', '--key', 'Repo Signer', '--keyring', ring.sec]);
await pk(['unsigned']);

const server = await startChartRepoServer({ dir: repoDir });
await run('helm', ['repo', 'index', repoDir, '--url', server.url], hEnv, work);
for (const [bin, env] of [
  ['helm', hEnv],
  ['rudder', rEnv],
] as const) {
  assert.equal((await run(bin, ['repo', 'add', 'r', server.url], env, work)).code, 0);
}
const registry = await startRegistry();
for (const c of ['signed-0.1.0.tgz', 'unsigned-0.1.0.tgz']) {
  const r = await run(
    'helm',
    ['push', join(repoDir, c), `oci://${registry.host}/charts`, '--plain-http'],
    hEnv,
    work,
  );
  assert.equal(r.code, 0, r.stderr);
}
after(async () => {
  await server.close();
  await registry.stop();
});

function listing(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, f);
    try {
      out[f] = readFileSync(p).toString('base64').slice(0, 64);
    } catch {
      out[f] = '<dir>';
    }
  }
  return out;
}

/** Runs both tools in fresh working directories; same stdout, stderr, exit code and files. */
async function same(args: string[], what: string): Promise<RunResult> {
  const hd = mkdtempSync(join(work, 'h-'));
  const rd = mkdtempSync(join(work, 'r-'));
  const h = await run('helm', args, hEnv, hd);
  const r = await run('rudder', args, rEnv, rd);
  assert.equal(r.stderr, h.stderr, `${what}: stderr`);
  assert.equal(r.stdout, h.stdout, `${what}: stdout`);
  assert.equal(r.code, h.code, `${what}: exit code`);
  assert.deepEqual(listing(rd), listing(hd), `${what}: files`);
  return h;
}

const oci = `oci://${registry.host}/charts`;

test('pull --verify and --prov from a chart repository', async () => {
  const cases: Array<[string, string[], boolean]> = [
    ['repo/name --verify', ['pull', 'r/signed', '--verify', '--keyring', ring.pub], true],
    ['URL --verify', ['pull', `${server.url}/signed-0.1.0.tgz`, '--verify', '--keyring', ring.pub], true],
    ['--repo --verify', ['pull', 'signed', '--repo', server.url, '--verify', '--keyring', ring.pub], true],
    ['--verify --untar', ['pull', 'r/signed', '--verify', '--untar', '--keyring', ring.pub], true],
    ['--prov', ['pull', 'r/signed', '--prov'], true],
    ['--prov of an unsigned chart (a warning)', ['pull', 'r/unsigned', '--prov'], true],
    ['--verify of an unsigned chart', ['pull', 'r/unsigned', '--verify', '--keyring', ring.pub], false],
    ['--verify, unknown signer', ['pull', 'r/signed', '--verify', '--keyring', stranger.pub], false],
    ['--verify, no keyring', ['pull', 'r/signed', '--verify', '--keyring', join(work, 'nope.gpg')], false],
  ];
  for (const [what, args, ok] of cases) {
    const h = await same(args, what);
    assert.equal(h.code === 0, ok, `${what}: ${h.stderr}`);
    if (what.includes('warning'))
      assert.match(h.stdout, /^WARNING: Verification not found for r\/unsigned: /);
    if (args.includes('--verify') && ok) assert.match(h.stdout, /Chart Hash Verified: sha256:/);
  }
});

test('pull --verify from an OCI registry (the .prov layer)', async () => {
  const flags = ['--version', '0.1.0', '--plain-http'];
  const h = await same(
    ['pull', `${oci}/signed`, ...flags, '--verify', '--keyring', ring.pub],
    'oci --verify',
  );
  assert.equal(h.code, 0, h.stderr);
  await same(['pull', `${oci}/signed`, ...flags, '--prov'], 'oci --prov');
  await same(
    ['pull', `${oci}/unsigned`, ...flags, '--verify', '--keyring', ring.pub],
    'oci unsigned --verify',
  );
  await same(
    ['pull', `${oci}/signed`, ...flags, '--verify', '--keyring', stranger.pub],
    'oci unknown signer',
  );
});

test('template --verify: local archives, repository charts, oci://', async () => {
  const local = join(work, 'local');
  mkdirSync(local);
  copyFileSync(join(repoDir, 'signed-0.1.0.tgz'), join(local, 'signed-0.1.0.tgz'));
  copyFileSync(join(repoDir, 'signed-0.1.0.tgz.prov'), join(local, 'signed-0.1.0.tgz.prov'));
  copyFileSync(join(repoDir, 'unsigned-0.1.0.tgz'), join(local, 'unsigned-0.1.0.tgz'));
  const cases: Array<[string, string[], boolean]> = [
    ['local', [join(local, 'signed-0.1.0.tgz')], true],
    ['local, unknown signer', [join(local, 'signed-0.1.0.tgz'), '--keyring', stranger.pub], false],
    ['local unsigned', [join(local, 'unsigned-0.1.0.tgz')], false],
    ['local directory', [join(work, 'signed')], false],
    ['repo/name', ['r/signed'], true],
    ['repo/name unsigned', ['r/unsigned'], false],
    ['oci', [`${oci}/signed`, '--version', '0.1.0', '--plain-http'], true],
    ['oci unsigned', [`${oci}/unsigned`, '--version', '0.1.0', '--plain-http'], false],
  ];
  for (const [what, args, ok] of cases) {
    const h = await same(['template', 'rel', '--verify', '--keyring', ring.pub, ...args], `template ${what}`);
    assert.equal(h.code === 0, ok, `template ${what}: ${h.stderr}`);
  }
  rmSync(local, { recursive: true, force: true });
});
