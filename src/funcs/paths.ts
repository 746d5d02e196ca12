// Sprig's path functions: Go's path package (base dir clean ext isAbs) and path/filepath
// (the os* variants), which behave identically on Linux, the platform Helm charts target.
import { GoFunc, type Value } from '../go/value.js';
import { pathClean } from '../go/path.js';
import { goFunc } from './reflect.js';

/** path.Clean (template functions call it cleanPath). */
export const cleanPath = pathClean;

/** path.Base */
export function basePath(p: string): string {
  if (p === '') return '.';
  const t = p.replace(/\/+$/, '');
  if (t === '') return '/';
  return t.slice(t.lastIndexOf('/') + 1);
}

/** path.Dir */
export const dirPath = (p: string): string => cleanPath(p.slice(0, p.lastIndexOf('/') + 1));

/** path.Ext: the suffix from the last dot of the last element. */
export function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

const s = (v: Value): string => v as string;

/** base dir clean ext isAbs osBase osClean osDir osExt osIsAbs */
export function pathsFuncs(): Map<string, GoFunc> {
  const fs: GoFunc[] = [];
  for (const prefix of ['', 'os']) {
    const name = (n: string): string => (prefix ? prefix + n[0]!.toUpperCase() + n.slice(1) : n);
    fs.push(
      goFunc(name('base'), 'func(string) string', (p) => basePath(s(p))),
      goFunc(name('dir'), 'func(string) string', (p) => dirPath(s(p))),
      goFunc(name('clean'), 'func(string) string', (p) => cleanPath(s(p))),
      goFunc(name('ext'), 'func(string) string', (p) => extPath(s(p))),
      goFunc(name('isAbs'), 'func(string) bool', (p) => s(p).startsWith('/')),
    );
  }
  return new Map(fs.map((f) => [f.name, f]));
}
