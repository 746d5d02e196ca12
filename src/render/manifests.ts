// Rendered files → manifests and hooks: document splitting, hook detection and kind ordering,
// as Helm's pkg/release/v1/util (SplitManifests, SortManifests, InstallOrder).
import { GoMap, type Value } from '../go/value.js';
import { parseYaml } from '../yaml/index.js';

export interface SimpleHead {
  apiVersion: string;
  kind: string;
  metadata?: { name: string; annotations?: Record<string, string> };
}

export interface Manifest {
  /** template path, e.g. `mychart/templates/deployment.yaml` */
  name: string;
  content: string;
  head: SimpleHead;
}

export type HookEvent =
  | 'pre-install'
  | 'post-install'
  | 'pre-delete'
  | 'post-delete'
  | 'pre-upgrade'
  | 'post-upgrade'
  | 'pre-rollback'
  | 'post-rollback'
  | 'test';

export interface Hook {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events: HookEvent[];
  weight: number;
  deletePolicies: string[];
  outputLogPolicies: string[];
}

export const HOOK_ANNOTATION = 'helm.sh/hook';
export const HOOK_WEIGHT_ANNOTATION = 'helm.sh/hook-weight';
export const HOOK_DELETE_ANNOTATION = 'helm.sh/hook-delete-policy';
export const HOOK_OUTPUT_LOG_ANNOTATION = 'helm.sh/hook-output-log-policy';

const EVENTS: Record<string, HookEvent> = {
  'pre-install': 'pre-install',
  'post-install': 'post-install',
  'pre-delete': 'pre-delete',
  'post-delete': 'post-delete',
  'pre-upgrade': 'pre-upgrade',
  'post-upgrade': 'post-upgrade',
  'pre-rollback': 'pre-rollback',
  'post-rollback': 'post-rollback',
  test: 'test',
  'test-success': 'test',
};

export const INSTALL_ORDER: readonly string[] = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

export const UNINSTALL_ORDER: readonly string[] = [
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'Ingress',
  'IngressClass',
  'Service',
  'CronJob',
  'Job',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
  'DaemonSet',
  'RoleBindingList',
  'RoleBinding',
  'RoleList',
  'Role',
  'ClusterRoleBindingList',
  'ClusterRoleBinding',
  'ClusterRoleList',
  'ClusterRole',
  'CustomResourceDefinition',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'ConfigMap',
  'SecretList',
  'Secret',
  'ServiceAccount',
  'PodDisruptionBudget',
  'PodSecurityPolicy',
  'LimitRange',
  'ResourceQuota',
  'NetworkPolicy',
  'Namespace',
  'PriorityClass',
];

// Go's unicode.IsSpace. (Loops, not regular expressions: an end-anchored one rescans long texts.)
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}
const trimLeftSpace = (s: string): string => {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
};
const trimSpace = (s: string): string => {
  let i = 0;
  let j = s.length;
  while (i < j && isSpace(s.charCodeAt(i))) i++;
  while (j > i && isSpace(s.charCodeAt(j - 1))) j--;
  return i === 0 && j === s.length ? s : s.slice(i, j);
};

/** SplitManifests: documents split at lines starting with `---`, empty ones dropped, left-trimmed. */
export function splitManifests(bigFile: string): string[] {
  return splitManifestsAt(bigFile).map((d) => d.doc);
}

/** splitManifests, with where each document starts in `bigFile` (a UTF-16 offset). */
export function splitManifestsAt(bigFile: string): { doc: string; offset: number }[] {
  const s = trimLeftSpace(bigFile);
  const lead = bigFile.length - s.length;
  const out: { doc: string; offset: number }[] = [];
  const piece = (start: number, end: number): void => {
    const d = s.slice(start, end);
    if (trimSpace(d) === '') return;
    const doc = trimLeftSpace(d);
    out.push({ doc, offset: lead + start + d.length - doc.length });
  };
  // The matches of /^---[ \t]*/m, found with indexOf (the regexp tried every position of the
  // rendered text): `---` at the start or after a line terminator, then spaces and tabs.
  let from = 0;
  for (let i = s.indexOf('---'); i >= 0; i = s.indexOf('---', i)) {
    if (i > 0 && !isLineTerminator(s.charCodeAt(i - 1))) {
      i++;
      continue;
    }
    piece(from, i);
    let end = i + 3;
    while (end < s.length && (s.charCodeAt(end) === 0x20 || s.charCodeAt(end) === 0x09)) end++;
    from = end;
    i = end;
  }
  piece(from, s.length);
  return out;
}

