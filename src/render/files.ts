// `.Files`: the chart's non-template files as Helm's engine.files, a named map type
// (map[string][]byte) with the methods Get, GetBytes, Glob, AsConfig, AsSecrets and Lines.
import type { ChartFile } from '../chart/chart.js';
import { toYaml } from '../yaml/index.js';
import { GoError, GoFunc, GoList, GoMap, utf8Decode, type Value } from '../go/value.js';
import { compileGlob } from './glob.js';

const FILES_TYPE = 'engine.files';

const baseName = (p: string): string => {
  const t = p.replace(/\/+$/, '');
  const i = t.lastIndexOf('/');
  return i < 0 ? t || '.' : t.slice(i + 1);
};

/** newFiles: a files map over the given chart files. */
export function newFiles(from: ChartFile[]): GoMap {
  const m = new Map<string, Value>();
  for (const f of from) m.set(f.name, f.data);
  return filesMap(m);
}

function filesMap(entries: Map<string, Value>): GoMap {
  const self: GoMap = new GoMap(
    entries,
    FILES_TYPE,
    '[]uint8',
    false,
    filesMethods(() => self),
  );
  return self;
}

const sig = (params: string[], results: string[]) => ({ params, results });

function filesMethods(self: () => GoMap): Map<string, GoFunc> {
  const bytesOf = (name: string): Uint8Array => {
    const v = self().entries.get(name);
    return v instanceof Uint8Array ? v : new Uint8Array();
  };
  const sortedMapYaml = (f: (data: Uint8Array) => string): string => {
    const m = new Map<string, Value>();
    for (const [k, v] of self().entries) m.set(baseName(k), f(v as Uint8Array));
    return toYaml(new GoMap(m, 'map[string]string', 'string'));
  };
  return new Map([
    ['GetBytes', new GoFunc('GetBytes', sig(['string'], ['[]uint8']), (name) => bytesOf(name as string))],
    ['Get', new GoFunc('Get', sig(['string'], ['string']), (name) => utf8Decode(bytesOf(name as string)))],
    [
      'Glob',
      new GoFunc('Glob', sig(['string'], [FILES_TYPE]), (pattern) => {
        let re: RegExp;
        try {
          re = compileGlob(pattern as string);
        } catch {
          re = /^[^]*$/;
        }
        const out = new Map<string, Value>();
        for (const [k, v] of self().entries) if (re.test(k)) out.set(k, v);
        return filesMap(out);
      }),
    ],
    ['AsConfig', new GoFunc('AsConfig', sig([], ['string']), () => sortedMapYaml((d) => utf8Decode(d)))],
    [
      'AsSecrets',
      new GoFunc('AsSecrets', sig([], ['string']), () =>
        sortedMapYaml((d) => Buffer.from(d).toString('base64')),
      ),
    ],
    [
      'Lines',
      new GoFunc('Lines', sig(['string'], ['[]string']), (path) => {
        const v = self().entries.get(path as string);
        // Helm 4.3: an empty file has no lines (4.2 failed with "index out of range [-1]")
        if (!(v instanceof Uint8Array) || v.length === 0) return new GoList([], 'string');
        let s = utf8Decode(v);
        if (s.endsWith('\n')) s = s.slice(0, -1);
        return new GoList(s.split('\n'), 'string');
      }),
    ],
  ]);
}
