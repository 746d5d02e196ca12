// Helm's positional-argument validators (pkg/cmd/require), with their exact error texts.
import type { ArgsValidator, Command } from './command/command.js';
import { quote as goQuote } from '../go/strconv/format.js';

const plural = (word: string, n: number): string => (n === 1 ? word : `${word}s`);
const usage = (cmd: Command): string => `\n\nUsage:  ${cmd.useLine()}`;

export const noArgs: ArgsValidator = (cmd, args) => {
  if (args.length > 0) throw new Error(`${goQuote(cmd.commandPath())} accepts no arguments${usage(cmd)}`);
};

export const exactArgs =
  (n: number): ArgsValidator =>
  (cmd, args) => {
    if (args.length !== n)
      throw new Error(`${goQuote(cmd.commandPath())} requires ${n} ${plural('argument', n)}${usage(cmd)}`);
  };

export const maximumNArgs =
  (n: number): ArgsValidator =>
  (cmd, args) => {
    if (args.length > n)
      throw new Error(
        `${goQuote(cmd.commandPath())} accepts at most ${n} ${plural('argument', n)}${usage(cmd)}`,
      );
  };

export const minimumNArgs =
  (n: number): ArgsValidator =>
  (cmd, args) => {
    if (args.length < n)
      throw new Error(
        `${goQuote(cmd.commandPath())} requires at least ${n} ${plural('argument', n)}${usage(cmd)}`,
      );
  };
