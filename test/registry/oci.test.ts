// OCI registries against a real docker-registry (Distribution 2.8) on 127.0.0.1, with real helm v4.3.2
// on the other side: login files, push digests, pull/template/show by tag, version, constraint and
// digest, helm's errors, and TLS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { startRegistry, startTokenServer, type Registry, type TokenServer } from '../support/registry.js';
import { parseOciReference, referenceString } from '../../src/registry/reference.js';
import { parseChallenge, RegistryClient, sha256Digest } from '../../src/registry/client.js';

const stripWarn = (s: string): string =>
  s
    .split('\n')
    .filter((l) => !l.startsWith('level=WARN msg="using --password'))
    .join('\n');

function same(h: RunResult, r: RunResult, what: string): void {
  assert.equal(r.stdout, h.stdout, `${what}: stdout`);
  assert.equal(stripWarn(r.stderr), stripWarn(h.stderr), `${what}: stderr`);
  assert.equal(r.code, h.code, `${what}: exit code`);
}

describe('references and challenges', () => {
  test('parseOciReference as helm: + in tags, digests, tag+digest', () => {
    const d = `sha256:${'a'.repeat(64)}`;
    assert.deepEqual(parseOciReference('oci://h:5000/a/b:1.0.0+meta'), {
      registry: 'h:5000',
      repository: 'a/b',
      tag: '1.0.0_meta',
      digest: '',
    });
    assert.deepEqual(parseOciReference(`oci://h:5000/a/b:1.0.0@${d}`), {
      registry: 'h:5000',
      repository: 'a/b',
      tag: '1.0.0',
      digest: d,
    });
    assert.equal(referenceString(parseOciReference(`oci://h/c@${d}`)), `h/c@${d}`);
    assert.equal(parseOciReference('oci://h:5000/c').tag, '');
    assert.throws(() => parseOciReference('oci://h/Upper'), /invalid reference/);
    assert.throws(() => parseOciReference('oci://h/c@sha256:zz'), /invalid reference/);
  });
  test('parseChallenge keeps commas inside quoted scope', () => {
    const c = parseChallenge('Bearer realm="https://a/token",service="reg",scope="repository:x/y:pull,push"');
    assert.equal(c.scheme, 'bearer');
    assert.deepEqual(c.params, {
      realm: 'https://a/token',
      service: 'reg',
      scope: 'repository:x/y:pull,push',
    });
  });
});

describe('registry and push commands: help and argument errors as helm', () => {
  test('help texts, flags and missing arguments', () => {
    const cases = [
      ['registry', '--help'],
      ['registry', 'login', '--help'],
      ['registry', 'logout', '--help'],
      ['push', '--help'],
      ['push'],
      ['registry', 'login'],
      ['registry', 'logout'],
    ];
    const env = cleanEnv();
    for (const args of cases) same(runHelm(args, env), runRudder(args, env), args.join(' '));
  });
});

