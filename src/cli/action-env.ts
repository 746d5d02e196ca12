// What the release-changing commands share: Helm's action configuration (kube client for the
// namespace, release storage from HELM_DRIVER, the slog logger on stderr); the chart half of
// runInstall / runUpgrade is action-chart.ts.
import { KubeClient } from '../kube/client.js';
import type { Storage } from '../storage/storage.js';
import type { KubeRequester } from '../storage/driver/kube.js';
import { goTimeNow } from '../storage/gotime.js';
import type { ActionContext, ActionLog } from '../release/context.js';
import type { CliContext } from './context.js';
import { slogLine } from './slog.js';
import { openStorage, storageSetupFatal } from './release-storage.js';

export interface ActionEnv {
  ctx: ActionContext;
  close(): Promise<void>;
}

const strAttrs = (a?: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(a ?? {}).map(([k, v]) => [k, String(v)]));

export function cliLog(cli: CliContext): ActionLog {
  return {
    debug: (m, a) => {
      if (cli.settings.debug) cli.io.stderr(slogLine('DEBUG', m, a ?? {}));
    },
    warn: (m, a) => cli.io.stderr(slogLine('WARN', m, a ?? {})),
    error: (m, a) => cli.io.stderr(slogLine('ERROR', m, a ?? {})),
    info: (m, a) => cli.io.stderr(slogLine('INFO', m, a ?? {})),
  };
}

/** client-go's warning handler line (klog): `I1206 09:45:12.995433    6123 warnings.go:107] "Warning: …"`. */
export function klogWarning(message: string, now: Date = new Date()): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const micro = String(now.getMilliseconds() * 1000).padStart(6, '0');
  const stamp = `${p2(now.getMonth() + 1)}${p2(now.getDate())} ${p2(now.getHours())}:${p2(now.getMinutes())}:${p2(now.getSeconds())}.${micro}`;
  return `I${stamp} ${String(process.pid).padStart(7)} warnings.go:107] ${JSON.stringify(`Warning: ${message}`)}\n`;
}

/**
 * actionConfig.Init: a client for the release namespace and storage from $HELM_DRIVER. Helm builds
 * its client lazily, so a client-only dry run (`clientOnly`) never fails on a missing or broken
 * kubeconfig: the context then has no client and a storage that fails only when used.
 */
export async function actionEnv(
  cli: CliContext,
  namespace: string,
  signal?: AbortSignal,
  clientOnly = false,
): Promise<ActionEnv> {
  let client: KubeClient | undefined;
  let clientError: unknown;
  try {
    client = KubeClient.fromOptions(
      { ...cli.settings.kubeOptions(), namespace },
      { env: cli.io.env, onWarning: (w) => cli.io.stderr(klogWarning(w)) },
    );
  } catch (e) {
    if (!clientOnly) throw e;
    clientError = e;
  }
  const requester: KubeRequester = client ?? { requestJson: () => Promise.reject(clientError) };
  const log = cliLog(cli);
  const storageLog = {
    debug: (m: string, a?: Record<string, unknown>) => log.debug(m, strAttrs(a)),
    warn: (m: string, a?: Record<string, unknown>) => log.warn(m, strAttrs(a)),
  };
  let storage: Storage;
  try {
    storage = await openStorage(cli, requester, namespace, storageLog);
  } catch (e) {
    client?.close();
    throw storageSetupFatal(e);
  }
  const ctx: ActionContext = {
    ...(client ? { client } : {}),
    storage,
    now: goTimeNow,
    log,
    // Helm's hook output writer is log.Writer(): each write one slog INFO record, final newline cut.
    hookLog: (_ns, _pod, _container, text) => cli.io.stderr(slogLine('INFO', text.replace(/\n$/, ''))),
    ...(signal ? { signal } : {}),
  };
  return {
    ctx,
    close: async () => {
      await storage.close();
      client?.close();
    },
  };
}
