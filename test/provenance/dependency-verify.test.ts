// `dependency update|build --verify` for chart repository dependencies, against helm v4.3.2 on a
// loopback repository server serving signed charts and their .prov files: update always verifies
// (a missing .prov fails), build verifies "if possible" (a missing .prov is a warning). Same
// output, errors, exit codes and files (charts/, Chart.lock).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../repo/support.js';
import { startChartRepoServer } from '../support/chart-repo-server.js';
import { signedRepoSetting } from './signed-repo.js';

const { work, ring, stranger, repoDir, run, hEnv, rEnv } = signedRepoSetting('prov-dep-');

function chart(name: string, note: string): void {
  const d = join(work, 'src', name);
  mkdirSync(join(d, 'templates'), { recursive: true });
  writeFileSync(join(d, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  writeFileSync(join(d, 'templates', 'cm.yaml'), `kind: ConfigMap\nmetadata: {name: ${note}}\n`);
}
const pk = async (args: string[]): Promise<void> => {
  const r = await run('helm', ['package', ...args, '-d', repoDir], hEnv, work);
  assert.equal(r.code, 0, r.stderr);
};
chart('signed', 'signed');
chart('unsigned', 'unsigned');
chart('tampered', 'before');
await pk([join(work, 'src', 'signed'), '--sign', '--key', 'Repo Signer', '--keyring', ring.sec]);
await pk([join(work, 'src', 'unsigned')]);
await pk([join(work, 'src', 'tampered'), '--sign', '--key', 'Repo Signer', '--keyring', ring.sec]);
// The archive changes after signing; its .prov stays.
chart('tampered', 'after');
await pk([join(work, 'src', 'tampered')]);

const server = await startChartRepoServer({ dir: repoDir });
await run('helm', ['repo', 'index', repoDir, '--url', server.url], hEnv, work);
for (const [bin, env] of [
  ['helm', hEnv],
  ['rudder', rEnv],
] as const) {
  assert.equal((await run(bin, ['repo', 'add', 'r', server.url], env, work)).code, 0);
}
after(async () => {
  await server.close();
});

function listing(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    try {
      const data = readFileSync(join(dir, f));
      // Chart.lock's `generated` is the time of the update.
      out[f] = f.endsWith('Chart.lock')
        ? data.toString('utf8').replace(/^generated: .*$/m, 'generated: X')
        : data.toString('base64');
    } catch {
      out[f] = '<dir>';
    }
  }
  return out;
}

let n = 0;
/** A parent chart depending on `deps` (name → repository) in a fresh directory per tool. */
function parents(deps: Array<[string, string]>): { hd: string; rd: string } {
  const lines = ['apiVersion: v2', 'name: parent', 'version: 0.1.0', 'dependencies:'];
  for (const [name, repo] of deps)
    lines.push(`- name: ${name}`, '  version: 0.1.0', `  repository: "${repo}"`);
  const hd = join(work, 'h', String(n));
  const rd = join(work, 'r', String(n++));
  mkdirSync(join(hd, 'parent'), { recursive: true });
  writeFileSync(join(hd, 'parent', 'Chart.yaml'), `${lines.join('\n')}\n`);
  cpSync(hd, rd, { recursive: true });
  return { hd, rd };
}

async function same(p: { hd: string; rd: string }, args: string[], what: string): Promise<RunResult> {
  // The temporary charts directory is named after the process id.
  const norm = (x: RunResult): RunResult => ({
    ...x,
    stdout: x.stdout.replace(/tmpcharts-\d+/g, 'tmpcharts-N'),
    stderr: x.stderr.replace(/tmpcharts-\d+/g, 'tmpcharts-N'),
  });
  const h = norm(await run('helm', args, hEnv, p.hd));
  const r = norm(await run('rudder', args, rEnv, p.rd));
  assert.equal(r.stderr, h.stderr, `${what}: stderr`);
  assert.equal(r.stdout, h.stdout, `${what}: stdout`);
  assert.equal(r.code, h.code, `${what}: exit code`);
  assert.deepEqual(listing(p.rd), listing(p.hd), `${what}: files`);
  return h;
}

const url = server.url;
const verify = (keyring: string): string[] => ['--verify', '--keyring', keyring];

test('dependency update --verify: always verified', async () => {
  const cases: Array<[string, Array<[string, string]>, string, boolean]> = [
    ['signed, by URL', [['signed', url]], ring.pub, true],
    ['signed, by @alias', [['signed', '@r']], ring.pub, true],
    ['unsigned (no .prov)', [['unsigned', url]], ring.pub, false],
    ['signed, unknown signer', [['signed', url]], stranger.pub, false],
    ['signed, missing keyring', [['signed', url]], join(work, 'nope.gpg'), false],
    ['tampered archive', [['tampered', url]], ring.pub, false],
    [
      'signed then unsigned',
      [
        ['signed', url],
        ['unsigned', url],
      ],
      ring.pub,
      false,
    ],
  ];
  for (const [what, deps, keyring, ok] of cases) {
    const h = await same(parents(deps), ['dependency', 'update', 'parent', ...verify(keyring)], what);
    assert.equal(h.code === 0, ok, `${what}: helm ${h.stderr}`);
  }
});

test('dependency build --verify: verified if possible', async () => {
  const cases: Array<[string, Array<[string, string]>, string, boolean]> = [
    ['signed', [['signed', url]], ring.pub, true],
    ['unsigned (a warning)', [['unsigned', url]], ring.pub, true],
    ['signed, unknown signer', [['signed', url]], stranger.pub, false],
    ['tampered archive', [['tampered', url]], ring.pub, false],
  ];
  for (const [what, deps, keyring, ok] of cases) {
    const p = parents(deps);
    // The lock first, from each tool's own unverified update.
    assert.equal((await run('helm', ['dependency', 'update', 'parent'], hEnv, p.hd)).code, 0);
    assert.equal((await run('rudder', ['dependency', 'update', 'parent'], rEnv, p.rd)).code, 0);
    const h = await same(p, ['dependency', 'build', 'parent', ...verify(keyring)], what);
    assert.equal(h.code === 0, ok, `${what}: helm ${h.stderr}`);
  }
  // Without a lock, build updates, still verifying only if possible.
  const h = await same(
    parents([['unsigned', url]]),
    ['dependency', 'build', 'parent', ...verify(ring.pub)],
    'no lock',
  );
  assert.equal(h.code, 0, h.stderr);
});
