// Sprig's JSON functions (defaults.go): the plain forms swallow errors, must* forms return
// them, toRawJson panics. Helm later overrides toJson, mustToJson and fromJson.
import { GoError, GoFunc, type GoSignature, type Value } from '../go/value.js';
import { marshalJson, parseJson } from '../yaml/index.js';

const sig = (params: string[], results: string[], returnsError = false): GoSignature => ({
  params,
  results,
  returnsError,
});

const swallow = (f: () => Value, fallback: Value): Value => {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoError) return fallback;
    throw e;
  }
};

export function jsonFuncs(): Map<string, GoFunc> {
  const fns: [string, GoSignature, (...a: Value[]) => Value][] = [
    ['fromJson', sig(['string'], ['interface {}']), (s) => swallow(() => parseJson(s as string), null)],
    ['mustFromJson', sig(['string'], ['interface {}'], true), (s) => parseJson(s as string)],
    ['toJson', sig(['interface {}'], ['string']), (v) => swallow(() => marshalJson(v), '')],
    ['mustToJson', sig(['interface {}'], ['string'], true), (v) => marshalJson(v)],
    [
      'toPrettyJson',
      sig(['interface {}'], ['string']),
      (v) => swallow(() => marshalJson(v, { indent: '  ' }), ''),
    ],
    ['mustToPrettyJson', sig(['interface {}'], ['string'], true), (v) => marshalJson(v, { indent: '  ' })],
    [
      'toRawJson',
      sig(['interface {}'], ['string']),
      (v) => marshalJson(v, { escapeHTML: false, viaPointer: true }),
    ],
    [
      'mustToRawJson',
      sig(['interface {}'], ['string'], true),
      (v) => marshalJson(v, { escapeHTML: false, viaPointer: true }),
    ],
  ];
  return new Map(fns.map(([n, s, f]) => [n, new GoFunc(n, s, f)]));
}
