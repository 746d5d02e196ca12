// Loads a chart from a directory or a .tgz archive, as Helm's pkg/chart/v2/loader does.
import { goReadAtMost, goReadFile, goStat, pathError } from '../go/fs-error.js';
import { closeSync, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { GoMap, utf8DecodeText } from '../go/value.js';
import { loadValues, parseYaml } from '../yaml/index.js';
import { Chart, type ChartFile, type Lock, type Metadata } from './chart.js';
import { IgnoreRules } from './helmignore.js';
import { decodeMetadata, metadataStringField, validateMetadata } from './metadata.js';
import { readChartArchive, MAX_CHART_SIZE } from './archive.js';
import { ensureArchive } from './sniff.js';
import { SKIP_DIR, walk, type WalkInfo, type WalkOptions } from './sympath.js';

const BOM = [0xef, 0xbb, 0xbf];

const stripBom = (data: Uint8Array): Uint8Array =>
  data[0] === BOM[0] && data[1] === BOM[1] && data[2] === BOM[2] ? data.subarray(3) : data;

// Invalid UTF-8 is kept as escaped bytes (template/value.ts), so YAML reports it as Go does.
const text = (data: Uint8Array): string => utf8DecodeText(data);

/** Loads a chart directory or archive (Helm's pkg/chart/v2/loader.Load). */
export function loadChartV2(path: string): Chart {
  const st = goStat(path);
  if (st.isDirectory()) return loadDir(path);
  ensureArchive(path);
  let files: ChartFile[];
  try {
    files = readChartArchive(goReadFile(path));
  } catch (err) {
    throw notAChart(path, err);
  }
  return loadFiles(files);
}

/** LoadFile's wrapping of gzip.ErrHeader: the file is named; other archive errors pass. */
function notAChart(path: string, err: unknown): unknown {
  const m = (err as Error).message;
  return m === 'gzip: invalid header'
    ? new Error(`file '${path}' does not appear to be a valid chart file (details: ${m})`)
    : err;
}

/**
 * Loads a chart directory or archive as Helm's version-detecting pkg/chart/loader.Load does
 * (install, upgrade, template, package): a directory needs a readable Chart.yaml, an archive a
 * Chart.yaml entry, each with that loader's error text.
 */
export function loadChart(path: string): Chart {
  const st = goStat(path);
  if (st.isDirectory()) return loadDirAnyVersion(path);
  ensureArchive(path);
  let files: ChartFile[];
  try {
    files = readChartArchive(goReadFile(path));
  } catch (err) {
    // This loader names no archive error but the gzip header's.
    const e = notAChart(path, err);
    throw e === err ? new Error('unable to load chart archive') : e;
  }
  const meta = files.find((f) => f.name === 'Chart.yaml');
  if (!meta) throw new Error('unable to detect chart version, no Chart.yaml found');
  checkChartVersion(meta.data);
  return loadFiles(files);
}

/**
 * The version detection of Helm's loader: apiVersion v1, v2 or none load as v2 charts, v3 loads
 * (and the actions refuse it: `refuseChartV3`), anything else is refused before loading.
 */
function checkChartVersion(data: Uint8Array): void {
  let apiVersion: unknown;
  try {
    const doc = parseYaml(text(stripBom(data)), 'any', { stringFields: metadataStringField });
    apiVersion = doc instanceof GoMap ? doc.get('apiVersion') : undefined;
  } catch (err) {
    throw new Error(`cannot load Chart.yaml: ${(err as Error).message}`);
  }
  if (apiVersion === undefined || apiVersion === null) return;
  if (!['v1', 'v2', 'v3', ''].includes(String(apiVersion))) throw new Error('unsupported chart version');
}

/** Install, upgrade and package take v2 charts only (Helm 4.3's type switch on the loaded chart). */
export function refuseChartV3(chart: Chart): void {
  if (chart.metadata.apiVersion === 'v3') throw new Error('invalid chart apiVersion');
}

/** pkg/chart/loader.LoadDir: Chart.yaml must be readable before the directory is walked. */
export function loadDirAnyVersion(dir: string): Chart {
  const name = join(resolve(dir), 'Chart.yaml');
  let data: Uint8Array;
  try {
    data = goReadFile(name);
  } catch (err) {
    throw new Error(`unable to detect chart at ${name}: ${(err as Error).message}`);
  }
  checkChartVersion(data);
  return loadDir(dir);
}

/** Reads a chart directory, applying .helmignore, following symlinks as Helm's sympath.Walk does. */
export function loadDir(dir: string, opts: WalkOptions = {}): Chart {
  const topdir = resolve(dir);
  const ifile = join(topdir, '.helmignore');
  let haveIgnore = true;
  try {
    goStat(ifile);
  } catch {
    haveIgnore = false;
  }
  const rules = haveIgnore ? IgnoreRules.parseBytes(goReadFile(ifile)) : new IgnoreRules();
  rules.addDefaults();

  const files: ChartFile[] = [];
  // Helm 4.3's budget (archive.BudgetedReader): the files read, subcharts included, may total
  // MAX_CHART_SIZE bytes; a file that grew since it was listed is read only up to the budget.
  let remaining = MAX_CHART_SIZE;
  const readWithBudget = (abs: string, info: WalkInfo): Buffer => {
    const data = readFileWithBudget(abs, info, remaining);
    remaining -= data.length;
    return data;
  };
  const prefix = `${topdir === '/' ? '' : topdir}/`;
  walk(
    prefix,
    (name, fi, err) => {
      const n = name.startsWith(prefix) ? name.slice(prefix.length) : name;
      if (n === '') return undefined;
      if (err) throw err;
      if (fi!.isDirectory()) return rules.ignores(n, true) ? SKIP_DIR : undefined;
      if (rules.ignores(n, false)) return undefined;
      if (!fi!.isFile()) {
        throw new Error(`cannot load irregular file ${name} as it has file mode type bits set`);
      }
      let data: Buffer;
      try {
        data = readWithBudget(name, fi!);
      } catch (e) {
        throw new Error(`error reading ${n}: ${(e as Error).message}`);
      }
      files.push({ name: n, data: stripBom(data) });
      return undefined;
    },
    opts,
  );
  return loadFiles(files);
}

const overBudget = (): Error =>
  new Error(`chart exceeds maximum decompressed size of ${MAX_CHART_SIZE} bytes`);

/**
 * archive.BudgetedReader.ReadFileWithBudget: a file of more than `remaining` bytes (by its size
 * when listed) is refused, else read up to one byte past the budget. A directory entry carries no
 * size, so the size comes from the open file's fstat (the same file: entries here are not links)
 * and Go's order of errors is kept: the size check before the open's error. A read shorter than
 * asked is the end of a regular file, which spares the read that would return 0.
 */
function readFileWithBudget(abs: string, info: WalkInfo, remaining: number): Buffer {
  if ('size' in info) {
    if ((info as Stats).size > remaining) throw overBudget();
    const data = goReadAtMost(abs, remaining + 1);
    if (data.length > remaining) throw overBudget();
    return data;
  }
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (err) {
    let size = 0;
    try {
      size = lstatSync(abs).size;
    } catch {
      /* Go's walk would have failed at its lstat: the open's error stands in */
    }
    if (size > remaining) throw overBudget();
    throw pathError('open', abs, err);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > remaining) throw overBudget();
    const limit = remaining + 1;
    let buf = Buffer.allocUnsafe(Math.min(size + 1, limit));
    let total = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, total, buf.length - total, null);
      } catch (err) {
        throw pathError('read', abs, err);
      }
      total += n;
      if (n === 0 || total < buf.length || total === limit) break;
      // The file grew since its fstat: read on, up to the budget.
      const next = Buffer.allocUnsafe(Math.min(buf.length * 2, limit));
      buf.copy(next, 0, 0, total);
      buf = next;
    }
    if (total > remaining) throw overBudget();
    return total === buf.length ? buf : buf.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}

