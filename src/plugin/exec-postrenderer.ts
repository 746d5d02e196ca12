// The opt-in for Helm 3's post-renderers: with RUDDER_POST_RENDERER_EXEC=1, a `--post-renderer`
// value no postrenderer/v1 plugin answers to is taken as a program (Helm 3's postrender.NewExec:
// a path, or a name looked up in PATH), run with the --post-renderer-args, the manifests on its
// standard input and the result on its standard output. It runs inside Helm 4's pipeline
// (hooks and templates in one stream, each document annotated with its file name, the output
// split back by that annotation), under the same RUDDER_PLUGIN_TIMEOUT/_MAX_OUTPUT bounds as a
// subprocess plugin. Helm 4 itself has no such option: it accepts plugin names only.
import { accessSync, constants, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { quote as goQuote } from '../go/strconv/format.js';
import { pluginLimits, runBounded } from './limits.js';
import type { PostRenderer } from './postrenderer.js';
import { exitText, type EnvMap } from './subprocess.js';

export const EXEC_OPT_IN_ENV = 'RUDDER_POST_RENDERER_EXEC';

/** Whether the user opted in: any value but empty, `0` or `false`. */
export function execOptedIn(env: EnvMap): boolean {
  const v = (env.get(EXEC_OPT_IN_ENV) ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

/** exec.LookPath's findExecutable: a regular file with an execute bit, or Go's error text. */
function findExecutable(file: string): string | undefined {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code;
    return `stat ${file}: ${why}`;
  }
  if (st.isDirectory()) return 'is a directory';
  try {
    accessSync(file, constants.X_OK);
  } catch {
    return 'permission denied';
  }
  return undefined;
}

/** getFullPath: exec.LookPath then filepath.Abs, with Helm 3's error. */
export function execPath(name: string, env: EnvMap): string {
  const fail = (why: string): Error =>
    new Error(`unable to find binary at ${name}: exec: ${goQuote(name)}: ${why}`);
  if (name.includes('/')) {
    const why = findExecutable(name);
    if (why !== undefined) throw fail(why);
    return resolve(name);
  }
  for (const dir of (env.get('PATH') ?? '').split(':')) {
    const f = join(dir === '' ? '.' : dir, name);
    if (findExecutable(f) === undefined) return resolve(f);
  }
  throw fail('executable file not found in $PATH');
}

/** postrender.NewExec: the program found now (a missing one fails the flag, as in Helm 3). */
export function newExecPostRenderer(name: string, args: string[], env: EnvMap): PostRenderer {
  const path = execPath(name, env);
  return {
    run(manifests) {
      const r = runBounded(name, path, args, {
        env: Object.fromEntries(env),
        input: manifests,
        stdio: ['pipe', 'pipe', 'pipe'],
        limits: pluginLimits(env),
      });
      if (r.error) throw new Error(`fork/exec ${path}: ${r.error.message}`);
      if (r.status !== 0 || r.signal !== null) {
        throw new Error(
          `error while running command ${path}. error output:\n${r.stderr.toString('utf8')}: ${exitText(r.status, r.signal)}`,
        );
      }
      const out = r.stdout.toString('utf8');
      if (out.trim() === '') throw new Error(`post-renderer ${goQuote(path)} produced empty output`);
      return out;
    },
  };
}
