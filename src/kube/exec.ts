// Exec credential plugins (client.authentication.k8s.io/v1 and v1beta1): run the command, read an
// ExecCredential from its stdout, cache it until it expires.
import { spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import type { ExecConfig } from './kubeconfig.js';
import type { Env } from './options.js';

export interface ExecCredentials {
  token?: string;
  clientCertData?: string;
  clientKeyData?: string;
  /** Milliseconds since the epoch; undefined = never expires. */
  expiresAt?: number;
}

export class ExecPluginError extends Error {
  override name = 'ExecPluginError';
}

const SUPPORTED = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

export interface ExecAuthenticatorOptions {
  env: Env;
  /** The kubeconfig cluster entry, passed to the plugin when provideClusterInfo is set. */
  clusterInfo?: Record<string, unknown>;
  now?: () => number;
  timeoutMs?: number;
}

/** Runs one exec plugin on demand and caches its credentials. */
export class ExecAuthenticator {
  private cached: ExecCredentials | undefined;
  private pending: Promise<ExecCredentials> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly cfg: ExecConfig,
    private readonly opts: ExecAuthenticatorOptions,
  ) {
    this.now = opts.now ?? Date.now;
    if (!SUPPORTED.includes(cfg.apiVersion)) {
      throw new ExecPluginError(`exec plugin: invalid apiVersion "${cfg.apiVersion}"`);
    }
  }

  /** Valid credentials, running the plugin when none are cached or they have expired. */
  async credentials(): Promise<ExecCredentials> {
    const c = this.cached;
    if (c && (c.expiresAt === undefined || c.expiresAt > this.now())) return c;
    if (!this.pending) {
      this.pending = this.run().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  /** Forget the cached credentials (after a 401). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async run(): Promise<ExecCredentials> {
    const cfg = this.cfg;
    const command =
      cfg.command.includes('/') && !isAbsolute(cfg.command) ? join(cfg.baseDir, cfg.command) : cfg.command;
    const spec: Record<string, unknown> = { interactive: false };
    if (cfg.provideClusterInfo && this.opts.clusterInfo) {
      const c = this.opts.clusterInfo;
      const cluster: Record<string, unknown> = { server: c['server'] };
      if (c['tls-server-name']) cluster['tls-server-name'] = c['tls-server-name'];
      if (c['insecure-skip-tls-verify']) cluster['insecure-skip-tls-verify'] = true;
      if (c['certificate-authority-data'])
        cluster['certificate-authority-data'] = c['certificate-authority-data'];
      if (c['proxy-url']) cluster['proxy-url'] = c['proxy-url'];
      const ext = c['extensions'];
      if (Array.isArray(ext)) {
        const e = ext.find(
          (x) =>
            typeof x === 'object' &&
            x !== null &&
            (x as Record<string, unknown>)['name'] === 'client.authentication.k8s.io/exec',
        );
        if (e) cluster['config'] = (e as Record<string, unknown>)['extension'];
      }
      spec['cluster'] = cluster;
    }
    const info = { apiVersion: cfg.apiVersion, kind: 'ExecCredential', spec };
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.opts.env)) if (v !== undefined) env[k] = v;
    for (const e of cfg.env) env[e.name] = e.value;
    env['KUBERNETES_EXEC_INFO'] = JSON.stringify(info);

    const { code, stdout, stderr, spawnError } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
      spawnError?: NodeJS.ErrnoException;
    }>((res) => {
      const child = spawn(command, cfg.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      // Our own timer: spawn's `timeout` option leaves a live timer behind when the command cannot start.
      const timer = setTimeout(() => child.kill('SIGKILL'), this.opts.timeoutMs ?? 60_000);
      timer.unref();
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        res({ code: null, stdout: '', stderr: '', spawnError: e });
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        res({
          code: c,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        });
      });
    });
    if (spawnError) {
      if (spawnError.code === 'ENOENT') {
        let msg = `exec: executable ${cfg.command} not found`;
        if (cfg.installHint) msg += `\n\n${cfg.installHint}`;
        throw new ExecPluginError(`getting credentials: ${msg}`);
      }
      throw new ExecPluginError(`getting credentials: exec: ${spawnError.message}`);
    }
    if (code !== 0) {
      const tail = stderr.trim() ? `\n${stderr.trim()}` : '';
      throw new ExecPluginError(
        `getting credentials: exec: executable ${cfg.command} failed with exit code ${code ?? 'null'}${tail}`,
      );
    }
    let cred: unknown;
    try {
      cred = JSON.parse(stdout);
    } catch (e) {
      throw new ExecPluginError(`getting credentials: decoding stdout: ${(e as Error).message}`);
    }
    const o = cred as { apiVersion?: unknown; kind?: unknown; status?: Record<string, unknown> };
    if (o.apiVersion !== cfg.apiVersion) {
      throw new ExecPluginError(
        `getting credentials: exec plugin is configured to use API version ${cfg.apiVersion}, plugin returned version ${String(o.apiVersion)}`,
      );
    }
    const st = o.status;
    if (!st || typeof st !== 'object')
      throw new ExecPluginError("getting credentials: exec plugin didn't return a status field");
    const result: ExecCredentials = {};
    if (typeof st['token'] === 'string' && st['token']) result.token = st['token'];
    if (typeof st['clientCertificateData'] === 'string' && st['clientCertificateData'])
      result.clientCertData = st['clientCertificateData'];
    if (typeof st['clientKeyData'] === 'string' && st['clientKeyData'])
      result.clientKeyData = st['clientKeyData'];
    if (!result.token && !result.clientCertData) {
      throw new ExecPluginError("getting credentials: exec plugin didn't return a token or cert/key pair");
    }
    if (!!result.clientCertData !== !!result.clientKeyData) {
      throw new ExecPluginError(
        'getting credentials: exec plugin returned only certificate or key, not both',
      );
    }
    if (typeof st['expirationTimestamp'] === 'string') {
      const t = Date.parse(st['expirationTimestamp']);
      if (Number.isFinite(t)) result.expiresAt = t;
    }
    this.cached = result;
    return result;
  }
}
