// A chart repository's index.yaml (Helm's pkg/repo/v1 IndexFile): reading with Helm's checks,
// version selection, merging, and writing byte for byte as helm writes it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import {
  checkConstraint,
  compareVersions,
  newConstraint,
  newVersion,
  type SemverVersion,
} from '../funcs/semver.js';
import { GoList, GoMap, type Value } from '../go/value.js';
import { marshalYaml, parseYaml } from '../yaml/index.js';
import { marshalOrderedJson } from './json.js';
import type { Metadata } from '../chart/chart.js';
import {
  decodeMetadata,
  METADATA_FIELD_NAMES,
  metadataStringField,
  validateMetadata,
} from '../chart/metadata.js';
import { loadArchive } from '../chart/loader.js';
import { metadataJson } from '../chart/metadata-json.js';
import { goNow } from './time.js';
import { duplicateKeyErrors } from './duplicates.js';
import { urlJoin } from './url.js';
import { readChunk, splitBytes } from './index-chunked.js';
import { plainMetadata } from './index-metadata.js';

/** One version of a chart in an index: its Chart.yaml metadata plus where to get it. */
export interface ChartVersion {
  metadata: Metadata;
  urls: string[];
  created: string;
  removed: boolean;
  digest: string;
  checksum?: string;
  engine?: string;
  tillerVersion?: string;
  url?: string;
}

export interface IndexFile {
  serverInfo?: GoMap;
  apiVersion: string;
  generated: string;
  entries: Map<string, ChartVersion[]>;
  publicKeys?: string[];
  annotations?: Record<string, string>;
}

export const newIndexFile = (): IndexFile => ({
  apiVersion: 'v1',
  generated: goNow(),
  entries: new Map(),
  publicKeys: [],
});

/** Index files above this size are refused before parsing (Bitnami's is ~15 MB). */
export const MAX_INDEX_SIZE = 256 * 1024 * 1024;

export type Warn = (msg: string, attrs: Record<string, string>) => void;

const CHART_VERSION_FIELDS = new Set([
  'urls',
  'created',
  'removed',
  'digest',
  'checksum',
  'engine',
  'tillerVersion',
  'url',
  ...METADATA_FIELD_NAMES,
]);
const INDEX_FIELDS = new Set([
  'serverInfo',
  'apiVersion',
  'generated',
  'entries',
  'publicKeys',
  'annotations',
]);
const CV_STRING_FIELDS = new Set(['created', 'digest', 'checksum', 'engine', 'tillerversion', 'url']);

/** Paths of index.yaml that decode into Go string fields (numbers there become text). */
export function indexStringField(path: readonly string[]): boolean {
  if (path.length === 1) return path[0] === 'apiVersion' || path[0] === 'generated';
  if (path.length === 2) return path[0] === 'publicKeys' || path[0] === 'annotations';
  if (path[0] !== 'entries' || path.length < 4 || path[2] !== '[]') return false;
  const rest = path.slice(3);
  if (rest.length === 1 && CV_STRING_FIELDS.has(rest[0]!.toLowerCase())) return true;
  if (rest.length === 2 && rest[0] === 'urls' && rest[1] === '[]') return true;
  return metadataStringField(rest);
}

const fieldError = (msg: string): Error =>
  new Error(`error unmarshaling JSON: while decoding JSON: json: ${msg}`);

function jsonKind(v: Value): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoList) return 'array';
  if (v instanceof GoMap) return 'object';
  return 'number';
}

const typeError = (v: Value, field: string, goType: string): Error =>
  fieldError(`cannot unmarshal ${jsonKind(v)} into Go struct field ${field} of type ${goType}`);

function str(v: Value, field: string): string {
  if (v === null) return '';
  if (typeof v !== 'string') throw typeError(v, field, 'string');
  return v;
}

