// `.Chart` as Helm 4 exposes it: Chart.yaml metadata turned into a map keyed by the Go
// struct's field names (pkg/chart/common.go structToMap). Nil slices become empty lists.
import { GoList, GoMap, type Value } from '../go/value.js';
import type { Dependency, Maintainer, Metadata } from './chart.js';

const strings = (xs: string[] | undefined): GoList => new GoList(xs ? [...xs] : []);

function maintainerMap(m: Maintainer): GoMap {
  return new GoMap(
    new Map<string, Value>([
      ['Name', m.name ?? ''],
      ['Email', m.email ?? ''],
      ['URL', m.url ?? ''],
    ]),
  );
}

function dependencyMap(d: Dependency): GoMap {
  return new GoMap(
    new Map<string, Value>([
      ['Name', d.name ?? ''],
      ['Version', d.version ?? ''],
      ['Repository', d.repository ?? ''],
      ['Condition', d.condition ?? ''],
      ['Tags', strings(d.tags)],
      ['Enabled', d.enabled ?? false],
      ['ImportValues', new GoList(((d['import-values'] ?? []) as Value[]).slice())],
      ['Alias', d.alias ?? ''],
    ]),
  );
}

export function metadataAsMap(md: Metadata): GoMap {
  const annotations = md.annotations
    ? new GoMap(new Map(Object.entries(md.annotations)), 'map[string]string', 'string')
    : new GoMap(new Map(), 'map[string]string', 'string', true);
  return new GoMap(
    new Map<string, Value>([
      ['Name', md.name ?? ''],
      ['Home', md.home ?? ''],
      ['Sources', strings(md.sources)],
      ['Version', md.version ?? ''],
      ['Description', md.description ?? ''],
      ['Keywords', strings(md.keywords)],
      ['Maintainers', new GoList((md.maintainers ?? []).map(maintainerMap))],
      ['Icon', md.icon ?? ''],
      ['APIVersion', md.apiVersion ?? ''],
      ['Condition', md.condition ?? ''],
      ['Tags', md.tags ?? ''],
      ['AppVersion', md.appVersion ?? ''],
      ['Deprecated', md.deprecated ?? false],
      ['Annotations', annotations],
      ['KubeVersion', md.kubeVersion ?? ''],
      ['Dependencies', new GoList((md.dependencies ?? []).map(dependencyMap))],
      ['Type', md.type ?? ''],
    ]),
  );
}
