// Hostile-input tests: scratch directories, rudder run in a child process under a memory cap and
// a generous timeout, real helm beside it, and snapshots proving nothing changed outside.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmBinary, rudderBundle, type RunResult } from '../cli/support.js';

/** A fresh scratch directory (real path, so messages name it as both tools see it). */
export const scratch = (): string => realpathSync(mkdtempSync(join(tmpdir(), 'hostile-')));

export interface RunOptions {
  /** V8 heap cap in MiB for rudder. */
  memMb?: number;
  /** Kill after this many ms (a hang fails the test instead of the suite). */
  timeoutMs?: number;
}

// HOME lies outside the scratch root: the bundle keeps a code cache under it.
const home = mkdtempSync(join(tmpdir(), 'hostile-home-'));
const env = (_cwd: string): Record<string, string> => ({
  HOME: home,
  PATH: process.env.PATH ?? '/usr/bin:/bin',
});

/** Runs the bundled rudder with a capped heap; its name in the output becomes `helm`. */
export function rudder(
  args: string[],
  cwd: string,
  opts: RunOptions = {},
): RunResult & { signal: string | null } {
  const r = spawnSync(
    process.execPath,
    ['--stack-size=6000', `--max-old-space-size=${opts.memMb ?? 256}`, rudderBundle(), ...args],
    { cwd, env: env(cwd), encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 << 20 },
  );
  const norm = (s: string): string => (s ?? '').replaceAll('rudder', 'helm');
  return { stdout: norm(r.stdout), stderr: norm(r.stderr), code: r.status ?? -1, signal: r.signal };
}

/** Runs real helm v4.3.2 (the reference, not under test: a loaded CI machine gets three minutes). */
export function helm(args: string[], cwd: string): RunResult {
  const r = spawnSync(helmBinary(), args, {
    cwd,
    env: env(cwd),
    encoding: 'utf8',
    timeout: 180_000,
    maxBuffer: 64 << 20,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/** Every entry under `dir` (links not followed): type, mode and content hash or link target. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const p = join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(r, `link ${readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.set(r, `dir ${st.mode.toString(8)}`);
        walk(p, r);
      } else
        out.set(
          r,
          `file ${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`,
        );
    }
  };
  walk(dir, '');
  return out;
}

/** A small valid chart at `dir`. */
export function makeChart(dir: string, name = 'demo'): string {
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  writeFileSync(join(dir, 'values.yaml'), 'greeting: hello\n');
  writeFileSync(
    join(dir, 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  g: {{ .Values.greeting }}\n',
  );
  return dir;
}
