// Cancellation as Helm's install and upgrade see it (RunWithContext): when the context is cancelled
// the action stops waiting for its work, fails the release with Go's `context canceled` and returns,
// while the work itself is abandoned (Helm leaves it running in a goroutine until the process ends;
// here the same AbortSignal stops the waits, and nothing the abandoned work does afterwards is
// recorded).

/** Go's context.Canceled. */
export class ContextCanceledError extends Error {
  override name = 'ContextCanceledError';
  constructor() {
    super('context canceled');
  }
}

/** The reason a cancelled signal carries, as an Error (Go's ctx.Err()). */
export function cancelReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new ContextCanceledError();
}

/**
 * Runs `work` unless `signal` is already cancelled, and settles with the first of: the work's result,
 * or the cancellation (the work's later failure is then dropped, as Helm never reads it).
 */
export function untilCancelled<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  if (!signal) return work();
  if (signal.aborted) return Promise.reject(cancelReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work().then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        if (!signal.aborted) resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!signal.aborted) reject(e as Error);
      },
    );
  });
}

/** Whether `e` is the cancellation of `signal` (not a failure of the work itself). */
export function isCancellation(signal: AbortSignal | undefined, e: unknown): boolean {
  return signal?.aborted === true && (e === signal.reason || e instanceof ContextCanceledError);
}

/** The context for what runs after a cancellation (failing the release, its rollback or uninstall). */
export function withoutSignal<C extends { signal?: AbortSignal }>(ctx: C): Omit<C, 'signal'> {
  const rest: Partial<C> = { ...ctx };
  delete rest.signal;
  return rest as Omit<C, 'signal'>;
}
