// HELM_MEMORY_DRIVER_DATA: `:`-separated YAML files, each a list of releases, loaded into the memory
// driver before a command runs (pkg/cmd/root.go loadReleasesInMemory). Helm reads them with
// sigs.k8s.io/yaml (YAML → JSON → encoding/json), and so do we.
import { readFileSync } from 'node:fs';
import { GoList, GoMap } from '../go/value.js';
import { parseYaml } from '../yaml/decode.js';
import { marshalJson } from '../yaml/json.js';
import { releaseFromJson } from './codec/decode-json.js';
import type { MemoryDriver } from './driver/memory.js';
import { StorageError } from './errors.js';
import type { Storage } from './storage.js';

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
    try {
      const v = parseYaml(text);
      if (v === null) items = new GoList([]);
      else if (v instanceof GoList) items = v;
      else
        throw new Error(
          `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${v instanceof GoMap ? 'object' : 'value'} into Go value of type []*v1.Release`,
        );
      for (const x of items.items) if (x !== null) releaseFromJson(marshalJson(x));
    } catch (e) {
      throw new MemoryDataError(`Unable to unmarshal memory driver data: ${(e as Error).message}`, {
        cause: e,
      });
    }
    for (const x of items.items) {
      if (x === null) continue;
      await store.create(releaseFromJson(marshalJson(x)));
    }
  }
  // Creating switches the driver's namespace; Helm resets it to the command's.
  mem.setNamespace(namespace);
}
