// helm v4.3.2 and rudder run through the same steps, each tool in its own fresh HOME and working
// directory for the whole list (so repositories added, logins and caches carry over from step to
// step), then compared step by step on stdout, stderr and exit code. Also the loopback chart
// repository directory most of these tests start from.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helm, packageChart, rudder, type RunResult } from '../repo/support.js';

export type Tool = typeof helm;

/** slog's text handler stamps each line with its time; the rest must match. */
export const noTime = (s: string): string => s.replace(/^time=\S+ /gm, '');

export interface SessionOptions {
  /**
   * Names the temporary HOME and working directory. Never 'rudder': rudder's output has that word
   * turned into 'helm', which would change the paths it prints.
   */
  prefix: string;
  /** Prepares the working directory before the first step. */
  setup?: (cwd: string) => void;
  /** What is compared of a step's stderr (`home`: the session's HOME); as written by default. */
  mask?: (stderr: string, home: string) => string;
  /** Masks stdout the same way. */
  maskStdout?: boolean;
}

export interface Session {
  outs: RunResult[];
  /** The working directory's entries after the last step, sorted. */
  files: string[];
}

/** Runs the steps one after another in one new HOME and working directory. */
export async function session(tool: Tool, steps: string[][], o: SessionOptions): Promise<Session> {
  const home = mkdtempSync(join(tmpdir(), `${o.prefix}-home-`));
  const cwd = mkdtempSync(join(tmpdir(), `${o.prefix}-cwd-`));
  o.setup?.(cwd);
  const env = cleanEnv({ HOME: home });
  const mask = o.mask ?? ((s: string): string => s);
  const outs: RunResult[] = [];
  for (const args of steps) {
    const r = await tool(args, env, cwd);
    outs.push({
      stdout: o.maskStdout ? mask(r.stdout, home) : r.stdout,
      stderr: mask(r.stderr, home),
      code: r.code,
    });
  }
  return { outs, files: readdirSync(cwd).sort() };
}

/**
 * A helm session, then a rudder one (each fills its own caches), asserted equal step by step on
 * stdout, stderr and exit code. Returns both, for checks that the steps did what they were for.
 */
export async function compareSessions(
  steps: string[][],
  o: SessionOptions,
): Promise<{ helm: Session; rudder: Session }> {
  const h = await session(helm, steps, o);
  const r = await session(rudder, steps, o);
  for (const [i, args] of steps.entries()) {
    const what = args.join(' ');
    assert.equal(r.outs[i]!.stdout, h.outs[i]!.stdout, `${what}: stdout`);
    assert.equal(r.outs[i]!.stderr, h.outs[i]!.stderr, `${what}: stderr`);
    assert.equal(r.outs[i]!.code, h.outs[i]!.code, `${what}: exit code`);
  }
  return { helm: h, rudder: r };
}

/** A new directory with these charts packaged by helm and indexed by `helm repo index`. */
export async function chartRepoDir(
  prefix: string,
  charts: [name: string, version: string][],
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  for (const [name, version] of charts) await packageChart(dir, name, version);
  const r = await helm(['repo', 'index', dir], cleanEnv());
  assert.equal(r.code, 0, r.stderr);
  return dir;
}
