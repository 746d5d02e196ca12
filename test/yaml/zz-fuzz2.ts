import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GoError } from '../../src/template/value.js';
import { parseYaml } from '../../src/yaml/index.js';
import { runOracle } from '../support/yamloracle.js';
import { Composer, Parser } from 'yaml';
const files: string[] = [];
const walk = (d: string): void => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) { if (n !== 'templates') walk(p); } else if (n === 'values.yaml') files.push(p); } };
walk('/work/shared/corpus');
let seed = Number(process.argv[2] ?? 1);
const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const texts: string[] = []; const where: number[] = [];
for (const f of files.slice(0, 120)) {
  const lines = readFileSync(f, 'utf8').split('\n').slice(0, 60);
  const i = rnd(lines.length);
  const l = lines[i] ?? '';
  const kind = rnd(Number(process.argv[4] ?? 6));
  if (kind === 0) lines[i] = ' ' + l;
  else if (kind === 1) lines[i] = l.replace(/^  /, '');
  else if (kind === 2) lines[i] = l + ': x';
  else if (kind === 3) lines[i] = l.replace(':', '');
  else if (kind === 4) lines[i] = l + ' [';
  else if (kind === 5) lines[i] = '\t' + l;
  else if (kind === 6) { const p = rnd(l.length + 1); lines[i] = l.slice(0, p) + l.slice(p + 1); }
  else if (kind === 7) { const p = rnd(l.length + 1); const ch = ':-[]{}"\'#|>&*!% \t,?'[rnd(17)]; lines[i] = l.slice(0, p) + ch + l.slice(p); }
  else if (kind === 8) lines.splice(i, 0, '   ' + l.trim());
  else lines[i] = l.replace(/^(\s*)/, '$1- ');
  texts.push(lines.join('\n')); where.push(i);
}
const res = runOracle(texts.map((t) => ({ op: 'yamlUnmarshal', in: t })));
texts.forEach((t, i) => {
  let mine: string;
  try { parseYaml(t); mine = 'OK'; } catch (e) { mine = e instanceof GoError ? e.message : String(e); }
  const r = res[i]!;
  const go = 'err' in r ? r.err : 'OK';
  if (go !== mine && go.includes(process.argv[3] ?? 'expected key')) {
    const ls = t.split('\n'); const w = where[i]!;
    console.log('GO:', go, '\nJS:', mine, '\nmutated line', w + 1);
    ls.slice(Math.max(0, w - 3), w + 6).forEach((l, k) => console.log(String(Math.max(0, w - 3) + k + 1).padStart(4), '|' + l));
    const docs = [...new Composer({ version: '1.1', schema: 'failsafe' }).compose(new Parser().parse(t))];
    console.log(docs[0]!.errors.map((e) => e.code + ' ' + e.linePos?.[0]?.line + ' ' + e.message.split('\n')[0]).join('\n'));
    console.log('----');
  }
});
