// Helpers for the repository tests: helm and rudder run asynchronously (the test repository
// server lives in this process), fixture charts packaged by helm, file-tree snapshots.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { cleanEnv, helmBinary, rudderBundle, type RunResult } from '../cli/support.js';
import {
  makeTlsFiles,
  startChartRepoServer,
  type ChartRepoServer,
  type TlsFiles,
} from '../support/chart-repo-server.js';

export { cleanEnv };
export type { RunResult };

function runAsync(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  input?: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ stdout, stderr, code: code ?? -1 }));
    // A process that exits before reading its input closes the pipe: not an error here.
    p.stdin.on('error', () => {});
    p.stdin.end(input ?? '');
  });
}

export const helm = (
  args: string[],
  env: Record<string, string>,
  cwd = tmpdir(),
  input?: string,
): Promise<RunResult> => runAsync(helmBinary(), args, env, cwd, input);

/** rudder, with its own name in the output turned into `helm`. */
export async function rudder(
  args: string[],
  env: Record<string, string>,
  cwd = tmpdir(),
  input?: string,
): Promise<RunResult> {
  const r = await runAsync(process.execPath, [rudderBundle(), ...args], env, cwd, input);
  const norm = (s: string): string => s.replaceAll('rudder', 'helm');
  return { stdout: norm(r.stdout), stderr: norm(r.stderr), code: r.code };
}

/** Both tools with their own clean environment (HOME) per call site. */
export async function both(
  args: string[],
  envs: { h: Record<string, string>; r: Record<string, string> },
  cwd?: { h: string; r: string },
  input?: string,
): Promise<[RunResult, RunResult]> {
  return Promise.all([helm(args, envs.h, cwd?.h, input), rudder(args, envs.r, cwd?.r, input)]);
}

/** Writes a chart directory with the given Chart.yaml extras and packages it with helm into dest. */
export async function packageChart(
  dest: string,
  name: string,
  version: string,
  extra: Record<string, string> = {},
): Promise<string> {
  const src = mkdtempSync(join(tmpdir(), 'rudder-chart-'));
  const dir = join(src, name);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  let chartYaml = `apiVersion: v2\nname: ${name}\nversion: ${version}\n`;
  for (const [k, v] of Object.entries(extra)) chartYaml += `${k}: ${v}\n`;
  writeFileSync(join(dir, 'Chart.yaml'), chartYaml);
  writeFileSync(join(dir, 'values.yaml'), `greeting: hello from ${name} ${version}\n`);
  writeFileSync(
    join(dir, 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-{{ .Chart.Name }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
  );
  mkdirSync(dest, { recursive: true });
  const r = await helm(['package', dir, '-d', dest], cleanEnv());
  if (r.code !== 0) throw new Error(`helm package failed: ${r.stderr}`);
  return join(dest, `${name}-${version}.tgz`);
}

/**
 * A TLS chart repository on loopback serving `alpha` 1.0.0 from a fresh directory (indexed by
 * helm), its certificates, and a second CA of the same name that did not sign it.
 */
export async function startTlsChartRepo(
  prefix: string,
): Promise<{ dir: string; tls: TlsFiles; other: TlsFiles; server: ChartRepoServer }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  await packageChart(dir, 'alpha', '1.0.0');
  const r = await helm(['repo', 'index', dir], cleanEnv());
  if (r.code !== 0) throw new Error(`helm repo index failed: ${r.stderr}`);
  const tls = makeTlsFiles();
  const other = makeTlsFiles();
  return { dir, tls, other, server: await startChartRepoServer({ dir, tls }) };
}

/** Every file under dir: relative path → sha256. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** index.yaml / repositories.yaml with the `generated` and `created` times masked. */
export const maskTimes = (s: string): string => s.replace(/("?(?:created|generated)"?: )"[^"]*"/g, '$1"T"');

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