function strList(v: Value, field: string): string[] {
  if (v === null) return [];
  if (!(v instanceof GoList)) throw typeError(v, field, '[]string');
  return v.items.map((x) => str(x, field));
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function time(v: Value, field: string): string {
  const s = str(v, field);
  if (s === '') return '';
  if (!RFC3339.test(s)) {
    throw new Error(
      `error unmarshaling JSON: while decoding JSON: parsing time ${JSON.stringify(s)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(s)} as "2006"`,
    );
  }
  return s;
}

function decodeChartVersion(m: GoMap, json: boolean): ChartVersion {
  const meta = new Map<string, Value>();
  const cv: ChartVersion = { metadata: {} as Metadata, urls: [], created: '', removed: false, digest: '' };
  for (const [k, v] of m.entries) {
    if (!CHART_VERSION_FIELDS.has(k)) {
      if (json) continue;
      throw fieldError(`unknown field ${JSON.stringify(k)}`);
    }
    switch (k) {
      case 'urls':
        cv.urls = strList(v, 'ChartVersion.entries.urls');
        break;
      case 'created':
        cv.created = time(v, 'ChartVersion.entries.created');
        break;
      case 'removed':
        if (v !== null && typeof v !== 'boolean') throw typeError(v, 'ChartVersion.entries.removed', 'bool');
        cv.removed = v === true;
        break;
      case 'digest':
        cv.digest = str(v, 'ChartVersion.entries.digest');
        break;
      case 'checksum':
      case 'engine':
      case 'tillerVersion':
      case 'url':
        cv[k] = str(v, `ChartVersion.entries.${k}`);
        break;
      default:
        meta.set(k, v);
    }
  }
  try {
    const plain = plainMetadata(meta);
    cv.metadata = plain ?? decodeMetadata(new GoMap(meta));
  } catch (err) {
    throw new Error(
      (err as Error).message.replace(
        'Go struct field Metadata.',
        'Go struct field ChartVersion.entries.Metadata.',
      ),
      {
        cause: err,
      },
    );
  }
  return cv;
}

/** json.Valid, near enough: JSON.parse accepts the same texts. */
function isJson(text: string): boolean {
  const c = text.trimStart()[0];
  if (c !== '{' && c !== '[' && c !== '"') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** One chart's list of versions under `entries` (null items kept for finishIndex's warning). */
export function decodeChartList(list: Value, json: boolean): ChartVersion[] {
  if (list === null) return [];
  if (!(list instanceof GoList)) throw typeError(list, 'IndexFile.entries', 'repo.ChartVersions');
  const cvs: (ChartVersion | null)[] = list.items.map((item) => {
    if (item === null) return null;
    if (!(item instanceof GoMap)) throw typeError(item, 'IndexFile.entries', 'repo.ChartVersion');
    return decodeChartVersion(item, json);
  });
  return cvs as ChartVersion[];
}

/** The IndexFile struct from a decoded document (entries included when present). */
export function decodeIndexDoc(doc: Value, json: boolean): IndexFile {
  const idx: IndexFile = { apiVersion: '', generated: '', entries: new Map() };
  if (doc === null) throw new Error('no API version specified');
  if (!(doc instanceof GoMap))
    throw fieldError(`cannot unmarshal ${jsonKind(doc)} into Go value of type repo.IndexFile`);
  for (const [k, v] of doc.entries) {
    if (!INDEX_FIELDS.has(k)) {
      if (json) continue;
      throw fieldError(`unknown field ${JSON.stringify(k)}`);
    }
    switch (k) {
      case 'apiVersion':
        idx.apiVersion = str(v, 'IndexFile.apiVersion');
        break;
      case 'generated':
        idx.generated = time(v, 'IndexFile.generated');
        break;
      case 'publicKeys':
        idx.publicKeys = strList(v, 'IndexFile.publicKeys');
        break;
      case 'serverInfo':
        if (v !== null && !(v instanceof GoMap))
          throw typeError(v, 'IndexFile.serverInfo', 'map[string]interface {}');
        if (v instanceof GoMap) idx.serverInfo = v;
        break;
      case 'annotations': {
        if (v === null) break;
        if (!(v instanceof GoMap)) throw typeError(v, 'IndexFile.annotations', 'map[string]string');
        idx.annotations = {};
        for (const [ak, av] of v.entries) idx.annotations[ak] = str(av, `IndexFile.annotations.${ak}`);
        break;
      }
      case 'entries': {
        if (v === null) break;
        if (!(v instanceof GoMap)) throw typeError(v, 'IndexFile.entries', 'map[string]repo.ChartVersions');
        for (const [name, list] of v.entries) idx.entries.set(name, decodeChartList(list, json));
        break;
      }
    }
  }
  return idx;
}

/** One chart's part of loadIndex's tail: invalid entries dropped with a warning, newest first. */
export function finishChart(name: string, cvs: ChartVersion[], source: string, warn: Warn): ChartVersion[] {
  const kept: ChartVersion[] = [];
  for (const cv of [...(cvs as (ChartVersion | null)[])].reverse()) {
    if (cv === null) {
      warn('skipping loading invalid entry for chart: empty entry', { name, source });
      continue;
    }
    if (!cv.metadata.apiVersion) cv.metadata.apiVersion = 'v1';
    try {
      validateMetadata(cv.metadata);
    } catch (err) {
      const msg = (err as Error).message;
      if (!msg.startsWith('validation: more than one dependency with name or alias')) {
        warn('skipping loading invalid entry for chart', {
          name,
          version: cv.metadata.version ?? '',
          source,
          error: msg,
        });
        continue;
      }
    }
    kept.push(cv);
  }
  kept.reverse();
  sortVersions(kept);
  return kept;
}

/** loadIndex's tail: drop invalid entries with a warning, sort newest first, require apiVersion. */
export function finishIndex(idx: IndexFile, source: string, warn: Warn): IndexFile {
  for (const [name, cvs] of idx.entries) idx.entries.set(name, finishChart(name, cvs, source, warn));
  if (idx.apiVersion === '') throw new Error('no API version specified');
  return idx;
}

/** The index read one chart at a time, or undefined for the whole-document reader to decide. */
function readChunked(b: Buffer): IndexFile | undefined {
  const split = splitBytes(b);
  if (split === undefined) return undefined;
  try {
    if (duplicateKeyErrors(split.skeleton) !== undefined) return undefined;
    const idx = decodeIndexDoc(parseYaml(split.skeleton, 'any', { stringFields: indexStringField }), false);
    for (const { name, start, end } of split.charts) {
      const text = b.toString('utf8', start, end);
      idx.entries.set(name, decodeChartList(readChunk(text, 0, text.length, name, indexStringField), false));
    }
    return idx;
  } catch {
    return undefined; // the whole-document read reports it with Helm's text
  }
}

/** loadIndex: parse (JSON or YAML), drop invalid entries with a warning, sort newest first. */
export function parseIndex(
  data: Uint8Array | string,
  source: string,
  warn: Warn = () => {},
  /** false: the whole-document reader only (tests compare the two). */
  chunked = true,
): IndexFile {
  const b =
    typeof data === 'string'
      ? Buffer.from(data, 'utf8')
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (b.length === 0) throw new Error('empty index.yaml file');
  // The common layout, one chart at a time, from the bytes (JSON never splits: it does not start
  // with a letter); anything it is not sure of is read whole below.
  if (chunked && b.length <= MAX_INDEX_SIZE) {
    const idx = readChunked(b);
    if (idx !== undefined) return finishIndex(idx, source, warn);
  }
  const text = typeof data === 'string' ? data : b.toString('utf8');
  if (text.length > MAX_INDEX_SIZE)
    throw new Error(`index is larger than the maximum size ${MAX_INDEX_SIZE}`);
  const json = isJson(text);
  const doc = parseYaml(text, 'any', { stringFields: indexStringField });
  if (!json) {
    const dup = duplicateKeyErrors(text);
    if (dup !== undefined) throw new Error(dup);
  }
  return finishIndex(decodeIndexDoc(doc, json), source, warn);
}

/** LoadIndexFile: `error loading PATH: …` on a bad file. */
export function loadIndexFile(path: string, warn?: Warn): IndexFile {
  const st = statSync(path);
  if (st.size > MAX_INDEX_SIZE) {
    throw new Error(`error loading ${path}: index is larger than the maximum size ${MAX_INDEX_SIZE}`);
  }
  const data = readFileSync(path);
  try {
    return parseIndex(data, path, warn);
  } catch (err) {
    throw new Error(`error loading ${path}: ${(err as Error).message}`, { cause: err });
  }
}

// Parsed by version text: a big index repeats the same few hundred versions across its charts
// (semver.Version values are immutable).
const parsedVersions = new Map<string, SemverVersion | null>();
function semverText(text: string): SemverVersion | null {
  let v = parsedVersions.get(text);
  if (v === undefined) {
    try {
      v = newVersion(text);
    } catch {
      v = null;
    }
    if (parsedVersions.size > 200_000) parsedVersions.clear();
    parsedVersions.set(text, v);
  }
  return v;
}
const semverOf = (cv: ChartVersion): SemverVersion | null => semverText(cv.metadata.version ?? '');

/** ChartVersions.Less on version texts: failed parses go to the back. */
function lessText(a: string, b: string): boolean {
  const i = semverText(a);
  if (i === null) return true;
  const j = semverText(b);
  if (j === null) return false;
  return compareVersions(i, j) < 0;
}

/** Newest first, as sortVersions orders ChartVersions, for anything with a version text. */
export function sortByVersion<T>(items: T[], version: (x: T) => string): void {
  items.sort((a, b) => {
    const x = version(a);
    const y = version(b);
    return lessText(y, x) ? -1 : lessText(x, y) ? 1 : 0;
  });
}

// MAJOR.MINOR.PATCH in decimal without leading zeros, small enough for a double: what newVersion
// parses into those three numbers and no prerelease, so ordered by the numbers alone.
const PLAIN_VERSION = /^(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})$/;

