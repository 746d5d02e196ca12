// `plugin install oci://…`: plugin artifacts laid out as Helm 4.3.2 reads them (artifactType
// application/vnd.helm.plugin.v1+json, layers titled <name>-<version>.tgz and .tgz.prov, as
// `oras push --artifact-type` makes them; helm has no push for plugins) in a real docker-registry
// on 127.0.0.1. Archives and .prov files come from helm's own `plugin package --sign`; every case
// runs helm v4.3.2 and rudder in equal workspaces and compares outputs and installed trees.
import assert from 'node:assert/strict';
import { rmSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { GnuPG, PASSPHRASE } from '../provenance/gpg.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { RegistryClient, sha256Digest } from '../../src/registry/client.js';
import { pluginTree } from './tree.js';

const ART = 'application/vnd.helm.plugin.v1+json';
const root = mkdtempSync(join(tmpdir(), 'rplug-oci-'));
let reg: Registry;
let keys: { pub: string; sec: string };

function pack(name: string, version: string, sign: boolean): string {
  const d = join(root, 'src', name);
  mkdirSync(d, { recursive: true });
  writeFileSync(
    join(d, 'plugin.yaml'),
    `apiVersion: v1\nname: ${name}\ntype: cli/v1\nruntime: subprocess\nversion: ${version}\nruntimeConfig:\n  platformCommand:\n    - command: sh\n      args: ["-c", 'echo "oci $HELM_PLUGIN_NAME $*"', "x"]\n`,
  );
  writeFileSync(join(d, 'tool.sh'), '#!/bin/sh\n');
  chmodSync(join(d, 'tool.sh'), 0o755);
  const out = join(root, 'out');
  const pp = join(root, 'pass');
  writeFileSync(pp, `${PASSPHRASE}\n`);
  const args = ['plugin', 'package', d, '-d', out];
  if (sign) args.push('--sign', '--key', 'oci@example.com', '--keyring', keys.sec, '--passphrase-file', pp);
  else args.push('--sign=false');
  const r = runHelm(args, cleanEnv());
  assert.equal(r.code, 0, r.stderr);
  return join(out, `${name}-${version}.tgz`);
}

/** Pushes the archive (and its .prov when present) as oras does; `manifest` may be altered. */
async function push(
  repo: string,
  tag: string,
  tgz: string,
  alter: (m: Record<string, unknown>) => void = () => {},
): Promise<void> {
  const c = new RegistryClient(reg.host, { plainHttp: true });
  const empty = Buffer.from('{}');
  await c.pushBlob(repo, empty);
  const layers = [];
  for (const f of [tgz, `${tgz}.prov`]) {
    if (!existsSync(f)) continue;
    const data = readFileSync(f);
    await c.pushBlob(repo, data);
    layers.push({
      mediaType: 'application/vnd.oci.image.layer.v1.tar',
      digest: sha256Digest(data),
      size: data.length,
      annotations: { 'org.opencontainers.image.title': f.split('/').pop() },
    });
  }
  const m: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: ART,
    config: {
      mediaType: 'application/vnd.oci.empty.v1+json',
      digest: sha256Digest(empty),
      size: 2,
      data: 'e30=',
    },
    layers,
    annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' },
  };
  alter(m);
  await c.pushManifest(repo, tag, Buffer.from(JSON.stringify(m)));
}

function workspace(): Record<string, string> {
  const w = mkdtempSync(join(root, 'ws-'));
  return cleanEnv({
    HELM_PLUGINS: join(w, 'plugins'),
    HELM_DATA_HOME: join(w, 'data'),
    HELM_CACHE_HOME: join(w, 'cache'),
    HELM_CONFIG_HOME: join(w, 'config'),
    GNUPGHOME: join(w, 'nognupg'),
  });
}

