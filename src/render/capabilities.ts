// .Capabilities: the Kubernetes and Helm versions a chart renders for, as Helm 4.3.2 builds
// them (pkg/chart/common/capabilities.go). Without a cluster the API versions are every
// group/version of client-go's scheme (client-go v0.37.2) plus apiextensions, and the
// Kubernetes version is v1.<client-go minor>.0.
import {
  GoFunc,
  GoList,
  GoMap,
  GoObject,
  MethodSet,
  NO_FIELD,
  type GoKind,
  type GoType,
  type Value,
} from '../go/value.js';

export const HELM_VERSION = 'v4.3.2';
export const KUBE_CLIENT_VERSION = 'v1.37';
export const DEFAULT_KUBE_VERSION = 'v1.37.0';
export const GO_VERSION = 'go1.26.8';

export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'lifecycle.k8s.io/v1alpha1',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1',
  'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

/** common.KubeVersion (addressable inside Capabilities, so its pointer methods are callable). */
export class KubeVersion extends GoObject {
  readonly goType = 'common.KubeVersion';
  readonly goKind: GoKind = 'struct';
  constructor(
    readonly version: string,
    readonly normalized: string,
    readonly major: string,
    readonly minor: string,
  ) {
    super();
  }
  override field(name: string): Value | typeof NO_FIELD {
    switch (name) {
      case 'Version':
        return this.version;
      case 'Major':
        return this.major;
      case 'Minor':
        return this.minor;
      case 'normalizedVersion': // unexported: the executor refuses it by name
        return this.normalized;
    }
    return NO_FIELD;
  }
  // String and GitVersion have pointer receivers: only an addressable KubeVersion (the field
  // of .Capabilities, a variable holding it) has them; a copy (a function's argument) does not.
  override ptrMethod(name: string): GoFunc | undefined {
    if (name === 'GitVersion')
      return new GoFunc('GitVersion', { params: [], results: ['string'] }, () => this.version);
    if (name === 'String')
      return new GoFunc('String', { params: [], results: ['string'] }, () => this.ptrStringer());
    return undefined;
  }
  override get hasPtrMethods(): boolean {
    return true;
  }
  override ptrStringer(): string {
    return this.normalized || this.version;
  }
  override fields(): [string, Value][] {
    return [
      ['Version', this.version],
      ['normalizedVersion', this.normalized],
      ['Major', this.major],
      ['Minor', this.minor],
    ];
  }
}

export class BuildInfo extends GoObject {
  readonly goType = 'version.BuildInfo';
  readonly goKind: GoKind = 'struct';
  constructor(
    readonly info: Readonly<
      Record<'Version' | 'GitCommit' | 'GitTreeState' | 'GoVersion' | 'KubeClientVersion', string>
    >,
  ) {
    super();
  }
  override field(name: string): Value | typeof NO_FIELD {
    return Object.hasOwn(this.info, name) ? this.info[name as keyof typeof this.info] : NO_FIELD;
  }
  override fields(): [string, Value][] {
    return Object.entries(this.info);
  }
  /** encoding/json uses the struct's tags (`version,omitempty`, `git_commit,omitempty`, …). */
  override jsonFields(): [string, Value][] {
    const out: [string, Value][] = [];
    for (const [field, tag, omitEmpty] of BUILD_INFO_JSON) {
      const v = this.info[field];
      if (!(omitEmpty && v === '')) out.push([tag, v]);
    }
    return out;
  }
}

const BUILD_INFO_JSON: readonly [keyof BuildInfo['info'], string, boolean][] = [
  ['Version', 'version', true],
  ['GitCommit', 'git_commit', true],
  ['GitTreeState', 'git_tree_state', true],
  ['GoVersion', 'go_version', true],
  ['KubeClientVersion', 'kube_client_version', false],
];