/** Where a multiline `^` matches after: JavaScript's line terminators. */
const isLineTerminator = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;

function jsonKind(v: Value): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoMap) return 'object';
  return 'array';
}

/** encoding/json's UnmarshalTypeError: the struct named is the one holding the field (metadata's is anonymous). */
function structError(v: Value, field: string, type: string): Error {
  const struct = field.startsWith('metadata.') ? '' : 'SimpleHead';
  return new Error(
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go struct field ${struct}.${field} of type ${type}`,
  );
}

/**
 * The fields of SimpleHead that are Go strings (matched case-insensitively, as encoding/json
 * does): sigs.k8s.io/yaml turns numbers and booleans there into text (`name: on` is "true").
 */
function headStringField(path: readonly string[]): boolean {
  if (path.length === 0) return false;
  const top = path[0]!.toLowerCase();
  if (path.length === 1) return top === 'apiversion' || top === 'kind';
  if (top !== 'metadata') return false;
  const sub = path[1]!.toLowerCase();
  if (path.length === 2) return sub === 'name';
  return path.length === 3 && sub === 'annotations' && path[2] !== '[]';
}

/**
 * The entries SimpleHead reads (names matched case-insensitively, with all they hold): the rest
 * of a manifest is read only to prove it valid, not built.
 */
function headEntry(path: readonly string[]): boolean {
  const top = path[0]!.toLowerCase();
  if (path.length === 1) return top === 'apiversion' || top === 'kind' || top === 'metadata';
  // Inside apiVersion or kind (a wrong type's error names it), or deeper in name or annotations.
  if (path.length > 2 || top !== 'metadata') return true;
  const sub = path[1]!.toLowerCase();
  return sub === 'name' || sub === 'annotations';
}

/** Decodes the head of a manifest as Helm's SimpleHead (strict types, like encoding/json). */
export function parseHead(doc: string): SimpleHead {
  const v = parseYaml(doc, 'any', { stringFields: headStringField, keep: headEntry });
  const head: SimpleHead = { apiVersion: '', kind: '' };
  if (v === null) return head;
  if (!(v instanceof GoMap)) {
    throw new Error(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type util.SimpleHead`,
    );
  }
  const field = (m: GoMap, name: string): Value | undefined => {
    if (m.entries.has(name)) return m.entries.get(name);
    for (const [k, x] of m.entries) if (k.toLowerCase() === name.toLowerCase()) return x;
    return undefined;
  };
  const str = (x: Value | undefined, path: string): string => {
    if (x === undefined || x === null) return '';
    if (typeof x !== 'string') throw structError(x, path, 'string');
    return x;
  };
  head.apiVersion = str(field(v, 'apiVersion'), 'apiVersion');
  head.kind = str(field(v, 'kind'), 'kind');
  const md = field(v, 'metadata');
  if (md !== undefined && md !== null) {
    if (!(md instanceof GoMap))
      throw structError(
        md,
        'metadata',
        'struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }',
      );
    head.metadata = { name: str(field(md, 'name'), 'metadata.name') };
    const ann = field(md, 'annotations');
    if (ann !== undefined && ann !== null) {
      if (!(ann instanceof GoMap)) throw structError(ann, 'metadata.annotations', 'map[string]string');
      const rec: Record<string, string> = {};
      for (const [k, x] of ann.entries) {
        if (x === null) rec[k] = '';
        else if (typeof x !== 'string') throw structError(x, 'metadata.annotations', 'string');
        else rec[k] = x;
      }
      head.metadata.annotations = rec;
    }
  }
  return head;
}

