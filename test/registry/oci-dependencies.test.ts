// `dependency update|build` with oci:// repositories against a real docker-registry on 127.0.0.1 and
// the real helm v4.3.2: the same output and exit code, the same charts/ bytes and the same
// Chart.lock (its `generated` time aside), for exact versions, ranges, missing tags and
// repositories, and builds from an existing lock.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { chartsDir, lockText, same } from './dependency-support.js';
import { RegistryClient } from '../../src/registry/client.js';
import { buildChartArtifact, pushChart } from '../../src/registry/chart.js';
import { parseOciReference } from '../../src/registry/reference.js';
import { GnuPG, PASSPHRASE } from '../provenance/gpg.js';

function writeChart(
  dir: string,
  deps: { name: string; version: string; repository: string; alias?: string }[],
) {
  mkdirSync(dir, { recursive: true });
  const lines = ['apiVersion: v2', 'name: parent', 'version: 0.1.0', 'dependencies:'];
  for (const d of deps) {
    lines.push(
      `- name: ${d.name}`,
      `  version: ${JSON.stringify(d.version)}`,
      `  repository: ${d.repository}`,
    );
    if (d.alias) lines.push(`  alias: ${d.alias}`);
  }
  writeFileSync(join(dir, 'Chart.yaml'), `${lines.join('\n')}\n`);
}

