// Helm's wait strategies (pkg/kube GetWaiter): what Wait, WaitWithJobs, WaitForDelete and
// WatchUntilReady do under `watcher`, `hookOnly` (the default: only hooks are watched) and `legacy`.
import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import { legacyWait, legacyWaitForDelete, legacyWatchUntilReady, type LegacyLog } from './legacy-waiter.js';
import { waitForDelete, waitForReady, waitForReadyWithJobs, watchUntilReady } from '../kube/wait.js';

export type WaitStrategy = 'watcher' | 'hookOnly' | 'legacy';

export interface Waiter {
  wait(objects: readonly KubeObject[], timeoutMs: number): Promise<void>;
  waitWithJobs(objects: readonly KubeObject[], timeoutMs: number): Promise<void>;
  waitForDelete(objects: readonly KubeObject[], timeoutMs: number): Promise<void>;
  watchUntilReady(objects: readonly KubeObject[], timeoutMs: number): Promise<void>;
}

/** The waiter for a strategy; `legacy` is Helm 3's ReadyChecker polling (legacy-waiter.ts). */
export function getWaiter(
  client: KubeClient,
  strategy: WaitStrategy,
  signal?: AbortSignal,
  log: LegacyLog = {},
): Waiter {
  const opts = (timeoutMs: number) => ({ timeoutMs, ...(signal ? { signal } : {}) });
  const watchHooks = (objs: readonly KubeObject[], t: number) => watchUntilReady(client, objs, opts(t));
  if (strategy === 'hookOnly') {
    const none = async (): Promise<void> => {};
    return { wait: none, waitWithJobs: none, waitForDelete: none, watchUntilReady: watchHooks };
  }
  if (strategy === 'legacy') {
    return {
      wait: (objs, t) => legacyWait(client, objs, t, false, signal),
      waitWithJobs: (objs, t) => legacyWait(client, objs, t, true, signal),
      waitForDelete: (objs, t) => legacyWaitForDelete(client, objs, t, signal),
      watchUntilReady: (objs, t) => legacyWatchUntilReady(client, objs, t, log, signal),
    };
  }
  if (strategy !== 'watcher') {
    throw new Error(
      `unknown wait strategy (s${String(strategy)}). Valid values are: watcher, hookOnly, legacy`,
    );
  }
  return {
    wait: (objs, t) => waitForReady(client, objs, opts(t)),
    waitWithJobs: (objs, t) => waitForReadyWithJobs(client, objs, opts(t)),
    waitForDelete: (objs, t) => waitForDelete(client, objs, opts(t)),
    watchUntilReady: watchHooks,
  };
}