function kindRank(order: readonly string[]): Map<string, number> {
  return new Map(order.map((k, i) => [k, i]));
}

function lessByKind(rank: Map<string, number>, a: string, b: string): number {
  const ra = rank.get(a);
  const rb = rank.get(b);
  if (ra === undefined && rb === undefined) return a === b ? 0 : a < b ? -1 : 1;
  if (ra === undefined) return 1;
  if (rb === undefined) return -1;
  return ra - rb;
}

/** Stable sort by kind (Array.prototype.sort is stable). */
export function sortByKind<T>(
  items: T[],
  kindOf: (t: T) => string,
  order: readonly string[] = INSTALL_ORDER,
): T[] {
  const rank = kindRank(order);
  return items.sort((x, y) => lessByKind(rank, kindOf(x), kindOf(y)));
}

export class YamlParseError extends Error {
  override name = 'YamlParseError';
  constructor(
    message: string,
    readonly path: string,
    readonly document: string,
    /** Where the document starts in the rendered file (a UTF-16 offset), when known. */
    readonly offset?: number,
  ) {
    super(message);
  }
}

const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** SortManifests: hooks and plain manifests from the rendered files, each sorted by kind. */
export function sortManifests(
  files: Map<string, string>,
  order: readonly string[] = INSTALL_ORDER,
  log: (msg: string) => void = () => {},
  /** How a document's head is read (a prepared chart keeps heads: render/head-memo.ts). */
  readHead: (doc: string) => SimpleHead = parseHead,
): { hooks: Hook[]; manifests: Manifest[] } {
  const hooks: Hook[] = [];
  const manifests: Manifest[] = [];
  const paths = [...files.keys()].sort();
  for (const path of paths) {
    const content = files.get(path)!;
    if (baseName(path).startsWith('_')) continue;
    if (trimSpace(content) === '') continue;
    for (const { doc: m, offset } of splitManifestsAt(content)) {
      let head: SimpleHead;
      try {
        head = readHead(m);
      } catch (err) {
        throw new YamlParseError(`YAML parse error on ${path}: ${(err as Error).message}`, path, m, offset);
      }
      const annotations = head.metadata?.annotations;
      const hookTypes = annotations?.[HOOK_ANNOTATION];
      if (!annotations || Object.keys(annotations).length === 0 || hookTypes === undefined) {
        manifests.push({ name: path, content: m, head });
        continue;
      }
      const parsedWeight = /^[+-]?\d+$/.test(annotations[HOOK_WEIGHT_ANNOTATION] ?? '')
        ? Number(annotations[HOOK_WEIGHT_ANNOTATION])
        : 0;
      const hook: Hook = {
        name: head.metadata?.name ?? '',
        kind: head.kind,
        path,
        manifest: m,
        events: [],
        weight: Number.isSafeInteger(parsedWeight) ? parsedWeight : 0,
        deletePolicies: [],
        outputLogPolicies: [],
      };
      let unknown = false;
      for (const t of hookTypes.split(',')) {
        const e = EVENTS[t.trim().toLowerCase()];
        if (!e) {
          unknown = true;
          break;
        }
        hook.events.push(e);
      }
      if (unknown) {
        log(`skipping unknown hooks: ${hookTypes}`);
        continue;
      }
      hooks.push(hook);
      const policies = (name: string, into: string[]): void => {
        const v = annotations[name];
        if (v !== undefined) for (const p of v.split(',')) into.push(p.trim().toLowerCase());
      };
      policies(HOOK_DELETE_ANNOTATION, hook.deletePolicies);
      policies(HOOK_OUTPUT_LOG_ANNOTATION, hook.outputLogPolicies);
    }
  }
  return {
    hooks: sortByKind(hooks, (h) => h.kind, order),
    manifests: sortByKind(manifests, (m) => m.head.kind, order),
  };
}
