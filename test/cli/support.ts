// Runs the real helm v4.3.2 and the bundled rudder side by side, in a clean environment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireHelm } from '../support/corpus.js';

export const repoRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** The helm binary built by tools/helm/build.sh; fails loudly when it is missing. */
export const helmBinary = requireHelm;

/** The bundled CLI, built once per test process. */
let built = false;
export function rudderBundle(): string {
  if (!built) {
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
    built = true;
  }
  return join(repoRoot, 'bin', 'rudder');
}

/** A clean environment: a fresh HOME, no HELM_*, XDG_* or KUBECONFIG from the caller. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'rcli-home-'));
  const env: Record<string, string> = { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' };
  return { ...env, ...extra };
}

export function runHelm(args: string[], env: Record<string, string>, cwd = repoRoot): RunResult {
  const r = spawnSync(helmBinary(), args, { env, cwd, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/** Runs rudder; its own name in the output is turned into `helm`, the only normalisation. */
export function runRudder(args: string[], env: Record<string, string>, cwd = repoRoot): RunResult {
  const r = spawnSync(process.execPath, [rudderBundle(), ...args], { env, cwd, encoding: 'utf8' });
  const norm = (s: string): string => s.replaceAll('rudder', 'helm');
  return { stdout: norm(r.stdout), stderr: norm(r.stderr), code: r.status ?? -1 };
}
