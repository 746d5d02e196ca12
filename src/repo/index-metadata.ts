// Index entries' Chart.yaml metadata in the shape helm writes, decoded without the general struct
// decoder (chart/metadata.ts): exact field names, values of the field's type. Anything else is
// left to decodeMetadata, which decodes it or reports Helm's error.
import { GoList, GoMap, type Value } from '../go/value.js';
import type { Metadata } from '../chart/chart.js';

// Chart.yaml's metadata fields by kind (chart/metadata.ts's table), for plainMetadata.
const META_KINDS = new Map<
  string,
  'string' | 'bool' | 'strings' | 'stringMap' | 'maintainers' | 'dependencies'
>([
  ['name', 'string'],
  ['home', 'string'],
  ['sources', 'strings'],
  ['version', 'string'],
  ['description', 'string'],
  ['keywords', 'strings'],
  ['maintainers', 'maintainers'],
  ['icon', 'string'],
  ['apiVersion', 'string'],
  ['condition', 'string'],
  ['tags', 'string'],
  ['appVersion', 'string'],
  ['deprecated', 'bool'],
  ['annotations', 'stringMap'],
  ['kubeVersion', 'string'],
  ['dependencies', 'dependencies'],
  ['type', 'string'],
]);
const MAINTAINER_KINDS = new Map<string, 'string'>([
  ['name', 'string'],
  ['email', 'string'],
  ['url', 'string'],
]);
const DEPENDENCY_KINDS = new Map<string, 'string' | 'strings' | 'bool'>([
  ['name', 'string'],
  ['version', 'string'],
  ['repository', 'string'],
  ['condition', 'string'],
  ['tags', 'strings'],
  ['enabled', 'bool'],
  ['alias', 'string'],
]);

class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain();

function plainStrings(v: Value): string[] {
  if (!(v instanceof GoList)) throw NOT_PLAIN;
  return v.items.map((x) => {
    if (x === null) return '';
    if (typeof x !== 'string') throw NOT_PLAIN;
    return x;
  });
}

function plainStruct(m: Map<string, Value>, kinds: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of m) {
    const kind = kinds.get(k);
    if (kind === undefined) throw NOT_PLAIN;
    if (v === null) continue;
    switch (kind) {
      case 'string':
        if (typeof v !== 'string') throw NOT_PLAIN;
        out[k] = v;
        break;
      case 'bool':
        if (typeof v !== 'boolean') throw NOT_PLAIN;
        out[k] = v;
        break;
      case 'strings':
        out[k] = plainStrings(v);
        break;
      case 'stringMap': {
        if (!(v instanceof GoMap)) throw NOT_PLAIN;
        const rec = Object.create(null) as Record<string, string>;
        for (const [ak, av] of v.entries) {
          if (av !== null && typeof av !== 'string') throw NOT_PLAIN;
          rec[ak] = av ?? '';
        }
        out[k] = rec;
        break;
      }
      default: {
        if (!(v instanceof GoList)) throw NOT_PLAIN;
        const sub = kind === 'maintainers' ? MAINTAINER_KINDS : DEPENDENCY_KINDS;
        out[k] = v.items.map((x) => {
          if (x === null) return null;
          if (!(x instanceof GoMap)) throw NOT_PLAIN;
          return plainStruct(x.entries, sub);
        });
      }
    }
  }
  return out;
}

/**
 * decodeMetadata's result for the common case — field names exactly as Helm writes them, values
 * of the field's type — without its general decoding (case-insensitive names, type errors);
 * undefined for anything else, which decodeMetadata then decodes or reports.
 */
export function plainMetadata(meta: Map<string, Value>): Metadata | undefined {
  try {
    return plainStruct(meta, META_KINDS) as unknown as Metadata;
  } catch (err) {
    if (err instanceof NotPlain) return undefined;
    throw err;
  }
}
