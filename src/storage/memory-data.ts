// HELM_MEMORY_DRIVER_DATA: `:`-separated YAML files, each a list of releases, loaded into the memory
// driver before a command runs (pkg/cmd/root.go loadReleasesInMemory). Helm reads them with
// sigs.k8s.io/yaml (YAML → JSON → encoding/json), and so do we.
import { readFileSync } from 'node:fs';
import { GoList, GoMap } from '../go/value.js';
import { metadataStringField } from '../chart/metadata.js';
import { parseYaml } from '../yaml/decode.js';
import { marshalJson } from '../yaml/json.js';
import { releaseFromJson } from './codec/decode-json.js';
import type { MemoryDriver } from './driver/memory.js';
import { StorageError } from './errors.js';
import type { Storage } from './storage.js';

const JSON_PREFIX = 'error unmarshaling JSON: while decoding JSON: ';

/**
 * The string-typed fields of []*Release that sigs.k8s.io/yaml turns YAML numbers and booleans into
 * text for (`1.10` → "1.1"). Info and HookExecution read through their own UnmarshalJSON, so their
 * fields are not converted.
 */
export function releaseStringField(path: readonly string[]): boolean {
  const p = path.map((k) => k.toLowerCase());
  if (p[0] !== '[]') return false;
  const [, a, b, c, d, e] = p;
  if (p.length === 2) return a === 'name' || a === 'manifest' || a === 'namespace' || a === 'apply_method';
  if (a === 'chart') {
    if (b === 'metadata') return metadataStringField(path.slice(3));
    if (b === 'lock') {
      if (p.length === 4) return c === 'digest';
      return c === 'dependencies' && d === '[]' && metadataStringField(['dependencies', ...path.slice(4)]);
    }
    return (b === 'templates' || b === 'files') && c === '[]' && d === 'name' && p.length === 5;
  }
  if (a === 'hooks' && b === '[]') {
    if (p.length === 4) return c === 'name' || c === 'kind' || c === 'path' || c === 'manifest';
    return (
      (c === 'events' || c === 'delete_policies' || c === 'output_log_policies') &&
      d === '[]' &&
      e === undefined
    );
  }
  return false;
}

/** Helm stops with log.Fatal; the texts are its (`Unable to read memory driver data…`). */
export class MemoryDataError extends StorageError {
  override name = 'MemoryDataError';
}

/** Reads the files and creates every release in `store`, then scopes the driver to `namespace`. */
export async function loadMemoryData(
  store: Storage,
  mem: MemoryDriver,
  paths: string,
  namespace: string,
): Promise<void> {
  for (const path of paths.split(':')) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'no such file or directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code);
      throw new MemoryDataError(`Unable to read memory driver dataopen ${path}: ${why}`, { cause: e });
    }
    let items: GoList;
    const fail = (msg: string, e?: unknown): MemoryDataError =>
      new MemoryDataError(`Unable to unmarshal memory driver data: ${msg}`, { cause: e });
    try {
      const v = parseYaml(text, 'any', { stringFields: releaseStringField });
      if (v === null) items = new GoList([]);
      else if (v instanceof GoList) items = v;
      else {
        const kind = v instanceof GoMap ? 'object' : typeof v === 'string' ? 'string' : 'value';
        throw fail(`${JSON_PREFIX}json: cannot unmarshal ${kind} into Go value of type []*v1.Release`);
      }
    } catch (e) {
      if (e instanceof MemoryDataError) throw e;
      throw fail(`error converting YAML to JSON: ${(e as Error).message}`, e);
    }
    try {
      for (const x of items.items) if (x !== null) releaseFromJson(marshalJson(x));
    } catch (e) {
      throw fail(`${JSON_PREFIX}${(e as Error).message}`, e);
    }
    for (const x of items.items) {
      if (x === null) continue;
      await store.create(releaseFromJson(marshalJson(x)));
    }
  }
  // Creating switches the driver's namespace; Helm resets it to the command's.
  mem.setNamespace(namespace);
}
