// `template --dependency-update` and `package -u` with oci:// dependencies against a real
// docker-registry on 127.0.0.1 and the real helm v4.3.2: both build their registry client from the
// command's --plain-http, TLS and credential flags, so the output, exit code, charts/ bytes and
// Chart.lock are compared for a plain HTTP registry and a TLS registry with htpasswd auth.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { chartsDir, lockText, same } from './dependency-support.js';

function writeParent(dir: string, repo: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'Chart.yaml'),
    `apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n- name: dep\n  version: "~0.2"\n  repository: ${repo}\n`,
  );
}

describe('template --dependency-update and package -u with OCI dependencies, as helm v4.3.2', () => {
  let plain: Registry;
  let secure: Registry;
  let work: string;
  let n = 0;

  /** helm packages and pushes dep 0.1.0 and 0.2.0 to a registry. */
  function seed(reg: Registry, flags: string[]): void {
    const env = cleanEnv();
    for (const v of ['0.1.0', '0.2.0']) {
      const src = join(work, 'src', v, 'dep');
      mkdirSync(join(src, 'templates'), { recursive: true });
      writeFileSync(join(src, 'Chart.yaml'), `apiVersion: v2\nname: dep\nversion: ${v}\n`);
      writeFileSync(join(src, 'templates', 'cm.yaml'), `kind: ConfigMap\nmetadata: {name: v${v}}\n`);
      const pk = runHelm(['package', src, '-d', join(work, 'pkg')], env, work);
      assert.equal(pk.code, 0, pk.stderr);
      const ps = runHelm(
        ['push', join(work, 'pkg', `dep-${v}.tgz`), `oci://${reg.host}/charts`, ...flags],
        env,
        work,
      );
      assert.equal(ps.code, 0, ps.stderr);
    }
  }

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'rudder-ocidep-act-'));
    plain = await startRegistry();
    secure = await startRegistry({ tls: true, auth: true });
    seed(plain, ['--plain-http']);
    seed(secure, [
      '--ca-file',
      secure.caFile!,
      '--username',
      secure.username!,
      '--password',
      secure.password!,
    ]);
  });
  after(async () => {
    await plain?.stop();
    await secure?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Runs args in a fresh copy of the parent chart for each tool; compares output, charts/, lock. */
  function compare(repo: string, args: string[], what: string): RunResult {
    const h = join(work, 'h', String(n));
    const r = join(work, 'r', String(n++));
    writeParent(join(h, 'parent'), repo);
    writeParent(join(r, 'parent'), repo);
    const hr = runHelm(args, cleanEnv(), h);
    const rr = runRudder(args, cleanEnv(), r);
    const norm = (x: RunResult, dir: string): RunResult => ({
      ...x,
      stdout: x.stdout.replaceAll(dir, 'DIR'),
      // Go adds why a candidate authority in the system pool was rejected; Rudder does not.
      stderr: x.stderr.replaceAll(dir, 'DIR').replace(/ \(possibly because of .*\)$/m, ''),
    });
    same(norm(hr, h), norm(rr, r), what);
    assert.deepEqual(chartsDir(join(r, 'parent')), chartsDir(join(h, 'parent')), `${what}: charts/`);
    assert.equal(lockText(join(r, 'parent')), lockText(join(h, 'parent')), `${what}: Chart.lock`);
    return hr;
  }

  test('plain HTTP registry: --plain-http reaches it, without it both fail alike', () => {
    const repo = `oci://${plain.host}/charts`;
    const t = compare(repo, ['template', 'parent', '--dependency-update', '--plain-http'], 'template');
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /name: v0\.2\.0/);
    assert.match(t.stderr, /Pulled: /);
    const p = compare(repo, ['package', 'parent', '-u', '--plain-http', '-d', 'out'], 'package -u');
    assert.equal(p.code, 0, p.stderr);
    assert.match(p.stdout, /Pulled: /);
    const f = compare(repo, ['template', 'parent', '--dependency-update'], 'template without --plain-http');
    assert.notEqual(f.code, 0);
  });

  test('TLS registry with basic auth: --ca-file and --username/--password', () => {
    const repo = `oci://${secure.host}/charts`;
    const tls = ['--ca-file', secure.caFile!];
    const creds = ['--username', secure.username!, '--password', secure.password!];
    const t = compare(repo, ['template', 'parent', '--dependency-update', ...tls, ...creds], 'template');
    assert.equal(t.code, 0, t.stderr);
    const p = compare(repo, ['package', 'parent', '-u', '-d', 'out', ...tls, ...creds], 'package -u');
    assert.equal(p.code, 0, p.stderr);
    const a = compare(repo, ['template', 'parent', '--dependency-update', ...tls], 'no credentials');
    assert.notEqual(a.code, 0);
    const c = compare(repo, ['package', 'parent', '-u', ...creds], 'no CA');
    assert.notEqual(c.code, 0);
    // package builds its registry client first, -u or not: unreadable TLS files fail it.
    const nope = 'nope.pem'; // relative: the output names it as given
    for (const bad of [
      ['--ca-file', nope],
      ['--cert-file', nope, '--key-file', nope],
    ]) {
      const b = compare(repo, ['package', 'parent', '-d', 'out', ...bad], `package ${bad[0]}`);
      assert.match(b.stderr, /missing registry client/);
    }
  });
});
