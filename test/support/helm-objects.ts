// Helm's template objects in the oracle's typed data encoding (tools/gotmpl/helmobjects.go),
// built with Rudder's own models so both sides run the same object:
//   {$caps: {kubeVersion, apiVersions, helm}}  *common.Capabilities
//   {$kubeVersion: 'v1.30.2'}                  common.KubeVersion (a copy: not addressable)
//   {$versionSet: ['v1']}                      common.VersionSet
import { BuildInfo, Capabilities, parseKubeVersion, versionSet } from '../../src/render/capabilities.js';
import type { Value } from '../../src/go/value.js';

export const HELM_OBJECT_TAGS: ReadonlySet<string> = new Set(['$caps', '$kubeVersion', '$versionSet']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(p: unknown): string[] {
  if (!Array.isArray(p) || !p.every((x) => typeof x === 'string'))
    throw new Error('a version set wants a list of strings');
  return p as string[];
}

export function decodeHelmObject(tag: string, p: unknown): Value {
  switch (tag) {
    case '$kubeVersion':
      if (typeof p !== 'string') throw new Error('$kubeVersion wants a string');
      return parseKubeVersion(p);
    case '$versionSet':
      return versionSet(strings(p));
    case '$caps': {
      if (!isRecord(p) || typeof p.kubeVersion !== 'string')
        throw new Error('$caps wants a kubeVersion string');
      const helm = isRecord(p.helm) ? p.helm : {};
      const field = (k: string): string => (typeof helm[k] === 'string' ? helm[k] : '');
      return new Capabilities(
        parseKubeVersion(p.kubeVersion),
        versionSet(strings(p.apiVersions)),
        new BuildInfo({
          Version: field('Version'),
          GitCommit: field('GitCommit'),
          GitTreeState: field('GitTreeState'),
          GoVersion: field('GoVersion'),
          KubeClientVersion: field('KubeClientVersion'),
        }),
      );
    }
  }
  throw new Error(`unknown tag ${tag}`);
}
