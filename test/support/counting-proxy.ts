// A plain-HTTP loopback proxy in front of the test cluster's API server that records every request
// passing through (method and path): the way tests and benchmarks count what a CLI sends. The proxy
// holds the kubeconfig's admin client certificate; CLIs reach it with proxyKubeconfig's file. It
// serves from this process's event loop: run the CLIs with async spawn, never spawnSync.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface Counts {
  total: number;
  /** Requests other than GET and HEAD. */
  writes: number;
  byMethod: Record<string, number>;
}

export interface SeenRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
}

export interface CountingProxy {
  url: string;
  reset(): void;
  counts(): Counts;
  requests(): SeenRequest[];
  close(): Promise<void>;
}

export async function countingProxy(kubeconfig: string, context = 'admin'): Promise<CountingProxy> {
  type Named<T> = { name: string } & T;
  const kc = parseYaml(readFileSync(kubeconfig, 'utf8')) as {
    clusters: Named<{ cluster: Record<string, string> }>[];
    users: Named<{ user: Record<string, string> }>[];
    contexts: Named<{ context: { cluster: string; user: string } }>[];
  };
  const ctx = kc.contexts.find((c) => c.name === context)!.context;
  const cluster = kc.clusters.find((c) => c.name === ctx.cluster)!.cluster;
  const user = kc.users.find((u) => u.name === ctx.user)!.user;
  const b64 = (s: string | undefined): Buffer => Buffer.from(s ?? '', 'base64');
  const target = new URL(cluster['server']!);
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 64,
    ca: b64(cluster['certificate-authority-data']),
    cert: b64(user['client-certificate-data']),
    key: b64(user['client-key-data']),
  });
  let seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    seen.push({ method, url: req.url ?? '/' });
    const up = https.request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    reset: () => (seen = []),
    requests: () => [...seen],
    counts: () => {
      const c: Counts = { total: 0, writes: 0, byMethod: {} };
      for (const { method } of seen) {
        c.total++;
        c.byMethod[method] = (c.byMethod[method] ?? 0) + 1;
        if (method !== 'GET' && method !== 'HEAD') c.writes++;
      }
      return c;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
        agent.destroy();
      }),
  };
}

/** Writes a kubeconfig (no credentials: the proxy holds them) for the proxy at `url`. */
export function proxyKubeconfig(dir: string, url: string, name: string): string {
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: p\n  cluster:\n    server: ${url}\nusers:\n- name: p\n  user: {}\ncontexts:\n- name: p\n  context:\n    cluster: p\n    user: p\ncurrent-context: p\n`,
  );
  return file;
}
