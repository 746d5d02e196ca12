// Whether this invocation colours its output: Helm's --color/HELM_COLOR/NO_COLOR mode, and for
// `auto` whether stdout is a terminal (fatih/color's own check).
import type { CliContext } from '../context.js';
import { colorEnabled } from './color.js';

export const useColor = (ctx: CliContext): boolean =>
  colorEnabled(ctx.settings.colorMode.value, ctx.io.env, process.stdout.isTTY === true);