describe('registry with htpasswd auth (plain HTTP)', () => {
  let reg: Registry;
  let work: string;
  let tgz: string;
  let helmEnv: Record<string, string>;
  let rudEnv: Record<string, string>;
  before(async () => {
    reg = await startRegistry({ auth: true });
    work = mkdtempSync(join(tmpdir(), 'rudder-oci-'));
    helmEnv = cleanEnv();
    rudEnv = cleanEnv();
    const c = runHelm(['create', 'ocichart'], helmEnv, work);
    assert.equal(c.code, 0, c.stderr);
    const p = runHelm(['package', 'ocichart'], helmEnv, work);
    assert.equal(p.code, 0, p.stderr);
    tgz = join(work, 'ocichart-0.1.0.tgz');
    utimesSync(tgz, new Date('2024-05-06T07:08:09Z'), new Date('2024-05-06T07:08:09Z'));
  });
  after(async () => {
    await reg?.stop();
  });

  test('login writes the same config.json; logout output and errors match', () => {
    const args = ['registry', 'login', reg.host, '-u', 'testuser', '-p', 'testpass', '--plain-http'];
    same(runHelm(args, helmEnv), runRudder(args, rudEnv), 'login');
    const cfg = (env: Record<string, string>): string =>
      readFileSync(join(env.HOME!, '.config', 'helm', 'registry', 'config.json'), 'utf8');
    assert.equal(cfg(rudEnv), cfg(helmEnv));
    const bad = ['registry', 'login', reg.host, '-u', 'testuser', '-p', 'wrong', '--plain-http'];
    const hb = runHelm(bad, cleanEnv());
    const rb = runRudder(bad, cleanEnv());
    assert.equal(rb.code, 1);
    assert.equal(hb.code, 1);
    assert.match(rb.stderr, new RegExp(`Error: authenticating to "${reg.host}": `));
    // The stored login survives a failed one.
    assert.equal(cfg(rudEnv), cfg(helmEnv));
  });

  test('push: same output and the same manifest digest as helm for the same archive', () => {
    const h = runHelm(['push', tgz, `oci://${reg.host}/h`, '--plain-http'], helmEnv, work);
    const r = runRudder(['push', tgz, `oci://${reg.host}/h`, '--plain-http'], rudEnv, work);
    assert.equal(h.code, 0, h.stderr);
    same(h, r, 'push');
    assert.match(r.stdout, /^Pushed: 127\.0\.0\.1:\d+\/h\/ocichart:0\.1\.0\nDigest: sha256:[0-9a-f]{64}\n$/);
    // A second namespace pushed by rudder only: helm pulls it.
    const r2 = runRudder(['push', tgz, `oci://${reg.host}/r`, '--plain-http'], rudEnv, work);
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(r2.stdout.split('\n')[1], h.stdout.split('\n')[1]);
    const dir = mkdtempSync(join(work, 'hpull-'));
    const hp = runHelm(['pull', `oci://${reg.host}/r/ocichart`, '--plain-http', '-d', dir], helmEnv, work);
    assert.equal(hp.code, 0, hp.stderr);
    assert.deepEqual(readFileSync(join(dir, 'ocichart-0.1.0.tgz')), readFileSync(tgz));
  });

  test('push of a chart with every annotation source, a + version and a .prov: same bytes as helm', () => {
    const dir = mkdtempSync(join(work, 'rich-'));
    mkdirSync(join(dir, 'rich', 'templates'), { recursive: true });
    writeFileSync(
      join(dir, 'rich', 'Chart.yaml'),
      [
        'apiVersion: v2',
        'name: rich',
        'version: 1.2.3+build.7',
        'appVersion: "9.9"',
        'description: "Tags <b> & \\"quotes\\""',
        'home: https://example.com/home',
        'sources: [https://example.com/src1, https://example.com/src2]',
        'keywords: [a, b]',
        'maintainers:',
        '  - {name: Ann, email: ann@example.com}',
        '  - {name: Bob}',
        '  - {email: only@example.com}',
        'annotations:',
        '  org.opencontainers.image.title: ignored',
        '  org.opencontainers.image.version: ignored',
        '  org.opencontainers.image.url: https://override.example.com',
        '  zeta: last',
        '  alpha: first',
        'kubeVersion: ">=1.20.0-0"',
        'deprecated: true',
        'dependencies:',
        '  - {name: sub, version: 0.1.0, repository: "file://../sub", condition: sub.enabled, tags: [t1], alias: s}',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'rich', 'templates', 'cm.yaml'), 'kind: ConfigMap\n');
    mkdirSync(join(dir, 'rich', 'charts', 'sub'), { recursive: true });
    writeFileSync(
      join(dir, 'rich', 'charts', 'sub', 'Chart.yaml'),
      'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    );
    const env = cleanEnv({ SOURCE_DATE_EPOCH: '1700000000' });
    const pk = runHelm(['package', 'rich', '--dependency-update=false'], env, dir);
    assert.equal(pk.code, 0, pk.stderr);
    const archive = join(dir, 'rich-1.2.3+build.7.tgz');
    writeFileSync(`${archive}.prov`, '-----BEGIN PGP SIGNED MESSAGE-----\nnot a real signature\n');
    utimesSync(archive, new Date('2023-01-02T03:04:05Z'), new Date('2023-01-02T03:04:05Z'));
    const h = runHelm(['push', archive, `oci://${reg.host}/rich-h`, '--plain-http'], helmEnv, dir);
    const r = runRudder(['push', archive, `oci://${reg.host}/rich-r`, '--plain-http'], rudEnv, dir);
    assert.equal(h.code, 0, h.stderr);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.replace('rich-r', 'rich-h').replaceAll('rich-r', 'rich-h'), h.stdout);
    assert.match(r.stdout, /contains an underscore/);
    // Pulled back by the other tool: the same archive, the same output shape.
    const hd = mkdtempSync(join(dir, 'h-'));
    const rd = mkdtempSync(join(dir, 'r-'));
    const hp = runHelm(
      ['pull', `oci://${reg.host}/rich-r/rich`, '--version', '1.2.3+build.7', '--plain-http', '-d', hd],
      helmEnv,
      dir,
    );
    const rp = runRudder(
      ['pull', `oci://${reg.host}/rich-h/rich`, '--version', '1.2.3+build.7', '--plain-http', '-d', rd],
      rudEnv,
      dir,
    );
    assert.equal(hp.code, 0, hp.stderr);
    same(hp, { ...rp, stdout: rp.stdout.replaceAll('rich-h', 'rich-r') }, 'pull rich');
    assert.deepEqual(readFileSync(join(rd, 'rich-1.2.3+build.7.tgz')), readFileSync(archive));
    assert.deepEqual(readFileSync(join(hd, 'rich-1.2.3+build.7.tgz')), readFileSync(archive));
  });

  test('pull by tag, --version, constraint, digest and tag+digest: output and files as helm', () => {
    const digest = runHelm(['push', tgz, `oci://${reg.host}/h`, '--plain-http'], helmEnv, work)
      .stdout.split('\n')[1]!
      .slice('Digest: '.length);
    const base = `oci://${reg.host}/h/ocichart`;
    const cases: string[][] = [
      [base],
      [base, '--version', '0.1.0'],
      [base, '--version', '^0.1'],
      [`${base}:0.1.0`],
      [`${base}@${digest}`],
      [`${base}:0.1.0@${digest}`],
      [`${base}:0.1.0@sha256:${'1'.repeat(64)}`],
      [`${base}:0.1.0`, '--version', '0.2.0'],
      [base, '--version', '0.2.0'],
      [base, '--version', '>5'],
    ];
    let n = 0;
    for (const c of cases) {
      const hd = mkdtempSync(join(work, 'h-'));
      const rd = mkdtempSync(join(work, 'r-'));
      const h = runHelm(['pull', ...c, '--plain-http', '-d', hd], helmEnv, work);
      const r = runRudder(['pull', ...c, '--plain-http', '-d', rd], rudEnv, work);
      same(h, r, c.join(' '));
      assert.deepEqual(readdirSync(rd), readdirSync(hd), c.join(' '));
      for (const f of readdirSync(hd)) assert.deepEqual(readFileSync(join(rd, f)), readFileSync(join(hd, f)));
      n++;
    }
    assert.equal(n, cases.length);
  });

  test('template and show from oci:// match helm; pulled archive lands in the content cache', () => {
    const ref = `oci://${reg.host}/r/ocichart`;
    for (const args of [
      ['template', 'x', ref, '--plain-http'],
      ['template', 'x', ref, '--version', '0.1.0', '--plain-http', '--set', 'replicaCount=3'],
      ['show', 'chart', ref, '--plain-http'],
      ['show', 'values', ref, '--plain-http'],
    ]) {
      same(runHelm(args, helmEnv, work), runRudder(args, rudEnv, work), args.join(' '));
    }
    const cache = join(rudEnv.HOME!, '.cache', 'helm', 'content');
    const hcache = join(helmEnv.HOME!, '.cache', 'helm', 'content');
    assert.deepEqual(
      readdirSync(cache, { recursive: true }).sort(),
      readdirSync(hcache, { recursive: true }).sort(),
    );
  });

  test('tag+digest: cached under the manifest digest as helm does; the second run reads the cache', () => {
    const h = runHelm(['push', tgz, `oci://${reg.host}/c`, '--plain-http'], helmEnv, work);
    const digest = h.stdout.split('\n')[1]!.slice('Digest: '.length);
    const hEnv = cleanEnv({
      HELM_REGISTRY_CONFIG: join(helmEnv.HOME!, '.config', 'helm', 'registry', 'config.json'),
    });
    const rEnv = cleanEnv({
      HELM_REGISTRY_CONFIG: join(rudEnv.HOME!, '.config', 'helm', 'registry', 'config.json'),
    });
    const args = ['template', 'x', `oci://${reg.host}/c/ocichart:0.1.0@${digest}`, '--plain-http'];
    const first = runRudder(args, rEnv, work);
    same(runHelm(args, hEnv, work), first, 'first template');
    assert.match(first.stderr, /^Pulled: /);
    const second = runRudder(args, rEnv, work);
    same(runHelm(args, hEnv, work), second, 'second template');
    assert.equal(second.stderr, '');
    assert.equal(second.stdout, first.stdout);
    const list = (env: Record<string, string>): string[] =>
      readdirSync(join(env.HOME!, '.cache', 'helm', 'content'), { recursive: true })
        .map(String)
        .sort();
    assert.deepEqual(list(rEnv), list(hEnv));
    assert.ok(list(rEnv).includes(join(digest.slice(7, 9), `${digest.slice(7)}.chart`)), list(rEnv).join());
    // pull reads the cache but does not fill it.
    const pEnv = cleanEnv({ HELM_REGISTRY_CONFIG: rEnv.HELM_REGISTRY_CONFIG! });
    const pd = mkdtempSync(join(work, 'p-'));
    assert.equal(
      runRudder(['pull', `oci://${reg.host}/c/ocichart`, '--plain-http', '-d', pd], pEnv, work).code,
      0,
    );
    assert.throws(() => readdirSync(join(pEnv.HOME!, '.cache', 'helm', 'content')));
  });

  test('manifests with foreign media types fail as in helm; the legacy chart layer type pulls with a warning', async () => {
    const c = new RegistryClient(reg.host, {
      plainHttp: true,
      credential: { username: reg.username!, password: reg.password! },
    });
    const chart = readFileSync(tgz);
    const cfg = Buffer.from('{"name":"ocichart","version":"0.1.0"}');
    const junk = Buffer.from('not a chart');
    for (const b of [chart, cfg, junk]) await c.pushBlob('odd/ocichart', b);
    const desc = (mediaType: string, b: Buffer): object => ({
      mediaType,
      digest: sha256Digest(b),
      size: b.length,
    });
    const manifest = (config: object, layers: object[]): Buffer =>
      Buffer.from(JSON.stringify({ schemaVersion: 2, config, layers }));
    await c.pushManifest(
      'odd/ocichart',
      '1.0.0',
      manifest(desc('application/vnd.oci.image.config.v1+json', cfg), [
        desc('application/vnd.oci.image.layer.v1.tar', junk),
      ]),
    );
    await c.pushManifest(
      'odd/ocichart',
      '2.0.0',
      manifest(desc('application/vnd.cncf.helm.config.v1+json', cfg), [
        desc('application/vnd.oci.image.layer.v1.tar', junk),
      ]),
    );
    await c.pushManifest(
      'odd/ocichart',
      '3.0.0',
      manifest(desc('application/vnd.oci.image.config.v1+json', cfg), [desc('application/tar+gzip', chart)]),
    );
    await c.pushManifest(
      'odd/ocichart',
      '4.0.0',
      manifest(desc('application/vnd.cncf.helm.config.v1+json', cfg), [desc('application/tar+gzip', chart)]),
    );
    for (const v of ['1.0.0', '2.0.0', '3.0.0', '4.0.0']) {
      const hd = mkdtempSync(join(work, 'h-'));
      const rd = mkdtempSync(join(work, 'r-'));
      const args = ['pull', `oci://${reg.host}/odd/ocichart`, '--version', v, '--plain-http'];
      const h = runHelm([...args, '-d', hd], helmEnv, work);
      const r = runRudder([...args, '-d', rd], rudEnv, work);
      same(h, r, `odd ${v}`);
      assert.deepEqual(readdirSync(rd), readdirSync(hd));
    }
    const legacy = runRudder(
      [
        'pull',
        `oci://${reg.host}/odd/ocichart`,
        '--version',
        '4.0.0',
        '--plain-http',
        '-d',
        mkdtempSync(join(work, 'l-')),
      ],
      rudEnv,
      work,
    );
    assert.match(legacy.stdout, /^Warning: chart media type application\/tar\+gzip is deprecated\nPulled: /);
  });

  test('no credentials: pull is refused; helm login is used by rudder and the reverse', () => {
    const anon = cleanEnv();
    const r = runRudder(['pull', `oci://${reg.host}/h/ocichart`, '--plain-http', '-d', work], anon, work);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: GET ".*": basic credential not found$/m);
    // Errors as helm words them: missing credential, HTTPS to a plain server, bad password, refused port.
    const h = `oci://${reg.host}/h/ocichart`;
    for (const args of [
      ['pull', h, '--plain-http'],
      ['pull', `${h}:0.1.0`, '--plain-http'],
      ['pull', `${h}:0.1.0`],
      ['push', tgz, `oci://${reg.host}/anon`, '--plain-http'],
      ['registry', 'login', reg.host, '-u', 'testuser', '-p', 'bad', '--plain-http'],
      ['pull', 'oci://127.0.0.1:1/a/b:1.0.0', '--plain-http'],
    ]) {
      const dir = mkdtempSync(join(work, 'e-'));
      same(
        runHelm([...args, '-d', dir].slice(0, args[0] === 'pull' ? undefined : args.length), anon, work),
        runRudder([...args, '-d', dir].slice(0, args[0] === 'pull' ? undefined : args.length), anon, work),
        args.join(' '),
      );
    }
    // rudder reads helm's login, helm reads rudder's.
    const d1 = mkdtempSync(join(work, 'x-'));
    assert.equal(
      runRudder(['pull', `oci://${reg.host}/h/ocichart`, '--plain-http', '-d', d1], helmEnv, work).code,
      0,
    );
    const d2 = mkdtempSync(join(work, 'y-'));
    assert.equal(
      runHelm(['pull', `oci://${reg.host}/h/ocichart`, '--plain-http', '-d', d2], rudEnv, work).code,
      0,
    );
    // Explicit --username/--password without a stored login.
    const d3 = mkdtempSync(join(work, 'z-'));
    const args = [
      'pull',
      `oci://${reg.host}/h/ocichart`,
      '--plain-http',
      '-d',
      d3,
      '--username',
      'testuser',
      '--password',
      'testpass',
    ];
    assert.equal(runRudder(args, anon, work).code, 0);
    assert.equal(readdirSync(d3).length, 1);
  });

  test('logout: output as helm, then not logged in', () => {
    const args = ['registry', 'logout', reg.host];
    same(runHelm(args, helmEnv), runRudder(args, rudEnv), 'logout');
    same(runHelm(args, helmEnv), runRudder(args, rudEnv), 'logout again');
    assert.equal(
      readFileSync(join(rudEnv.HOME!, '.config', 'helm', 'registry', 'config.json'), 'utf8'),
      readFileSync(join(helmEnv.HOME!, '.config', 'helm', 'registry', 'config.json'), 'utf8'),
    );
  });
});