/** *common.Capabilities, the pointer every template sees; its method set holds Copy. */
export class Capabilities extends GoObject {
  readonly goType: GoType = '*common.Capabilities';
  readonly goKind: GoKind = 'ptr';
  constructor(
    readonly kubeVersion: KubeVersion,
    readonly apiVersions: GoList,
    readonly helmVersion: BuildInfo,
  ) {
    super();
  }
  override method(name: string): GoFunc | undefined {
    if (name === 'Copy')
      return new GoFunc(
        'Copy',
        { params: [], results: ['*common.Capabilities'] },
        () => new Capabilities(this.kubeVersion, this.apiVersions, this.helmVersion),
      );
    return undefined;
  }
  /** The struct it points to (printing shows `{…}`, a `common.Capabilities` parameter gets it). */
  override deref(): Value {
    return new CapabilitiesValue(this);
  }
  override field(name: string): Value | typeof NO_FIELD {
    switch (name) {
      case 'KubeVersion':
        return this.kubeVersion;
      case 'APIVersions':
        return this.apiVersions;
      case 'HelmVersion':
        return this.helmVersion;
    }
    return NO_FIELD;
  }
  override fields(): [string, Value][] {
    return [
      ['KubeVersion', this.kubeVersion],
      ['APIVersions', this.apiVersions],
      ['HelmVersion', this.helmVersion],
    ];
  }
}

/** common.Capabilities, the struct behind the pointer (reached by printing .Capabilities). */
class CapabilitiesValue extends GoObject {
  readonly goType: GoType = 'common.Capabilities';
  readonly goKind: GoKind = 'struct';
  constructor(private readonly ptr: Capabilities) {
    super();
  }
  override field(name: string): Value | typeof NO_FIELD {
    return this.ptr.field(name);
  }
  override fields(): [string, Value][] {
    return this.ptr.fields();
  }
  // Copy is declared on *Capabilities; the pointed-to struct is addressable.
  override ptrMethod(name: string): GoFunc | undefined {
    return this.ptr.method(name);
  }
  override get hasPtrMethods(): boolean {
    return true;
  }
}

/** common.VersionSet: a named []string with Has. */
export function versionSet(versions: readonly string[]): GoList {
  return new GoList([...versions], 'string', false, 'common.VersionSet', VERSION_SET_METHODS);
}

/** VersionSet.Has (a value receiver), bound to the set it is called on (a slice of it too). */
class VersionSetMethods extends MethodSet {
  override method(name: string, self: GoMap | GoList): GoFunc | undefined {
    if (name !== 'Has' || !(self instanceof GoList)) return undefined;
    return new GoFunc('Has', { params: ['string'], results: ['bool'] }, (v) => self.items.includes(v));
  }
}
const VERSION_SET_METHODS = new VersionSetMethods();

// k8s.io/apimachinery/pkg/util/version ParseGeneric.
const GENERIC = /^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)*$/;

/** ParseKubeVersion: accepts `1.30`, `v1.30.2`, `v1.33.4-gke.1`; normalised to `v<major>.<minor>.<patch>`. */
export function parseKubeVersion(version: string): KubeVersion {
  const m = GENERIC.exec(version);
  if (!m) throw new Error(`could not parse "${version}" as version`);
  const comps = m[1]!.split('.');
  if (comps.length < 2) throw new Error(`illegal version string "${version}"`);
  const nums = comps.map((c) => {
    const n = Number(c);
    if (!Number.isSafeInteger(n)) throw new Error(`illegal version string "${version}"`);
    return n;
  });
  const gitVersion = version.startsWith('v') ? version : `v${version}`;
  const normalized = `v${nums.join('.')}`;
  return new KubeVersion(gitVersion, normalized, String(nums[0]), String(nums[1]));
}

export interface CapabilitiesOptions {
  kubeVersion?: string;
  apiVersions?: readonly string[];
}

export function helmBuildInfo(): BuildInfo {
  return new BuildInfo({
    Version: HELM_VERSION,
    GitCommit: '',
    GitTreeState: 'clean',
    GoVersion: GO_VERSION,
    KubeClientVersion: KUBE_CLIENT_VERSION,
  });
}

/** Capabilities for `helm template`: defaults, `--kube-version`, extra `--api-versions`. */
export function makeCapabilities(opts: CapabilitiesOptions = {}): Capabilities {
  const kv = opts.kubeVersion ? parseKubeVersion(opts.kubeVersion) : parseKubeVersion(DEFAULT_KUBE_VERSION);
  const versions = [...DEFAULT_API_VERSIONS, ...(opts.apiVersions ?? [])];
  return new Capabilities(kv, versionSet(versions), helmBuildInfo());
}
