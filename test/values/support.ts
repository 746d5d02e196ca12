// Differential harness for the values tests: runs `helm template` (v4.3.2) and the bundled
// `rudder template` on temp charts and compares stdout, stderr and exit codes exactly.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { helmBinary, rudderBundle as rudderBin } from '../cli/support.js';

export { helmBinary, rudderBin };
export const repoRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Writes files (relative path → content) under dir. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function cleanEnv(home: string): Record<string, string> {
  return { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' };
}

function runProc(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  input?: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stderr.on('data', (b: Buffer) => err.push(b));
    p.on('error', reject);
    p.on('close', (code) =>
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? -1,
      }),
    );
    p.stdin.on('error', () => {});
    p.stdin.end(input ?? '');
  });
}

/** Helm 4 logs through slog without a time attribute; strip one if a handler ever adds it. */
const normTime = (s: string): string => s.replace(/^time=\S+ /gm, '');

export interface Case {
  name: string;
  args: string[];
  stdin?: string;
  /** Compare stderr lines as a multiset: Helm logs while ranging over Go maps (random order). */
  unordered?: boolean;
}

export interface Outcome {
  c: Case;
  helm: RunResult;
  rudder: RunResult;
}

/** Runs every case through both binaries (a few at a time) in cwd. */
export async function runCases(cases: Case[], cwd: string, parallel = 3): Promise<Outcome[]> {
  const helm = helmBinary();
  const rudder = rudderBin();
  const home = tempDir('rvals-home-');
  const env = cleanEnv(home);
  const results: Outcome[] = new Array<Outcome>(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= cases.length) return;
      const c = cases[i]!;
      const [h, r] = await Promise.all([
        runProc(helm, c.args, cwd, env, c.stdin),
        runProc(process.execPath, ['--stack-size=6000', rudder, ...c.args], cwd, env, c.stdin),
      ]);
      h.stderr = normTime(h.stderr);
      r.stdout = r.stdout.replaceAll('rudder', 'helm');
      r.stderr = normTime(r.stderr.replaceAll('rudder', 'helm'));
      results[i] = { c, helm: h, rudder: r };
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

/** The mismatches, described for an assertion message. */
export function mismatches(outcomes: Outcome[]): string[] {
  const out: string[] = [];
  for (const { c, helm, rudder } of outcomes) {
    const parts: string[] = [];
    if (helm.stdout !== rudder.stdout)
      parts.push(
        `stdout:\n  helm:   ${JSON.stringify(helm.stdout)}\n  rudder: ${JSON.stringify(rudder.stdout)}`,
      );
    const sortLines = (t: string): string => (c.unordered ? t.split('\n').sort().join('\n') : t);
    if (sortLines(helm.stderr) !== sortLines(rudder.stderr))
      parts.push(
        `stderr:\n  helm:   ${JSON.stringify(helm.stderr)}\n  rudder: ${JSON.stringify(rudder.stderr)}`,
      );
    if (helm.code !== rudder.code) parts.push(`exit: helm ${helm.code}, rudder ${rudder.code}`);
    if (parts.length > 0)
      out.push(`[${c.name}] ${c.args.map((a) => JSON.stringify(a)).join(' ')}\n${parts.join('\n')}`);
  }
  return out;
}

/** A summary line and the first few mismatches, for assert messages. */
export function report(outcomes: Outcome[], limit = 25): string {
  const bad = mismatches(outcomes);
  return `${bad.length}/${outcomes.length} cases differ from helm:\n${bad.slice(0, limit).join('\n\n')}`;
}

/** A template walking a values tree, printing each leaf's path, Go type and %v. */
export const WALK_TEMPLATE = `{{- define "walk" -}}
{{- $p := index . 0 -}}{{- $v := index . 1 -}}
{{- if kindIs "map" $v -}}
{{- if eq (len $v) 0 }}# {{ $p }} = {} {{ typeOf $v }}
{{ end -}}
{{- range $k, $x := $v }}{{ include "walk" (list (printf "%s.%s" $p $k) $x) }}{{ end -}}
{{- else if kindIs "slice" $v -}}
{{- if eq (len $v) 0 }}# {{ $p }} = [] {{ typeOf $v }}
{{ end -}}
{{- range $i, $x := $v }}{{ include "walk" (list (printf "%s[%d]" $p $i) $x) }}{{ end -}}
{{- else -}}
# {{ $p }} = {{ typeOf $v }} {{ if kindIs "string" $v }}{{ printf "%q" $v }}{{ else }}{{ printf "%v" $v }}{{ end }}
{{ end -}}
{{- end -}}
`;

/** The values page every fixture chart prints: JSON plus the typed walk. */
export const VALUES_TEMPLATE = `# values: {{ toJson .Values }}
{{ include "walk" (list "" .Values) }}`;
