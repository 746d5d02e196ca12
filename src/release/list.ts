// The List action (pkg/action/list.go): the latest revision of every release in a namespace (or all),
// filtered by name regex, status mask and label selector, sorted and paged.
import { RE2JS } from 're2js';
import { compareGoStrings } from '../go/value.js';
import type { Release, Status } from '../storage/release.js';
import { parseLabelSelector } from './list-selector.js';
import { parseGoTime } from '../cli/output/time.js';
import type { ReadCollaborators } from './read-common.js';

export interface ListStates {
  deployed?: boolean;
  uninstalled?: boolean;
  uninstalling?: boolean;
  pending?: boolean;
  failed?: boolean;
  superseded?: boolean;
}

export interface ListOptions {
  /** Status flags; none set = every status. */
  states: ListStates;
  /** -f: an RE2 regular expression on release names. */
  filter: string;
  /** -l: a label selector on the records' labels. */
  selector: string;
  byDate: boolean;
  reverse: boolean;
  /** -m: at most this many; <= 0 = all. */
  limit: number;
  offset: number;
}

const ALL: readonly Status[] = [
  'deployed',
  'uninstalled',
  'uninstalling',
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
  'superseded',
  'failed',
];

/** SetStateMask: the statuses shown. */
export function stateMask(s: ListStates): Set<string> {
  const m = new Set<string>();
  if (s.deployed) m.add('deployed');
  if (s.uninstalled) m.add('uninstalled');
  if (s.uninstalling) m.add('uninstalling');
  if (s.pending) ['pending-install', 'pending-rollback', 'pending-upgrade'].forEach((x) => m.add(x));
  if (s.failed) m.add('failed');
  if (s.superseded) m.add('superseded');
  return m.size === 0 ? new Set(ALL) : m;
}

/** filterLatestReleases: the highest revision per namespace/name. */
function latest(rels: Release[]): Release[] {
  const by = new Map<string, Release>();
  for (const r of rels) {
    const key = `${r.namespace}/${r.name}`;
    const cur = by.get(key);
    if (cur && cur.version > r.version) continue;
    by.set(key, r);
  }
  return [...by.values()];
}

const byName = (a: Release, b: Release): number => compareGoStrings(a.name, b.name);
const deployedUnix = (r: Release): number => parseGoTime(r.info.last_deployed).sec;
const byDate = (a: Release, b: Release): number =>
  deployedUnix(a) - deployedUnix(b) || compareGoStrings(a.name, b.name);

export async function listReleases(opts: ListOptions, c: ReadCollaborators): Promise<Release[]> {
  await c.kube.checkReachable();
  const filter = opts.filter !== '' ? RE2JS.compile(opts.filter) : undefined;
  const results = await c.storage.list((r) => !filter || filter.matcher(r.name).find());
  if (results.length === 0) return [];

  const mask = stateMask(opts.states);
  // Superseded revisions are never the latest, so asking only for them skips that filter.
  const onlySuperseded = mask.size === 1 && mask.has('superseded');
  let rels = onlySuperseded ? results : latest(results);
  // The state mask applies after picking the latest revisions (else stale entries could show).
  rels = rels.filter((r) => mask.has(r.info.status));
  const selector = parseLabelSelector(opts.selector);
  rels = rels.filter((r) => selector.matches(r.labels ?? {}));

  // By name, or (-d) oldest first; -r reverses either.
  rels.sort(opts.byDate ? byDate : byName);
  if (opts.reverse) rels.reverse();

  if (opts.offset >= rels.length) return [];
  // Helm caps the page at the number of records read, not of releases kept.
  let limit = results.length;
  if (opts.limit > 0 && opts.limit < limit) limit = opts.limit;
  return rels.slice(opts.offset, Math.min(opts.offset + limit, rels.length));
}
