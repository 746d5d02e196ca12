// Dependency processing before rendering: aliases, tags, conditions and import-values,
// as Helm's pkg/chart/v2/util/dependencies.go (ProcessDependencies).
import { sprintf } from '../go/fmt/print.js';
import { GoMap, type Value } from '../go/value.js';
import { coalesceTables, coalesceValues, deepCopy, mergeValues, type Warn } from '../values/coalesce.js';
import { NoValueError, pathValue, table } from '../values/table.js';
import type { Chart, Dependency } from './chart.js';
import { isCompatibleRange } from './semver-range.js';

/** ProcessDependencies: removes disabled subcharts and imports values, mutating the chart. */
export function processDependencies(c: Chart, vals: GoMap, warn: Warn = () => {}): void {
  processDependencyEnabled(c, vals, '', warn);
  processDependencyImportValues(c, true, warn);
}

function processDependencyConditions(reqs: Dependency[], cvals: GoMap, cpath: string, warn: Warn): void {
  for (const r of reqs) {
    for (const c of (r.condition ?? '').trim().split(',')) {
      if (c.length === 0) continue;
      try {
        const vv = pathValue(cvals, cpath + c);
        if (typeof vv === 'boolean') {
          r.enabled = vv;
          break;
        }
        warn(`returned non-bool value path=${c} chart=${r.name}`);
      } catch (err) {
        if (!(err instanceof NoValueError))
          warn(`the method PathValue returned error error="${(err as Error).message}"`);
      }
    }
  }
}

function processDependencyTags(reqs: Dependency[], cvals: GoMap, warn: Warn): void {
  let vt: GoMap;
  try {
    vt = table(cvals, 'tags');
  } catch {
    return;
  }
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags ?? []) {
      if (!vt.entries.has(k)) continue;
      const b = vt.entries.get(k);
      if (typeof b === 'boolean') {
        if (b) hasTrue = true;
        else hasFalse = true;
      } else warn(`returned non-bool value tag=${k} chart=${r.name}`);
    }
    if (!hasTrue && hasFalse) r.enabled = false;
    else if (hasTrue || (!hasTrue && !hasFalse)) r.enabled = true;
  }
}

function getAliasDependency(charts: Chart[], dep: Dependency): Chart | undefined {
  for (const c of charts) {
    if (c.name !== dep.name) continue;
    if (!isCompatibleRange(dep.version ?? '', c.metadata.version)) continue;
    const out = c.clone();
    out.metadata.dependencies = c.metadata.dependencies?.map((d) => ({ ...d }));
    if (dep.alias) out.metadata.name = dep.alias;
    return out;
  }
  return undefined;
}

function processDependencyEnabled(c: Chart, v: GoMap, path: string, warn: Warn): void {
  const reqs = c.metadata.dependencies;
  if (!reqs) return;
  const chartDependencies: Chart[] = [];
  for (const existing of c.dependencies) {
    const declared = reqs.some(
      (req) => existing.name === req.name && isCompatibleRange(req.version ?? '', existing.metadata.version),
    );
    if (!declared) chartDependencies.push(existing);
  }
  for (const req of reqs) {
    const dep = getAliasDependency(c.dependencies, req);
    if (dep) chartDependencies.push(dep);
    if (req.alias) req.name = req.alias;
  }
  c.setDependencies(chartDependencies);
  for (const lr of reqs) lr.enabled = true;

  const cvals = coalesceValues(c, v, warn);
  processDependencyTags(reqs, cvals, warn);
  processDependencyConditions(reqs, cvals, path, warn);
  const rm = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const cd = c.dependencies.filter((n) => !rm.has(n.metadata.name));
  const cdMetadata = reqs.filter((n) => !rm.has(n.name));
  for (const t of cd) processDependencyEnabled(t, cvals, `${path}${t.metadata.name}.`, warn);
  c.metadata.dependencies = cdMetadata;
  c.setDependencies(cd);
}

function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  let cur = data;
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 0; i--) cur = new GoMap(new Map([[parts[i]!, cur as Value]]));
  return cur;
}

function trimNilValues(vals: GoMap): GoMap {
  const copy = deepCopy(vals) as GoMap;
  const trim = (m: GoMap): GoMap => {
    for (const [k, val] of m.entries) {
      if (val === null) m.entries.delete(k);
      else if (val instanceof GoMap && val.type === 'map[string]interface {}') m.entries.set(k, trim(val));
    }
    return m;
  };
  return trim(copy);
}

function processImportValues(c: Chart, merge: boolean, warn: Warn): void {
  const reqs = c.metadata.dependencies;
  if (!reqs) return;
  const cvals = merge ? mergeValues(c, new GoMap(), warn) : coalesceValues(c, new GoMap(), warn);
  let b = new GoMap();
  for (const r of reqs) {
    const outiv: unknown[] = [];
    for (const riv of r['import-values'] ?? []) {
      if (riv instanceof GoMap) {
        const child = sprintf('%v', [riv.get('child') ?? null]);
        const parent = sprintf('%v', [riv.get('parent') ?? null]);
        outiv.push(
          new GoMap(
            new Map<string, Value>([
              ['child', child],
              ['parent', parent],
            ]),
            'map[string]string',
            'string',
          ),
        );
        let vv: GoMap;
        try {
          vv = table(cvals, `${r.name}.${child}`);
        } catch (err) {
          warn(`ImportValues missing table from chart chart=${r.name} error="${(err as Error).message}"`);
          continue;
        }
        b = coalesceTables(warn, b, pathToMap(parent, asPlainMap(vv)), '', merge);
      } else if (typeof riv === 'string') {
        const child = `exports.${riv}`;
        outiv.push(
          new GoMap(
            new Map<string, Value>([
              ['child', child],
              ['parent', '.'],
            ]),
            'map[string]string',
            'string',
          ),
        );
        let vm: GoMap;
        try {
          vm = table(cvals, `${r.name}.${child}`);
        } catch (err) {
          warn(`ImportValues missing table error="${(err as Error).message}"`);
          continue;
        }
        b = coalesceTables(warn, b, asPlainMap(vm), '', merge);
      }
    }
    r['import-values'] = outiv;
  }
  c.values = merge
    ? coalesceTables(warn, deepCopy(cvals) as GoMap, b, '', true)
    : coalesceTables(warn, trimNilValues(cvals), b, '', false);
}

const asPlainMap = (m: GoMap): GoMap => (m.type === 'map[string]interface {}' ? m : new GoMap(m.entries));

function processDependencyImportValues(c: Chart, merge: boolean, warn: Warn): void {
  for (const d of c.dependencies) processDependencyImportValues(d, merge, warn);
  processImportValues(c, merge, warn);
}
