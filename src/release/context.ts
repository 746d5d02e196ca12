// What every release action is given: the cluster, the release storage, a clock and Helm's logger.
import type { KubeClient } from '../kube/client.js';
import type { Storage } from '../storage/storage.js';
import { Capabilities, KubeVersion, helmBuildInfo, versionSet } from '../render/capabilities.js';

export interface ActionLog {
  debug(msg: string, attrs?: Record<string, string>): void;
  warn(msg: string, attrs?: Record<string, string>): void;
  error(msg: string, attrs?: Record<string, string>): void;
  /** INFO records: what Helm's code writes with Go's log package (slog's default handler). */
  info?(msg: string, attrs?: Record<string, string>): void;
}

export const silentActionLog: ActionLog = { debug() {}, warn() {}, error() {} };

export interface ActionContext {
  /** Absent for a client-only dry run. */
  client?: KubeClient;
  storage: Storage;
  /** Go time text of "now" (record timestamps, hook runs). */
  now: () => string;
  log: ActionLog;
  /** Hook pod logs (Helm writes them to stderr); absent = discarded. */
  hookLog?: (namespace: string, pod: string, container: string, text: string) => void;
  signal?: AbortSignal;
}

export function requireClient(ctx: ActionContext): NonNullable<ActionContext['client']> {
  if (!ctx.client) throw new Error('kubernetes cluster unreachable: no client');
  return ctx.client;
}

/** getCapabilities: the server's version and API versions. */
export async function clusterCapabilities(ctx: ActionContext): Promise<Capabilities> {
  const client = requireClient(ctx);
  const v = await client.serverVersion();
  // helm's getCapabilities: Version, Major and Minor as discovery's /version gives them; the
  // unexported normalizedVersion stays empty (so String() is the full GitVersion and the struct
  // prints as {v1.34.10  1 34}), unlike --kube-version and the defaults (ParseKubeVersion).
  return new Capabilities(
    new KubeVersion(v.gitVersion ?? '', '', v.major ?? '', v.minor ?? ''),
    versionSet(await client.discovery.apiVersions()),
    helmBuildInfo(),
  );
}