/** The three numbers of each version when every one is plain (PLAIN_VERSION), else undefined. */
function plainVersions(versions: readonly string[]): Float64Array | undefined {
  const keys = new Float64Array(versions.length * 3);
  for (let i = 0; i < versions.length; i++) {
    const m = PLAIN_VERSION.exec(versions[i]!);
    if (m === null) return undefined;
    keys[i * 3] = Number(m[1]);
    keys[i * 3 + 1] = Number(m[2]);
    keys[i * 3 + 2] = Number(m[3]);
  }
  return keys;
}

/** The order (indexes) that sorts version texts newest first, as sortByVersion does. */
export function versionOrder(versions: readonly string[]): number[] {
  // A chart's plain versions are compared as numbers: the same order (the sort is stable, equal
  // versions compare equal either way) without parsing each text through semver's Go regexp.
  const k = plainVersions(versions);
  if (k !== undefined) {
    return versions
      .map((_, i) => i)
      .sort(
        (a, b) => k[b * 3]! - k[a * 3]! || k[b * 3 + 1]! - k[a * 3 + 1]! || k[b * 3 + 2]! - k[a * 3 + 2]!,
      );
  }
  const sv = versions.map(semverText);
  const less = (a: number, b: number): boolean => {
    const i = sv[a]!;
    if (i === null) return true;
    const j = sv[b]!;
    if (j === null) return false;
    return compareVersions(i, j) < 0;
  };
  return versions.map((_, i) => i).sort((a, b) => (less(b, a) ? -1 : less(a, b) ? 1 : 0));
}