/** Loads a gzipped chart archive (bytes). */
export function loadArchive(data: Uint8Array): Chart {
  return loadFiles(readChartArchive(data));
}

function parseLock(data: Uint8Array, file: string): Lock {
  try {
    const doc = parseYaml(text(data), 'any', { stringFields: metadataStringField });
    const lock: Lock = { generated: '', digest: '', dependencies: [] };
    if (doc instanceof GoMap) {
      const g = doc.get('generated');
      const d = doc.get('digest');
      if (typeof g === 'string') lock.generated = g;
      if (typeof d === 'string') lock.digest = d;
      const md = decodeMetadata(new GoMap(new Map([['dependencies', doc.get('dependencies') ?? null]])));
      lock.dependencies = md.dependencies ?? [];
    }
    return lock;
  } catch (err) {
    throw new Error(`cannot load ${file}: ${(err as Error).message}`);
  }
}

const extOf = (name: string): string => {
  const b = name.slice(name.lastIndexOf('/') + 1);
  const i = b.lastIndexOf('.');
  return i < 0 ? '' : b.slice(i);
};

/** LoadFiles: sorts loose files into a chart and its subcharts, then validates. */
export function loadFiles(files: ChartFile[]): Chart {
  let metadata: Metadata | undefined;
  for (const f of files) {
    if (f.name === 'Chart.yaml') {
      try {
        metadata = decodeMetadata(parseYaml(text(f.data), 'any', { stringFields: metadataStringField }));
      } catch (err) {
        throw new Error(`cannot load Chart.yaml: ${(err as Error).message}`);
      }
      if (!metadata.apiVersion) metadata.apiVersion = 'v1';
    }
  }
  const c = new Chart(metadata ?? ({} as Metadata), new GoMap());
  const subcharts = new Map<string, ChartFile[]>();
  for (const f of files) {
    c.raw.push(f);
    const name = f.name;
    if (name === 'Chart.yaml') continue;
    if (name === 'Chart.lock') c.lock = parseLock(f.data, 'Chart.lock');
    else if (name === 'values.yaml') {
      try {
        c.values = loadValues(text(f.data));
      } catch (err) {
        throw new Error(`cannot load values.yaml: ${(err as Error).message}`);
      }
    } else if (name === 'values.schema.json') c.schema = f.data;
    else if (name === 'requirements.yaml') {
      if (!metadata) metadata = c.metadata = {} as Metadata;
      if (metadata.apiVersion !== 'v1') {
        process.stderr.write(
          'Warning: Dependencies are handled in Chart.yaml since apiVersion "v2". We recommend migrating dependencies to Chart.yaml.\n',
        );
      }
      try {
        c.metadata = metadata = decodeMetadata(
          parseYaml(text(f.data), 'any', { stringFields: metadataStringField }),
          metadata,
        );
      } catch (err) {
        throw new Error(`cannot load requirements.yaml: ${(err as Error).message}`);
      }
      if (metadata.apiVersion === 'v1') c.files.push(f);
    } else if (name === 'requirements.lock') {
      c.lock = parseLock(f.data, 'requirements.lock');
      if (!metadata) metadata = c.metadata = {} as Metadata;
      if (metadata.apiVersion === 'v1') c.files.push(f);
    } else if (name.startsWith('templates/')) c.templates.push(f);
    else if (name.startsWith('charts/')) {
      if (extOf(name) === '.prov') {
        c.files.push(f);
        continue;
      }
      const rest = name.slice('charts/'.length);
      const cname = rest.split('/', 1)[0]!;
      let list = subcharts.get(cname);
      if (!list) subcharts.set(cname, (list = []));
      list.push({ name: rest, data: f.data });
    } else c.files.push(f);
  }
  if (!metadata) throw new Error('Chart.yaml file is missing');
  validateMetadata(c.metadata);

  for (const [n, subFiles] of subcharts) {
    if (n.startsWith('_') || n.startsWith('.')) continue;
    let sc: Chart;
    try {
      if (extOf(n) === '.tgz') {
        const file = subFiles[0]!;
        if (file.name !== n) {
          throw new Error(`error unpacking subchart tar in ${c.name}: expected ${n}, got ${file.name}`);
        }
        sc = loadArchive(file.data);
      } else {
        const buff: ChartFile[] = [];
        for (const f of subFiles) {
          const slash = f.name.indexOf('/');
          if (slash < 0) continue;
          buff.push({ name: f.name.slice(slash + 1), data: f.data });
        }
        sc = loadFiles(buff);
      }
    } catch (err) {
      const msg = (err as Error).message;
      if (msg.startsWith('error unpacking subchart tar')) throw err;
      throw new Error(`error unpacking subchart ${n} in ${c.name}: ${msg}`);
    }
    c.addDependency(sc);
  }
  return c;
}
