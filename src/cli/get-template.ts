// `get all --template`: the release as Go's text/template sees *release.Release, so `.Release.Name`,
// `.Release.Info.Status` or `.Release.Chart.Metadata.Version` resolve to Helm's struct fields.
import { GoTime } from '../funcs/dates.js';
import { GoList, GoMap, GoObject, NO_FIELD, int, type GoKind, type Value } from '../go/value.js';
import type { Hook, Release } from '../storage/release.js';
import { parseGoTime } from './output/time.js';

/**
 * A Go struct with fields in declaration order. Helm hands the template pointers (*release.Release,
 * *Info…), which text/template dereferences when it prints them, so they are structs here.
 */
class GoStruct extends GoObject {
  readonly goKind: GoKind = 'struct';
  constructor(
    readonly goType: string,
    private readonly entries: [string, Value][],
  ) {
    super();
  }
  override field(name: string): Value | typeof NO_FIELD {
    const e = this.entries.find(([k]) => k === name);
    return e ? e[1] : NO_FIELD;
  }
  override fields(): [string, Value][] {
    return this.entries;
  }
}

const time = (t: string | undefined): GoTime => new GoTime(parseGoTime(t));
const strings = (xs: readonly string[] | undefined): GoList =>
  new GoList(xs ? [...xs] : [], 'string', xs === undefined);
const stringMap = (m: Readonly<Record<string, string>> | undefined): GoMap =>
  new GoMap(new Map(Object.entries(m ?? {})), 'map[string]string', 'string', m === undefined);

/** A slice of pointers: Go prints their addresses, so only its length and nil-ness are kept. */
const opaqueList = (xs: readonly unknown[] | undefined, elem: string): GoList =>
  new GoList(
    (xs ?? []).map(() => null),
    elem,
    xs === undefined,
  );

function hook(h: Hook): GoStruct {
  return new GoStruct('*v1.Hook', [
    ['Name', h.name],
    ['Kind', h.kind],
    ['Path', h.path],
    ['Manifest', h.manifest],
    ['Events', strings(h.events)],
    [
      'LastRun',
      new GoStruct('v1.HookExecution', [
        ['StartedAt', time(h.last_run?.started_at)],
        ['CompletedAt', time(h.last_run?.completed_at)],
        ['Phase', h.last_run?.phase ?? ''],
      ]),
    ],
    ['Weight', int(h.weight ?? 0)],
    ['DeletePolicies', strings(h.delete_policies)],
    ['OutputLogPolicies', strings(h.output_log_policies)],
  ]);
}

/** The template data `{"Release": *release.Release}`. */
export function releaseTemplateData(rel: Release): GoMap {
  const m = rel.chart?.metadata;
  const metadata: Value = m
    ? new GoStruct('*v2.Metadata', [
        ['Name', m.name],
        ['Home', m.home ?? ''],
        ['Sources', strings(m.sources)],
        ['Version', m.version],
        ['Description', m.description ?? ''],
        ['Keywords', strings(m.keywords)],
        ['Maintainers', opaqueList(m.maintainers, '*v2.Maintainer')],
        ['Icon', m.icon ?? ''],
        ['APIVersion', m.apiVersion],
        ['Condition', m.condition ?? ''],
        ['Tags', m.tags ?? ''],
        ['AppVersion', m.appVersion ?? ''],
        ['Deprecated', m.deprecated ?? false],
        ['Annotations', stringMap(m.annotations)],
        ['KubeVersion', m.kubeVersion ?? ''],
        ['Dependencies', opaqueList(m.dependencies, '*v2.Dependency')],
        ['Type', m.type ?? ''],
      ])
    : null;
  const chart: Value = rel.chart
    ? new GoStruct('*v2.Chart', [
        ['Metadata', metadata],
        ['Values', rel.chart.values ?? new GoMap(new Map(), 'map[string]interface {}', 'interface {}', true)],
      ])
    : null;
  const info = new GoStruct('*v1.Info', [
    ['FirstDeployed', time(rel.info.first_deployed)],
    ['LastDeployed', time(rel.info.last_deployed)],
    ['Deleted', time(rel.info.deleted)],
    ['Description', rel.info.description],
    ['Status', rel.info.status],
    ['RollbackRevision', int(rel.info.rollback_revision)],
    ['Notes', rel.info.notes],
    // Filled by `status` only: a nil map here.
    ['Resources', new GoMap(new Map(), 'map[string][]runtime.Object', '[]runtime.Object', true)],
  ]);
  const release = new GoStruct('*v1.Release', [
    ['Name', rel.name],
    ['Info', info],
    ['Chart', chart],
    ['Config', rel.config ?? new GoMap(new Map(), 'map[string]interface {}', 'interface {}', true)],
    ['Manifest', rel.manifest],
    ['Hooks', new GoList((rel.hooks ?? []).map(hook), '*v1.Hook', rel.hooks === undefined)],
    ['Version', int(rel.version)],
    ['Namespace', rel.namespace],
    ['Labels', stringMap(rel.labels)],
    ['ApplyMethod', rel.apply_method],
  ]);
  return new GoMap(new Map([['Release', release]]));
}
