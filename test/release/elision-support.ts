// The harness of the write-elision tests (upgrade and rollback): helm runs in one namespace, rudder
// in another through a loopback counting proxy that sees every request rudder makes, and both
// tools' output, release records and live objects are compared.
import { after } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCluster } from '../support/cluster.js';
import { countingProxy, proxyKubeconfig, type CountingProxy } from '../support/counting-proxy.js';
import { cleanEnv, helmBinary, rudderBundle } from '../cli/support.js';
import type { KubeClient } from '../../src/kube/client.js';
import {
  countedComparisons,
  liveObject,
  namespacePair,
  normalizeOutput,
  readRecords,
  type NamespacePair,
  type Tool,
} from './actions-support.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a CLI without blocking this process, which serves the proxy. */
export function run(tool: Tool, args: string[], kubeconfig: string): Promise<Run> {
  const env = cleanEnv({ KUBECONFIG: kubeconfig });
  const [cmd, pre] = tool === 'helm' ? [helmBinary(), []] : [process.execPath, [rudderBundle()]];
  return new Promise((res) => {
    const p = spawn(cmd, [...pre, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => {
      const norm = (s: string) => (tool === 'rudder' ? s.replaceAll('rudder', 'helm') : s);
      res({ code: code ?? -1, stdout: norm(stdout), stderr: norm(stderr) });
    });
  });
}

const RECORD = /\/secrets(\/sh\.helm\.release\.v1\.[^/?]+)?(\?|$)/;

/** The writes rudder sent to release objects (release records aside), as "METHOD path", in order. */
export function objectWrites(p: CountingProxy): string[] {
  return p
    .requests()
    .filter((r) => r.method !== 'GET' && r.method !== 'HEAD')
    .filter((r) => !(r.method !== 'PATCH' && RECORD.test(r.url)))
    .map((r) => `${r.method} ${r.url.split('?')[0]}`);
}

export interface Pair extends NamespacePair {
  kubeconfig: string;
  proxy: CountingProxy;
}

export type Ref = { apiVersion: string; kind: string; name: string };

export interface ElisionHarness {
  /** One proxy for the whole file, closed after it; a kubeconfig through it under `tmpPrefix`. */
  startProxy(tmpPrefix: string): Promise<{ proxy: CountingProxy; kubeconfig: string }>;
  /** A helm namespace and a rudder one (named from the prefixes), rudder's through the proxy. */
  pair(helmPrefix: string, rudderPrefix: string, tmpPrefix: string): Promise<Pair>;
  /** A counted comparison with helm. */
  same(label: string, a: unknown, b: unknown): void;
  /** The same command by both tools; rudder's requests are the proxy's after this call. */
  both(p: Pair, args: string[]): Promise<Run>;
  /** Release records and the live `refs` alike in both namespaces. */
  sameState(p: Pair, c: KubeClient, refs: Ref[]): Promise<void>;
}

/** The harness for one test file; `name` labels its count of comparisons with helm. */
export function elisionHarness(cluster: TestCluster, name: string): ElisionHarness {
  const same = countedComparisons(name);
  let proxy: CountingProxy | undefined;
  after(async () => {
    await proxy?.close();
  });
  const h: ElisionHarness = {
    async startProxy(tmpPrefix) {
      proxy ??= await countingProxy(cluster.kubeconfig);
      const dir = mkdtempSync(join(tmpdir(), tmpPrefix));
      return { proxy, kubeconfig: proxyKubeconfig(dir, proxy.url, 'proxy') };
    },
    async pair(helmPrefix, rudderPrefix, tmpPrefix) {
      const ns = await namespacePair(cluster, helmPrefix, rudderPrefix);
      const { proxy, kubeconfig } = await h.startProxy(tmpPrefix);
      return { ...ns, kubeconfig, proxy };
    },
    same,
    async both(p, args) {
      const a = await run('helm', [...args, '-n', p.helm], cluster.kubeconfig);
      p.proxy.reset();
      const b = await run('rudder', [...args, '-n', p.rudder], p.kubeconfig);
      const n = (s: string) => normalizeOutput(s, p.names);
      h.same(`stdout of ${args.join(' ')}`, n(a.stdout), n(b.stdout));
      h.same(`stderr of ${args.join(' ')}`, n(a.stderr), n(b.stderr));
      h.same(`exit code of ${args.join(' ')}`, a.code, b.code);
      return a;
    },
    async sameState(p, c, refs) {
      const [a, b] = await Promise.all([readRecords(c, p.helm, p.names), readRecords(c, p.rudder, p.names)]);
      h.same('record names', [...a.keys()].sort(), [...b.keys()].sort());
      for (const [k, rec] of a) {
        h.same(`record ${k} labels`, rec.labels, b.get(k)?.labels);
        h.same(`record ${k}`, rec.release, b.get(k)?.release);
      }
      for (const ref of refs) {
        const x = await liveObject(c, { ...ref, namespace: p.helm }, p.names);
        const y = await liveObject(c, { ...ref, namespace: p.rudder }, p.names);
        h.same(`${ref.kind}/${ref.name}`, x, y);
      }
    },
  };
  return h;
}
