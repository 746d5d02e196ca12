// chartutil.ExpandFile: a chart archive unpacked into dest/<chart name>, every path kept inside.
import { lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute, sep } from 'node:path';
import { readChartArchive } from '../chart/archive.js';
import { decodeMetadata, metadataStringField } from '../chart/metadata.js';
import { parseYaml } from '../yaml/index.js';

/** Refuses a path that leaves root or passes through a symbolic link. */
function safeJoin(root: string, name: string): string {
  const out = resolve(root, name);
  const rel = relative(root, out);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
    throw new Error(`chart file ${JSON.stringify(name)} escapes the destination`);
  let p = root;
  for (const part of rel.split(sep)) {
    p = join(p, part);
    try {
      if (lstatSync(p).isSymbolicLink()) throw new Error(`refusing to write through symbolic link ${p}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') break;
      throw err;
    }
  }
  return out;
}

export function expandChart(dest: string, archive: Uint8Array): void {
  const files = readChartArchive(archive);
  let chartName = '';
  for (const f of files) {
    if (f.name !== 'Chart.yaml') continue;
    try {
      chartName =
        decodeMetadata(
          parseYaml(Buffer.from(f.data).toString('utf8'), 'any', { stringFields: metadataStringField }),
        ).name ?? '';
    } catch (err) {
      throw new Error(`cannot load Chart.yaml: ${(err as Error).message}`, { cause: err });
    }
  }
  if (chartName === '') throw new Error('chart name not specified');
  if (chartName === '.' || chartName === '..')
    throw new Error(`chart name ${JSON.stringify(chartName)} is not allowed`);
  if (chartName.includes('/') || chartName.includes('\\')) {
    throw new Error(`chart name ${JSON.stringify(chartName)} must not contain path separators`);
  }
  const root = resolve(dest);
  const chartDir = safeJoin(root, chartName);
  for (const f of files) {
    const out = safeJoin(chartDir, f.name);
    mkdirSync(dirname(out), { recursive: true, mode: 0o755 });
    writeFileSync(out, f.data, { mode: 0o644 });
  }
}
