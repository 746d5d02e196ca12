// Chart metadata as json.Marshal writes the Go struct (omitempty fields, declaration order).
import { GoList, GoMap, type Value } from '../go/value.js';
import type { Dependency, Metadata } from './chart.js';

/** encoding/json's view of a Dependency (omitempty fields dropped). */
export function dependencyJson(d: Dependency): GoMap {
  const m = new Map<string, Value>();
  m.set('name', d.name ?? '');
  if (d.version) m.set('version', d.version);
  m.set('repository', d.repository ?? '');
  if (d.condition) m.set('condition', d.condition);
  if (d.tags && d.tags.length > 0) m.set('tags', new GoList([...d.tags]));
  if (d.enabled) m.set('enabled', true);
  const iv = d['import-values'];
  if (iv && iv.length > 0) m.set('import-values', new GoList(iv as Value[]));
  if (d.alias) m.set('alias', d.alias);
  return new GoMap(m);
}

/** The metadata fields in struct order; the caller appends its own. */
export function metadataJson(md: Metadata): Map<string, Value> {
  const m = new Map<string, Value>();
  const put = (k: string, v: string | undefined): void => {
    if (v) m.set(k, v);
  };
  const list = (k: string, v: string[] | undefined): void => {
    if (v && v.length > 0) m.set(k, new GoList([...v]));
  };
  put('name', md.name);
  put('home', md.home);
  list('sources', md.sources);
  put('version', md.version);
  put('description', md.description);
  list('keywords', md.keywords);
  if (md.maintainers && md.maintainers.length > 0) {
    m.set(
      'maintainers',
      new GoList(
        md.maintainers.map((mt) => {
          const e = new Map<string, Value>();
          if (mt?.name) e.set('name', mt.name);
          if (mt?.email) e.set('email', mt.email);
          if (mt?.url) e.set('url', mt.url);
          return new GoMap(e);
        }),
      ),
    );
  }
  put('icon', md.icon);
  put('apiVersion', md.apiVersion);
  put('condition', md.condition);
  put('tags', md.tags);
  put('appVersion', md.appVersion);
  if (md.deprecated) m.set('deprecated', true);
  if (md.annotations && Object.keys(md.annotations).length > 0) {
    const keys = Object.keys(md.annotations).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    m.set('annotations', new GoMap(new Map<string, Value>(keys.map((k) => [k, md.annotations![k]!]))));
  }
  put('kubeVersion', md.kubeVersion);
  if (md.dependencies && md.dependencies.length > 0) {
    m.set('dependencies', new GoList(md.dependencies.map(dependencyJson)));
  }
  put('type', md.type);
  return m;
}
