// pkg/postrenderer: a postrenderer/v1 plugin found by name, run over the merged manifests, and
// the render hook Helm 4 applies with it (the "combined" strategy: hooks and templates in one
// stream, annotate → merge → run → split by annotation). The plugin runs as a subprocess or as
// WebAssembly (extism/v1), by its runtime.
import { quote as goQuote } from '../go/strconv/format.js';
import { execOptedIn, newExecPostRenderer } from './exec-postrenderer.js';
import { findPlugin, PluginError, splitList, type LoadWarning, type Plugin } from './loader.js';
import { annotateAndMerge, splitAndDeannotate } from './postrender.js';
import { runPostRendererSync, type DebugLog, type EnvMap } from './subprocess.js';
import { runPostRendererWasm } from './wasm/types.js';

export interface PostRenderer {
  run(manifests: string): string;
}

/** NewPostRendererPlugin: the postrenderer/v1 plugin with this name, or Helm's not-found error. */
export function newPostRendererPlugin(
  pluginsDirectory: string,
  name: string,
  args: string[],
  env: EnvMap,
  warn: LoadWarning,
  debug?: DebugLog,
): PostRenderer {
  let p: Plugin;
  try {
    p = findPlugin(splitList(pluginsDirectory), { name, type: 'postrenderer/v1' }, warn);
  } catch (e) {
    // Opted in, a name no plugin answers to is a program, as in Helm 3 (exec-postrenderer.ts).
    if (e instanceof PluginError && / not found$/.test(e.message) && execOptedIn(env))
      return newExecPostRenderer(name, args, env);
    throw e;
  }
  return {
    run(manifests) {
      let out: string;
      try {
        out =
          p.metadata.runtime === 'extism/v1'
            ? runPostRendererWasm(p, manifests, args, debug)
            : runPostRendererSync(p, manifests, args, env, debug);
      } catch (e) {
        throw new Error(
          `failed to invoke post-renderer plugin ${goQuote(p.metadata.name)}: ${(e as Error).message}`,
        );
      }
      if (out.trim() === '')
        throw new Error(`post-renderer ${goQuote(p.metadata.name)} produced empty output`);
      return out;
    },
  };
}

/** renderResources' combined strategy: the files a post-renderer gives back. */
export function postRenderFiles(pr: PostRenderer, files: Map<string, string>): Map<string, string> {
  let merged: string;
  try {
    merged = annotateAndMerge(files);
  } catch (e) {
    throw new Error(`error merging manifests: ${(e as Error).message}`);
  }
  let out: string;
  try {
    out = pr.run(merged);
  } catch (e) {
    throw new Error(`error while running post render on files: ${(e as Error).message}`);
  }
  try {
    return splitAndDeannotate(out, '');
  } catch (e) {
    throw new Error(`error while parsing post rendered output: ${(e as Error).message}`);
  }
}
