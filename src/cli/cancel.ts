// Helm's install and upgrade commands catch SIGINT and SIGTERM (signal.Notify): the first one prints
// "Release <name> has been cancelled." and cancels the action's context; later ones are swallowed
// while the command finishes. Other commands keep the default (the signal ends the process).
import { ContextCanceledError } from '../release/cancel.js';
import type { CliContext } from './context.js';

export interface SignalCancel {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function cancelOnSignal(cli: CliContext, name: string): SignalCancel {
  const ac = new AbortController();
  const onSignal = (): void => {
    if (ac.signal.aborted) return;
    cli.io.stdout(`Release ${name} has been cancelled.\n`);
    ac.abort(new ContextCanceledError());
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ac.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
