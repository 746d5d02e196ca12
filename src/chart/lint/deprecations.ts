// validateNoDeprecations: Kubernetes APIs deprecated at the target Kubernetes version, worded as
// the API server's deprecation warnings (k8s.io/apiserver/pkg/endpoints/deprecation).
import { DEPRECATED_APIS, type DeprecatedApi } from './deprecated-apis.js';

const BY_GVK = new Map<string, DeprecatedApi>(DEPRECATED_APIS.map((a) => [`${a[0]} ${a[1]}`, a]));

export interface KubeMajorMinor {
  major: string;
  minor: string;
}

/** The warning for `apiVersion kind` at `kube`, or undefined when it is not deprecated there. */
export function deprecationWarning(
  apiVersion: string,
  kind: string,
  kube: KubeMajorMinor,
): string | undefined {
  if (apiVersion === '' || kind === '') return undefined;
  const api = BY_GVK.get(`${apiVersion} ${kind}`);
  if (!api) return undefined;
  const [gv, k, dMajor, dMinor, rMajor, rMinor, replacement] = api;
  const major = atoi(kube.major);
  if (major === undefined) return `strconv.Atoi: parsing ${JSON.stringify(kube.major)}: invalid syntax`;
  const minor = atoi(kube.minor);
  if (minor === undefined) return `strconv.Atoi: parsing ${JSON.stringify(kube.minor)}: invalid syntax`;
  if (dMajor === 0 && dMinor === 0) return undefined;
  if (!(major === 0 && minor === 0)) {
    if (dMajor > major) return undefined;
    if (dMajor === major && dMinor > minor) return undefined;
  }
  let msg = `${gv} ${k} is deprecated in v${dMajor}.${dMinor}+`;
  if (rMajor !== 0 || rMinor !== 0) msg += `, unavailable in v${rMajor}.${rMinor}+`;
  if (replacement !== '') msg += `; use ${replacement}`;
  return msg;
}

function atoi(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}