function both(args: string[]): {
  helm: RunResult;
  rudder: RunResult;
  henv: Record<string, string>;
  renv: Record<string, string>;
} {
  const henv = workspace();
  const renv = workspace();
  const norm = (r: RunResult, e: Record<string, string>): RunResult => ({
    stdout: r.stdout.replaceAll(dirname(e.HELM_DATA_HOME!), '<ws>'),
    stderr: r.stderr.replaceAll(dirname(e.HELM_DATA_HOME!), '<ws>').replace(/time=\S+ /g, ''),
    code: r.code,
  });
  return { helm: norm(runHelm(args, henv), henv), rudder: norm(runRudder(args, renv), renv), henv, renv };
}

function sameTrees(r: { henv: Record<string, string>; renv: Record<string, string> }): void {
  for (const k of ['HELM_PLUGINS', 'HELM_DATA_HOME'])
    assert.deepEqual(pluginTree(r.renv[k]!), pluginTree(r.henv[k]!), k);
}

before(async () => {
  const g = new GnuPG();
  g.generate({ uid: 'OCI Signer <oci@example.com>', algo: 'rsa2048', passphrase: PASSPHRASE });
  keys = g.exportTo(root);
  reg = await startRegistry();
  await push('plugins/ocisigned', '1.0.0', pack('ocisigned', '1.0.0', true));
  await push('plugins/ociplain', '0.2.0', pack('ociplain', '0.2.0', false));
  await push('plugins/wrongtype', '1.0.0', pack('wrongtype', '1.0.0', false), (m) => {
    m.artifactType = 'application/vnd.cncf.helm.config.v1+json';
  });
  await push('plugins/legacycfg', '1.0.0', pack('legacycfg', '1.0.0', false), (m) => {
    delete m.artifactType;
    (m.config as Record<string, unknown>).mediaType = ART;
  });
  await push('plugins/othername', '1.0.0', pack('ociplain', '0.2.0', false));
});
after(async () => {
  await reg?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('oci: signed artifact verified by default, installed where helm puts it, listed as signed', () => {
  const ref = `oci://${reg.host}/plugins/ocisigned:1.0.0`;
  const r = both(['plugin', 'install', ref, '--plain-http', '--keyring', keys.pub]);
  assert.deepEqual(r.rudder, r.helm);
  assert.match(r.helm.stdout, /Plugin Hash Verified: sha256:[0-9a-f]{64}\nInstalled plugin: ocisigned\n$/);
  sameTrees(r);
  assert.deepEqual(runRudder(['plugin', 'list'], r.renv), runHelm(['plugin', 'list'], r.henv));
  assert.deepEqual(runRudder(['ocisigned', 'q'], r.renv), runHelm(['ocisigned', 'q'], r.henv));
  // No keyring at the default place.
  const n = both(['plugin', 'install', ref, '--plain-http']);
  assert.deepEqual(n.rudder, n.helm);
  assert.equal(n.helm.code, 1);
});

test('oci: unsigned artifacts, --verify=false, wrong types, missing tags and layers', () => {
  const h = `oci://${reg.host}/plugins`;
  const cases = [
    ['plugin', 'install', `${h}/ociplain:0.2.0`, '--plain-http'],
    ['plugin', 'install', `${h}/ociplain:0.2.0`, '--plain-http', '--verify=false'],
    ['plugin', 'install', `${h}/wrongtype:1.0.0`, '--plain-http', '--verify=false'],
    ['plugin', 'install', `${h}/legacycfg:1.0.0`, '--plain-http', '--verify=false'],
    ['plugin', 'install', `${h}/othername:1.0.0`, '--plain-http', '--verify=false'],
    ['plugin', 'install', `${h}/ociplain:9.9.9`, '--plain-http', '--verify=false'],
    ['plugin', 'install', `${h}/ociplain:9.9.9`, '--plain-http'],
  ];
  for (const args of cases) {
    const r = both(args);
    assert.deepEqual(r.rudder, r.helm, args.join(' '));
    sameTrees(r);
  }
});
