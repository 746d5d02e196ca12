// `.Files`: the chart's non-template files as Helm's engine.files, a named map type
// (map[string][]byte) with the methods Get, GetBytes, Glob, AsConfig, AsSecrets and Lines.
import type { ChartFile } from '../chart/chart.js';
import { toYaml } from '../yaml/index.js';
import { GoFunc, GoList, GoMap, MethodSet, utf8Decode, type Value } from '../go/value.js';
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

const filesMap = (entries: Map<string, Value>): GoMap =>
  new GoMap(entries, FILES_TYPE, '[]uint8', false, FILES_METHODS);

const sig = (params: string[], results: string[]) => ({ params, results });

/** engine.files' methods, all value receivers, bound to the map they are called on. */
class FilesMethods extends MethodSet {
  override method(name: string, self: GoMap | GoList): GoFunc | undefined {
    if (!(self instanceof GoMap)) return undefined;
    const bytesOf = (file: string): Uint8Array => {
      const v = self.entries.get(file);
      return v instanceof Uint8Array ? v : new Uint8Array();
    };
    const sortedMapYaml = (f: (data: Uint8Array) => string): string => {
      const m = new Map<string, Value>();
      for (const [k, v] of self.entries) m.set(baseName(k), f(v as Uint8Array));
      return toYaml(new GoMap(m, 'map[string]string', 'string'));
    };
    switch (name) {
      case 'GetBytes':
        return new GoFunc(name, sig(['string'], ['[]uint8']), (file) => bytesOf(file as string));
      case 'Get':
        return new GoFunc(name, sig(['string'], ['string']), (file) => utf8Decode(bytesOf(file as string)));
      case 'Glob':
        return new GoFunc(name, sig(['string'], [FILES_TYPE]), (pattern) => {
          let re: RegExp;
          try {
            re = compileGlob(pattern as string);
          } catch {
            re = /^[^]*$/;
          }
          const out = new Map<string, Value>();
          for (const [k, v] of self.entries) if (re.test(k)) out.set(k, v);
          return filesMap(out);
        });
      case 'AsConfig':
        return new GoFunc(name, sig([], ['string']), () => sortedMapYaml((d) => utf8Decode(d)));
      case 'AsSecrets':
        return new GoFunc(name, sig([], ['string']), () =>
          sortedMapYaml((d) => Buffer.from(d).toString('base64')),
        );
      case 'Lines':
        return new GoFunc(name, sig(['string'], ['[]string']), (path) => {
          const v = self.entries.get(path as string);
          // Helm 4.3: an empty file has no lines (4.2 failed with "index out of range [-1]")
          if (!(v instanceof Uint8Array) || v.length === 0) return new GoList([], 'string');
          let s = utf8Decode(v);
          if (s.endsWith('\n')) s = s.slice(0, -1);
          return new GoList(s.split('\n'), 'string');
        });
    }
    return undefined;
  }
}

const FILES_METHODS = new FilesMethods();