describe('registry over TLS', () => {
  let reg: Registry;
  let work: string;
  let tgz: string;
  before(async () => {
    reg = await startRegistry({ auth: true, tls: true });
    work = mkdtempSync(join(tmpdir(), 'rudder-oci-tls-'));
    const env = cleanEnv();
    assert.equal(runHelm(['create', 'tlschart'], env, work).code, 0);
    assert.equal(runHelm(['package', 'tlschart'], env, work).code, 0);
    tgz = join(work, 'tlschart-0.1.0.tgz');
  });
  after(async () => {
    await reg?.stop();
  });

  test('login --ca-file, push, helm pulls; unknown CA refused; --insecure-skip-tls-verify accepted', () => {
    const env = cleanEnv();
    const login = runRudder(
      ['registry', 'login', reg.host, '-u', 'testuser', '-p', 'testpass', '--ca-file', reg.caFile!],
      env,
    );
    assert.equal(login.code, 0, login.stderr);
    assert.equal(login.stdout, 'Login Succeeded\n');
    const push = runRudder(['push', tgz, `oci://${reg.host}/t`, '--ca-file', reg.caFile!], env, work);
    assert.equal(push.code, 0, push.stderr);
    const hd = mkdtempSync(join(work, 'h-'));
    const hp = runHelm(
      ['pull', `oci://${reg.host}/t/tlschart`, '--ca-file', reg.caFile!, '-d', hd],
      env,
      work,
    );
    assert.equal(hp.code, 0, hp.stderr);
    assert.equal(hp.stdout, push.stdout.replace('Pushed:', 'Pulled:'));
    const bad = runRudder(['pull', `oci://${reg.host}/t/tlschart`, '-d', work], env, work);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /certificate|self.signed/i);
    const rd = mkdtempSync(join(work, 'r-'));
    const ok = runRudder(
      ['pull', `oci://${reg.host}/t/tlschart`, '--insecure-skip-tls-verify', '-d', rd],
      env,
      work,
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(readFileSync(join(rd, 'tlschart-0.1.0.tgz')), readFileSync(tgz));
    mkdirSync(join(work, 'unused'), { recursive: true });
    copyFileSync(tgz, join(work, 'unused', 'x.tgz'));
  });
});

