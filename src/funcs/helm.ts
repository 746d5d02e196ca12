// Helm 4.3's own template functions (pkg/engine/funcs.go) on top of Sprig: YAML, JSON and
// TOML conversions, the duration helpers (durations.ts), and the placeholders the engine
// re-binds per render (include, tpl, required, lookup). getHostByName answers "" unless DNS
// is enabled, as `--enable-dns`.
import { GoError, GoFunc, GoMap, type FuncMap, type GoSignature, type Value } from '../go/value.js';
import { fromJson, fromJsonArray, mustToJson, toJson } from '../yaml/helm.js';
import { fromYaml, fromYamlArray, mustToYaml, toYaml, toYamlPretty } from '../yaml/index.js';
import { fromToml, mustToToml, toToml } from './toml.js';
import { durationFuncs } from './durations.js';
import { defaultFuncEnv, type FuncEnv } from './env.js';
import { sprigFuncMap } from './sprig.js';

export interface HelmFuncOptions {
  /** Resolve host names in getHostByName (Helm's --enable-dns). */
  enableDns?: boolean;
  /** Clock and randomness for Sprig's functions. */
  funcEnv?: FuncEnv;
  /**
   * The cluster reader behind `lookup` (apiVersion, kind, namespace, name). Without one,
   * lookup returns an empty map, as `helm template` does.
   */
  lookup?: (apiVersion: string, kind: string, namespace: string, name: string) => GoMap;
  /** Where lint-mode messages go. */
  warn?: (message: string) => void;
  /** DNS resolution for getHostByName when enabled (default: the system resolver). */
  resolveHost?: (name: string) => string;
}

const fn = (name: string, sig: GoSignature, f: (...args: Value[]) => Value): [string, GoFunc] => [
  name,
  new GoFunc(name, sig, f),
];
const one = (param: string, result: string): GoSignature => ({ params: [param], results: [result] });

/** The functions Helm adds to or overrides in Sprig's map. */
export function helmOwnFuncs(opts: HelmFuncOptions = {}): Map<string, GoFunc> {
  return new Map([
    ...durationFuncs(),
    fn('toToml', one('interface {}', 'string'), (v) => toToml(v)),
    fn('mustToToml', one('interface {}', 'string'), (v) => mustToToml(v)),
    fn('fromToml', one('string', 'map[string]interface {}'), (s) => fromToml(s as string)),
    fn('toYaml', one('interface {}', 'string'), (v) => toYaml(v)),
    fn('mustToYaml', one('interface {}', 'string'), (v) => mustToYaml(v)),
    fn('toYamlPretty', one('interface {}', 'string'), (v) => toYamlPretty(v)),
    fn('fromYaml', one('string', 'map[string]interface {}'), (s) => fromYaml(s as string)),
    fn('fromYamlArray', one('string', '[]interface {}'), (s) => fromYamlArray(s as string)),
    fn('toJson', one('interface {}', 'string'), (v) => toJson(v)),
    fn('mustToJson', one('interface {}', 'string'), (v) => mustToJson(v)),
    fn('fromJson', one('string', 'map[string]interface {}'), (s) => fromJson(s as string)),
    fn('fromJsonArray', one('string', '[]interface {}'), (s) => fromJsonArray(s as string)),
    // Re-bound by the engine for each render; these are what a bare FuncMap holds.
    fn('include', { params: ['string', 'interface {}'], results: ['string'] }, () => 'not implemented'),
    fn('tpl', { params: ['string', 'interface {}'], results: ['interface {}'] }, () => 'not implemented'),
    fn(
      'required',
      { params: ['string', 'interface {}'], results: ['interface {}'], returnsError: true },
      () => 'not implemented',
    ),
    fn(
      'lookup',
      {
        params: ['string', 'string', 'string', 'string'],
        results: ['map[string]interface {}'],
        returnsError: true,
      },
      (a, k, ns, n) =>
        opts.lookup ? opts.lookup(a as string, k as string, ns as string, n as string) : new GoMap(),
    ),
    fn('fail', { params: ['string'], results: ['string'], returnsError: true }, (msg) => {
      throw new GoError(msg as string);
    }),
  ]);
}

/**
 * The maps built so far for a clock/randomness source and DNS setting, without a lookup or
 * resolver of the caller's: a GoFunc never changes and these hold no state of a render, so
 * every render with the same source shares one map (built once, not ~250 functions a render).
 */
const shared = new WeakMap<FuncEnv, FuncMap[]>();

/** Helm's full function map: Sprig without env/expandenv, plus Helm's own. */
export function helmFuncMap(opts: HelmFuncOptions = {}): FuncMap {
  if (opts.lookup !== undefined || opts.resolveHost !== undefined) return buildHelmFuncMap(opts);
  const env = opts.funcEnv ?? defaultFuncEnv;
  let maps = shared.get(env);
  if (maps === undefined) shared.set(env, (maps = []));
  const i = opts.enableDns ? 1 : 0;
  return (maps[i] ??= buildHelmFuncMap({ funcEnv: env, enableDns: opts.enableDns }));
}

function buildHelmFuncMap(opts: HelmFuncOptions): FuncMap {
  const m = new Map(sprigFuncMap(opts.funcEnv ?? defaultFuncEnv));
  m.delete('env');
  m.delete('expandenv');
  for (const [k, v] of helmOwnFuncs(opts)) m.set(k, v);
  if (!opts.enableDns) {
    m.set('getHostByName', new GoFunc('getHostByName', one('string', 'string'), () => ''));
  } else if (opts.resolveHost) {
    const resolve = opts.resolveHost;
    m.set(
      'getHostByName',
      new GoFunc('getHostByName', one('string', 'string'), (name) => resolve(name as string)),
    );
  }
  return m;
}
