// Sprig v3.3.0's function map (TxtFuncMap), assembled from its categories.
import { spawnSync } from 'node:child_process';
import { GoError, GoFunc, type FuncMap, type Value } from '../go/value.js';
import { conversionFuncs } from './conversion.js';
import { cryptoFuncs } from './crypto.js';
import { datesFuncs } from './dates.js';
import { defaultsFuncs } from './defaults.js';
import { dictsFuncs } from './dicts.js';
import { encodingFuncs } from './encoding.js';
import type { FuncEnv } from './env.js';
import { jsonFuncs } from './json.js';
import { listsFuncs } from './lists.js';
import { mathFuncs } from './math.js';
import { pathsFuncs } from './paths.js';
import { randomFuncs } from './random.js';
import { reflectFuncs } from './reflect.js';
import { regexFuncs } from './regex.js';
import { semverFuncs } from './semver.js';
import { stringsFuncs } from './strings.js';
import { urlsFuncs } from './urls.js';

export type Getenv = (name: string) => string;

const processGetenv: Getenv = (name) => process.env[name] ?? '';

/** os.ExpandEnv: `$VAR` and `${VAR}` replaced by their values. */
export function expandEnv(s: string, getenv: Getenv): string {
  return s.replace(
    /\$(\{([^}]*)\}|([A-Za-z0-9_]+)|([*#$@!?\-0-9]))/g,
    (_m, _all, braced?: string, plain?: string, special?: string) => getenv(braced ?? plain ?? special ?? ''),
  );
}

/**
 * Sprig's getHostByName: one address of the host. Node has no synchronous resolver and
 * templates execute synchronously, so a short-lived Node process asks the system resolver.
 */
export function resolveHostSync(name: string): string {
  const script =
    "require('dns').lookup(process.argv[1],{all:true},(e,a)=>{if(e){process.exit(2)}process.stdout.write(a.length?a[Math.floor(Math.random()*a.length)].address:'')})";
  const r = spawnSync(process.execPath, ['-e', script, name], { encoding: 'utf8', timeout: 15000 });
  if (r.status !== 0 || !r.stdout) throw new GoError('runtime error: index out of range [0] with length 0');
  return r.stdout;
}

function osFuncs(getenv: Getenv): Map<string, GoFunc> {
  const sig = { params: ['string'], results: ['string'] };
  return new Map([
    ['env', new GoFunc('env', sig, (k: Value) => getenv(k as string))],
    ['expandenv', new GoFunc('expandenv', sig, (s: Value) => expandEnv(s as string, getenv))],
    ['hello', new GoFunc('hello', { params: [], results: ['string'] }, () => 'Hello!')],
    ['getHostByName', new GoFunc('getHostByName', sig, (n: Value) => resolveHostSync(n as string))],
  ]);
}

/** Every Sprig function, with the given clock/randomness and environment. */
export function sprigFuncMap(env: FuncEnv, getenv: Getenv = processGetenv): FuncMap {
  const m = new Map<string, GoFunc>();
  const groups = [
    stringsFuncs(env),
    conversionFuncs(),
    mathFuncs(env),
    listsFuncs(),
    dictsFuncs(),
    defaultsFuncs(),
    jsonFuncs(),
    reflectFuncs(),
    pathsFuncs(),
    regexFuncs(),
    urlsFuncs(),
    encodingFuncs(),
    semverFuncs(),
    cryptoFuncs(env),
    randomFuncs(env),
    datesFuncs(env),
    osFuncs(getenv),
  ];
  for (const g of groups) for (const [k, v] of g) m.set(k, v);
  return m;
}