/** SortEntries: newest first in every entry. */
export function sortEntries(idx: IndexFile): void {
  for (const cvs of idx.entries.values()) sortVersions(cvs);
}

function sortVersions(cvs: ChartVersion[]): void {
  sortByVersion(cvs, (cv) => cv.metadata.version ?? '');
}

function isVersionRange(version: string): boolean {
  if (/[\^~<>=!*]/.test(version) || version.includes('||') || version.includes(' - ')) return true;
  const i = version.search(/[-+]/);
  const core = i === -1 ? version : version.slice(0, i);
  return /[xX]/.test(core);
}

export class NoChartNameError extends Error {
  constructor() {
    super('no chart name found');
  }
}

/** IndexFile.Get: exact version first, else the newest matching the constraint. */
export function getChartVersion(
  idx: IndexFile,
  name: string,
  version: string,
  warn: Warn = () => {},
): ChartVersion {
  const vs = idx.entries.get(name);
  if (vs === undefined) throw new NoChartNameError();
  if (vs.length === 0) throw new Error('no chart version found');
  const constraint = newConstraint(version === '' ? '*' : version);
  if (version !== '') {
    for (const v of vs) if (v.metadata.version === version) return v;
  }
  for (const v of vs) {
    const sv = semverOf(v);
    if (sv === null) continue;
    if (checkConstraint(constraint, sv)) {
      if (version !== '' && !isVersionRange(version)) {
        warn('unable to find exact version requested; falling back to closest available version', {
          chart: name,
          requested: version,
          selected: v.metadata.version,
        });
      }
      return v;
    }
  }
  throw new Error(`no chart version found for ${name}-${version}`);
}

export function hasChartVersion(idx: IndexFile, name: string, version: string): boolean {
  try {
    getChartVersion(idx, name, version);
    return true;
  } catch {
    return false;
  }
}

/** Merge: entries of `other` not already present (by name and version) are appended. */
export function mergeIndex(into: IndexFile, other: IndexFile): void {
  for (const cvs of other.entries.values()) {
    for (const cv of cvs) {
      if (!hasChartVersion(into, cv.metadata.name, cv.metadata.version)) {
        const e = into.entries.get(cv.metadata.name) ?? [];
        e.push(cv);
        into.entries.set(cv.metadata.name, e);
      }
    }
  }
}