describe('registry with bearer token auth', () => {
  let reg: Registry;
  let tokens: TokenServer;
  let work: string;
  let tgz: string;
  before(async () => {
    tokens = await startTokenServer();
    reg = await startRegistry({ tokenRealm: tokens.realm });
    work = mkdtempSync(join(tmpdir(), 'rudder-oci-tok-'));
    const env = cleanEnv();
    assert.equal(runHelm(['create', 'tokchart'], env, work).code, 0);
    assert.equal(runHelm(['package', 'tokchart'], env, work).code, 0);
    tgz = join(work, 'tokchart-0.1.0.tgz');
  });
  after(async () => {
    await reg?.stop();
    await tokens?.stop();
  });

  test('token fetched from the challenge realm with basic credentials and the push/pull scopes', () => {
    const env = cleanEnv();
    const basic = `Basic ${Buffer.from('testuser:testpass').toString('base64')}`;
    const login = runRudder(
      ['registry', 'login', reg.host, '-u', 'testuser', '-p', 'testpass', '--plain-http'],
      env,
    );
    assert.equal(login.code, 0, login.stderr);
    const before = tokens.log().length;
    const push = runRudder(['push', tgz, `oci://${reg.host}/b`, '--plain-http'], env, work);
    assert.equal(push.code, 0, push.stderr);
    const pushReqs = tokens.log().slice(before);
    assert.ok(pushReqs.length >= 1);
    for (const r of pushReqs) {
      assert.equal(r.authorization, basic);
      assert.equal(r.service, 'rudder-test-registry');
    }
    assert.ok(
      pushReqs.some((r) => r.scope.includes('repository:b/tokchart:pull,push')),
      JSON.stringify(pushReqs),
    );
    // helm reads rudder's login and pulls what rudder pushed through the same token endpoint.
    const hd = mkdtempSync(join(work, 'h-'));
    const hp = runHelm(['pull', `oci://${reg.host}/b/tokchart`, '--plain-http', '-d', hd], env, work);
    assert.equal(hp.code, 0, hp.stderr);
    assert.deepEqual(readFileSync(join(hd, 'tokchart-0.1.0.tgz')), readFileSync(tgz));
    const n = tokens.log().length;
    const rd = mkdtempSync(join(work, 'r-'));
    const rp = runRudder(['pull', `oci://${reg.host}/b/tokchart:0.1.0`, '--plain-http', '-d', rd], env, work);
    assert.equal(rp.code, 0, rp.stderr);
    assert.equal(rp.stdout, hp.stdout.replace('tokchart\n', 'tokchart:0.1.0\n'));
    assert.ok(
      tokens
        .log()
        .slice(n)
        .some((r) => r.scope.includes('repository:b/tokchart:pull')),
    );
    // Wrong password: the token endpoint refuses, so does the pull.
    const bad = runRudder(
      [
        'pull',
        `oci://${reg.host}/b/tokchart:0.1.0`,
        '--plain-http',
        '-d',
        rd,
        '--username',
        'testuser',
        '--password',
        'nope',
      ],
      cleanEnv(),
      work,
    );
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /unauthorized: bad credentials/);
  });
});