describe('dependency update|build from an OCI registry, as helm v4.3.2', () => {
  let reg: Registry;
  let work: string;
  let helmEnv: Record<string, string>;
  let rudEnv: Record<string, string>;
  let repo: string;

  before(async () => {
    reg = await startRegistry();
    repo = `oci://${reg.host}/charts`;
    work = mkdtempSync(join(tmpdir(), 'rudder-ocidep-'));
    helmEnv = cleanEnv();
    rudEnv = cleanEnv();
    // Versions pushed by helm: a range must pick the newest matching tag, + read back from _.
    for (const v of ['0.1.0', '0.2.0', '1.0.0', '1.1.0+build.1']) {
      const src = join(work, 'src', v, 'dep');
      mkdirSync(join(src, 'templates'), { recursive: true });
      writeFileSync(join(src, 'Chart.yaml'), `apiVersion: v2\nname: dep\nversion: ${v}\n`);
      writeFileSync(join(src, 'templates', 'cm.yaml'), `kind: ConfigMap\nmetadata: {name: v${v}}\n`);
      const pk = runHelm(['package', src, '-d', join(work, 'pkg')], helmEnv, work);
      assert.equal(pk.code, 0, pk.stderr);
      const ps = runHelm(['push', join(work, 'pkg', `dep-${v}.tgz`), repo, '--plain-http'], helmEnv, work);
      assert.equal(ps.code, 0, ps.stderr);
    }
    // A repository whose only tag is not a version: `latest`, pushed by the registry client.
    const art = buildChartArtifact(readFileSync(join(work, 'pkg', 'dep-0.1.0.tgz')), '2024-01-02T03:04:05Z');
    await pushChart(
      new RegistryClient(reg.host, { plainHttp: true }),
      parseOciReference(`oci://${reg.host}/other/dep:latest`),
      art,
      false,
    );
  });
  after(async () => {
    await reg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The same chart for each tool (same relative path, so the output is comparable). */
  function pair(name: string, deps: Parameters<typeof writeChart>[1]): { h: string; r: string } {
    const h = join(work, 'h', name);
    const r = join(work, 'r', name);
    writeChart(join(h, 'parent'), deps);
    writeChart(join(r, 'parent'), deps);
    return { h, r };
  }

  const both = (args: string[], p: { h: string; r: string }): { h: RunResult; r: RunResult } => ({
    h: runHelm(args, helmEnv, p.h),
    r: runRudder(args, rudEnv, p.r),
  });

  test('update: exact versions and ranges resolve through the tags; build from the lock', () => {
    const p = pair('ok', [
      { name: 'dep', version: '0.1.0', repository: repo },
      { name: 'dep', version: '~0.2', repository: repo, alias: 'second' },
      { name: 'dep', version: '>=1.0.0', repository: repo, alias: 'third' },
    ]);
    const up = both(['dependency', 'update', 'parent', '--plain-http'], p);
    same(up.h, up.r, 'update');
    assert.equal(up.h.code, 0, up.h.stderr);
    assert.match(up.h.stdout, /Pulled: .*dep:1\.1\.0_build\.1\n/);
    assert.deepEqual(chartsDir(join(p.r, 'parent')), chartsDir(join(p.h, 'parent')));
    assert.equal(lockText(join(p.r, 'parent')), lockText(join(p.h, 'parent')));
    assert.match(lockText(join(p.h, 'parent'))!, /version: 1\.1\.0\+build\.1\n/);

    // build from each tool's lock, with charts/ emptied: the same archives come back.
    for (const d of [p.h, p.r]) rmSync(join(d, 'parent', 'charts'), { recursive: true });
    const b = both(['dependency', 'build', 'parent', '--plain-http'], p);
    same(b.h, b.r, 'build');
    assert.equal(b.h.code, 0, b.h.stderr);
    assert.deepEqual(chartsDir(join(p.r, 'parent')), chartsDir(join(p.h, 'parent')));
    assert.equal(chartsDir(join(p.r, 'parent'))!.size, 3);

    // build from the lock helm wrote, by rudder (and the other way round).
    const swap = { h: join(work, 'swap-h'), r: join(work, 'swap-r') };
    cpSync(p.r, swap.h, { recursive: true });
    cpSync(p.h, swap.r, { recursive: true });
    const s = both(['dependency', 'build', 'parent', '--plain-http'], swap);
    same(s.h, s.r, 'build from the other tool’s lock');
    assert.equal(s.h.code, 0);
  });

  test('update: a missing tag fails in the download, as helm', () => {
    const p = pair('missing-tag', [{ name: 'dep', version: '9.9.9', repository: repo }]);
    const up = both(['dependency', 'update', 'parent', '--plain-http'], p);
    same(up.h, up.r, 'missing tag');
    assert.equal(up.h.code, 1);
    assert.match(
      up.h.stderr,
      /could not download oci:\/\/.*\/charts\/dep: failed to perform "FetchReference"/,
    );
    assert.equal(lockText(join(p.r, 'parent')), undefined);
    assert.deepEqual(chartsDir(join(p.r, 'parent')), chartsDir(join(p.h, 'parent')));
  });

  test('update: a range no tag satisfies, and a repository with no version tags', () => {
    const p = pair('no-match', [{ name: 'dep', version: '^5.0.0', repository: repo }]);
    const up = both(['dependency', 'update', 'parent', '--plain-http'], p);
    same(up.h, up.r, 'no matching tag');
    assert.equal(up.h.code, 1);
    // Resolve takes the range as the locked version; the download then finds no tag for it.
    assert.match(up.h.stderr, /could not locate a version matching provided version string \^5\.0\.0/);
    assert.equal(lockText(join(p.r, 'parent')), undefined);
    // A repository whose only tag is not a version.
    const q = pair('no-version-tags', [
      { name: 'dep', version: '~1', repository: `oci://${reg.host}/other` },
    ]);
    const u2 = both(['dependency', 'update', 'parent', '--plain-http'], q);
    same(u2.h, u2.r, 'no version tags');
    assert.equal(u2.h.code, 1);
  });

  test('update: a missing repository fails listing its tags', () => {
    const p = pair('missing-repo', [
      { name: 'dep', version: '^1.0.0', repository: `oci://${reg.host}/nothere` },
    ]);
    const up = both(['dependency', 'update', 'parent', '--plain-http'], p);
    assert.equal(up.r.stdout, up.h.stdout);
    assert.equal(up.r.code, up.h.code);
    assert.equal(up.h.code, 1);
    // oras-go appends the registry's error detail as Go's %v prints it (map[name:nothere]).
    assert.equal(up.r.stderr, up.h.stderr);
    assert.match(
      up.h.stderr,
      /could not retrieve list of tags for repository oci:\/\/[^ ]*\/nothere: GET .* 404: name unknown: .*: map\[name:nothere\/dep\]/,
    );
  });

  test('update and build without --plain-http: helm’s TLS-to-HTTP errors', () => {
    const p = pair('tls', [{ name: 'dep', version: '~0.1', repository: repo }]);
    const up = both(['dependency', 'update', 'parent'], p);
    same(up.h, up.r, 'update over https');
    assert.equal(up.h.code, 1);
    // An exact version does not list tags: the failure is the download's.
    const q = pair('tls-exact', [{ name: 'dep', version: '0.1.0', repository: repo }]);
    const ex = both(['dependency', 'build', 'parent'], q);
    same(ex.h, ex.r, 'build over https');
    assert.equal(ex.h.code, 1);
  });
});

describe('dependency update from a registry with htpasswd auth, as helm v4.3.2', () => {
  let reg: Registry;
  let work: string;

  before(async () => {
    reg = await startRegistry({ auth: true });
    work = mkdtempSync(join(tmpdir(), 'rudder-ocidep-auth-'));
    const env = cleanEnv();
    const src = join(work, 'src', 'dep');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'Chart.yaml'), 'apiVersion: v2\nname: dep\nversion: 2.0.0\n');
    assert.equal(runHelm(['package', src, '-d', work], env, work).code, 0);
    const login = ['registry', 'login', reg.host, '-u', 'testuser', '-p', 'testpass', '--plain-http'];
    assert.equal(runHelm(login, env, work).code, 0);
    const ps = runHelm(
      ['push', join(work, 'dep-2.0.0.tgz'), `oci://${reg.host}/sec`, '--plain-http'],
      env,
      work,
    );
    assert.equal(ps.code, 0, ps.stderr);
  });
  after(async () => {
    await reg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('stored logins (each tool its own), --username/--password, and no credentials', () => {
    const repo = `oci://${reg.host}/sec`;
    const run = (name: string, pre: string[][], args: string[]): { h: RunResult; r: RunResult } => {
      const out = { h: undefined as unknown as RunResult, r: undefined as unknown as RunResult };
      for (const tool of ['h', 'r'] as const) {
        const env = cleanEnv();
        const dir = join(work, tool, name);
        writeChart(join(dir, 'parent'), [{ name: 'dep', version: '^2', repository: repo }]);
        const go = tool === 'h' ? runHelm : runRudder;
        for (const p of pre) assert.equal(go(p, env, dir).code, 0);
        out[tool] = go(args, env, dir);
      }
      assert.deepEqual(
        chartsDir(join(work, 'r', name, 'parent')),
        chartsDir(join(work, 'h', name, 'parent')),
      );
      assert.equal(lockText(join(work, 'r', name, 'parent')), lockText(join(work, 'h', name, 'parent')));
      return out;
    };
    const update = ['dependency', 'update', 'parent', '--plain-http'];
    const login = ['registry', 'login', reg.host, '-u', 'testuser', '-p', 'testpass', '--plain-http'];
    const a = run('login', [login], update);
    same(a.h, a.r, 'after login');
    assert.equal(a.h.code, 0, a.h.stderr);
    const b = run('flags', [], [...update, '--username', 'testuser', '--password', 'testpass']);
    same(b.h, b.r, 'with --username/--password');
    assert.equal(b.h.code, 0, b.h.stderr);
    const c = run('anonymous', [], update);
    same(c.h, c.r, 'without credentials');
    assert.equal(c.h.code, 1);
  });
});

describe('dependency update|build --verify with oci:// dependencies, as helm v4.3.2', () => {
  let reg: Registry;
  let work: string;
  let ring: { pub: string; sec: string };
  let other: string;

  before(async () => {
    reg = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'rudder-ocidep-verify-'));
    const gpg = new GnuPG();
    gpg.generate({ uid: 'Dep Signer <dep@example.com>', algo: 'ed25519', passphrase: PASSPHRASE });
    ring = gpg.exportTo(work);
    const g2 = new GnuPG();
    g2.generate({ uid: 'Other <other@example.com>', algo: 'ed25519', passphrase: PASSPHRASE });
    mkdirSync(join(work, 'other'));
    other = g2.exportTo(join(work, 'other')).pub;
    writeFileSync(join(work, 'pass.txt'), `${PASSPHRASE}\n`);
    const env = cleanEnv();
    for (const [name, sign] of [
      ['signed', true],
      ['plain', false],
    ] as const) {
      const src = join(work, 'src', name);
      mkdirSync(src, { recursive: true });
      writeFileSync(join(src, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`);
      const args = ['package', src, '-d', work];
      if (sign)
        args.push('--sign', '--key', 'Dep Signer', '--keyring', ring.sec, '--passphrase-file', 'pass.txt');
      const pk = runHelm(args, env, work);
      assert.equal(pk.code, 0, pk.stderr);
      const ps = runHelm(
        ['push', join(work, `${name}-1.0.0.tgz`), `oci://${reg.host}/v`, '--plain-http'],
        env,
        work,
      );
      assert.equal(ps.code, 0, ps.stderr);
    }
  });
  after(async () => {
    await reg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const pid = (r: RunResult): RunResult => ({
    ...r,
    stdout: r.stdout.replace(/tmpcharts-\d+/g, 'tmpcharts-PID'),
  });

  function run(name: string, deps: string[], args: string[]): { h: RunResult; r: RunResult } {
    const out = { h: undefined as unknown as RunResult, r: undefined as unknown as RunResult };
    for (const tool of ['h', 'r'] as const) {
      const dir = join(work, tool, name);
      writeChart(
        join(dir, 'parent'),
        deps.map((n) => ({ name: n, version: '^1', repository: `oci://${reg.host}/v` })),
      );
      out[tool] = pid((tool === 'h' ? runHelm : runRudder)(args, cleanEnv(), dir));
    }
    assert.deepEqual(chartsDir(join(work, 'r', name, 'parent')), chartsDir(join(work, 'h', name, 'parent')));
    assert.equal(lockText(join(work, 'r', name, 'parent')), lockText(join(work, 'h', name, 'parent')));
    return out;
  }

  test('update --verify: a signed chart verifies; the .prov is skipped when moving', () => {
    const a = run(
      'signed',
      ['signed'],
      ['dependency', 'update', 'parent', '--plain-http', '--verify', '--keyring', ring.pub],
    );
    same(a.h, a.r, 'signed');
    assert.equal(a.h.code, 0, a.h.stderr);
    assert.match(
      a.h.stdout,
      /signed-1\.0\.0\.tgz\.prov for moving: file '.*' does not appear to be a gzipped archive/,
    );
  });

  test('update --verify: a key not in the keyring, and a chart without provenance, fail', () => {
    const a = run(
      'wrong-key',
      ['signed'],
      ['dependency', 'update', 'parent', '--plain-http', '--verify', '--keyring', other],
    );
    same(a.h, a.r, 'wrong key');
    assert.equal(a.h.code, 1);
    const b = run(
      'unsigned',
      ['signed', 'plain'],
      ['dependency', 'update', 'parent', '--plain-http', '--verify', '--keyring', ring.pub],
    );
    same(b.h, b.r, 'unsigned');
    assert.equal(b.h.code, 1);
    assert.match(b.h.stderr, /failed to fetch provenance "oci:\/\/.*\/v\/plain:1\.0\.0\.prov"/);
  });

  test('build --verify verifies if possible: a chart without provenance is only a warning', () => {
    const a = run(
      'build',
      ['plain', 'signed'],
      ['dependency', 'build', 'parent', '--plain-http', '--verify', '--keyring', ring.pub],
    );
    same(a.h, a.r, 'build');
    assert.equal(a.h.code, 0, a.h.stderr);
    assert.match(a.h.stdout, /WARNING: Verification not found for oci:\/\/.*\/v\/plain: /);
  });
});