const sortedKeys = <T>(m: Map<string, T>): string[] =>
  [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The IndexFile as json.Marshal builds it (struct field order; maps sorted when encoded). */
function indexTree(idx: IndexFile, forYaml: boolean): GoMap {
  const m = new Map<string, Value>();
  if (idx.serverInfo && idx.serverInfo.entries.size > 0) m.set('serverInfo', idx.serverInfo);
  m.set('apiVersion', idx.apiVersion);
  m.set('generated', idx.generated === '' ? '0001-01-01T00:00:00Z' : idx.generated);
  const entries = new Map<string, Value>();
  const names = forYaml ? [...idx.entries.keys()] : sortedKeys(idx.entries);
  for (const name of names) {
    const cvs = idx.entries.get(name)!;
    entries.set(name, cvs === null ? null : new GoList(cvs.map(chartVersionTree)));
  }
  m.set('entries', new GoMap(entries));
  if (idx.publicKeys && idx.publicKeys.length > 0) m.set('publicKeys', new GoList([...idx.publicKeys]));
  if (idx.annotations && Object.keys(idx.annotations).length > 0) {
    m.set(
      'annotations',
      new GoMap(new Map(Object.entries(idx.annotations).sort(([a], [b]) => (a < b ? -1 : 1)))),
    );
  }
  return new GoMap(m);
}

function chartVersionTree(cv: ChartVersion): GoMap {
  const m = metadataJson(cv.metadata);
  m.set('urls', new GoList([...cv.urls]));
  m.set('created', cv.created === '' ? '0001-01-01T00:00:00Z' : cv.created);
  if (cv.removed) m.set('removed', true);
  if (cv.digest) m.set('digest', cv.digest);
  if (cv.checksum) m.set('checksum', cv.checksum);
  if (cv.engine) m.set('engine', cv.engine);
  if (cv.tillerVersion) m.set('tillerVersion', cv.tillerVersion);
  if (cv.url) m.set('url', cv.url);
  return new GoMap(m);
}

/** yaml.Marshal(IndexFile) as sigs.k8s.io/yaml writes it. */
export const marshalIndexYaml = (idx: IndexFile): string => marshalYaml(indexTree(idx, true));

/** json.MarshalIndent(IndexFile, "", "  "): struct fields in order, map keys sorted. */
export const marshalIndexJson = (idx: IndexFile): string => marshalOrderedJson(indexTree(idx, false));

/** sha256 hex of a file's bytes (provenance.DigestFile). */
export const digestFile = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex');

/** `*.tgz` directly in dir and one level below (filepath.Glob dir/*.tgz and dir/**\/*.tgz). */
function archivesIn(dir: string): string[] {
  const top: string[] = [];
  const sub: string[] = [];
  const names = readdirSync(dir).sort();
  for (const n of names) {
    const p = join(dir, n);
    if (n.endsWith('.tgz')) top.push(p);
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      /* dangling */
    }
    if (isDir) {
      for (const m of readdirSync(p).sort()) if (m.endsWith('.tgz')) sub.push(join(p, m));
    }
  }
  return [...top, ...sub];
}

/** IndexDirectory: an index of the packaged charts in dir (unsorted). */
export function indexDirectory(dir: string, baseURL: string): IndexFile {
  const index = newIndexFile();
  for (const arch of archivesIn(dir)) {
    const rel = relative(dir, arch).split(sep).join('/');
    const parentDir = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
    const fname = posix.basename(rel);
    const parentURL = urlJoin(baseURL, parentDir);
    let md: Metadata;
    try {
      const st = statSync(arch);
      if (!st.isFile()) continue;
      md = loadArchive(readFileSync(arch)).metadata;
    } catch {
      continue; // not a chart
    }
    const hash = digestFile(arch);
    if (!md.apiVersion) md.apiVersion = 'v1';
    try {
      validateMetadata(md);
    } catch (err) {
      throw new Error(
        `failed adding to ${fname} to index: validate failed for ${fname}: ${(err as Error).message}`,
      );
    }
    const u = parentURL !== '' ? urlJoin(parentURL, fname) : fname;
    const e = index.entries.get(md.name) ?? [];
    e.push({ metadata: md, urls: [u], created: goNow(), removed: false, digest: hash });
    index.entries.set(md.name, e);
  }
  return index;
}
