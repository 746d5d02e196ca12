// Helm's release v1 record (pkg/release/v1, pkg/release/common, pkg/chart/v2 as stored), with the JSON
// field names Helm writes. Optional fields are the ones Go omits (omitempty/omitzero) or may hold nil;
// `null` marks a Go nil that Go writes as `null` (so records round-trip byte for byte).
import type { Dependency, Maintainer, Metadata } from '../chart/chart.js';
import type { GoMap } from '../go/value.js';
import type { HookEvent } from '../render/manifests.js';

export type { Dependency, Maintainer, Metadata };

/** pkg/release/common Status. */
export type Status =
  | 'unknown'
  | 'deployed'
  | 'uninstalled'
  | 'superseded'
  | 'failed'
  | 'uninstalling'
  | 'pending-install'
  | 'pending-upgrade'
  | 'pending-rollback';

export const STATUSES: readonly Status[] = [
  'unknown',
  'deployed',
  'uninstalled',
  'superseded',
  'failed',
  'uninstalling',
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
];

/** Status.IsPending. */
export const isPending = (s: string | undefined): boolean =>
  s === 'pending-install' || s === 'pending-upgrade' || s === 'pending-rollback';

/**
 * A Go time.Time as its JSON text: RFC 3339 with nanoseconds, trailing zeros dropped, in the offset it
 * was made in (`2026-12-06T09:01:24.123456789Z`). See gotime.ts to make and compare them.
 */
export type GoTimeText = string;

/** Go's zero time as MarshalJSON writes it (always written where the field has no omitzero). */
export const GO_ZERO_TIME: GoTimeText = '0001-01-01T00:00:00Z';

/** The events a hook runs on: the ones the renderer reads from `helm.sh/hook`. */
export type { HookEvent };

export type HookDeletePolicy = 'hook-succeeded' | 'hook-failed' | 'before-hook-creation';
export type HookOutputLogPolicy = 'hook-succeeded' | 'hook-failed';
/** '' is what a record without a phase holds (Go's zero value). */
export type HookPhase = 'Unknown' | 'Running' | 'Succeeded' | 'Failed' | '';

/** HookExecution (`last_run`); times omitted when zero, `phase` always written. */
export interface HookExecution {
  started_at?: GoTimeText;
  completed_at?: GoTimeText;
  phase: HookPhase;
}

/** Hook; strings '' and weight 0 are omitted when written. */
export interface Hook {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events?: HookEvent[];
  last_run: HookExecution;
  weight: number;
  delete_policies?: HookDeletePolicy[];
  output_log_policies?: HookOutputLogPolicy[];
}

/** Info; times omitted when zero, strings '' and 0 omitted. */
export interface Info {
  first_deployed?: GoTimeText;
  last_deployed?: GoTimeText;
  deleted?: GoTimeText;
  description: string;
  /** '' when a record holds none (Go's zero value); other strings are kept as read. */
  status: Status | '';
  /** The revision a rollback went back to; 0 = not a rollback. */
  rollback_revision: number;
  notes: string;
  /** Filled only for display (helm status); Helm cannot read records that carry objects here. */
  resources?: Record<string, unknown[]>;
}

/** common.File as stored: data is Go []byte (base64 in JSON; null when nil). */
export interface StoredFile {
  name: string;
  data: Uint8Array | null;
  modtime?: GoTimeText;
}

/** chart.Lock as stored (`generated` always written, zero time included). */
export interface StoredLock {
  generated: GoTimeText;
  digest: string;
  dependencies: Dependency[] | null;
}

/**
 * chart.Chart as stored. Fields without omitempty are always written; null = Go nil. `metadata.name` etc.
 * use '' for absent strings (Go zero values, omitted when written).
 */
export interface StoredChart {
  metadata: Metadata | null;
  lock: StoredLock | null;
  templates: StoredFile[] | null;
  values: GoMap | null;
  schema: Uint8Array | null;
  /** Always written; GO_ZERO_TIME when unset. */
  schemamodtime: GoTimeText;
  files: StoredFile[] | null;
  modtime?: GoTimeText;
}

export type ApplyMethod = 'ssa' | 'csa';

/** Release (pkg/release/v1). `labels` is not part of the JSON: drivers keep it beside the record. */
export interface Release {
  name: string;
  info: Info;
  chart?: StoredChart;
  /** User-supplied values; omitted when empty. */
  config?: GoMap;
  manifest: string;
  hooks?: Hook[];
  /** The revision; 0 is omitted. */
  version: number;
  namespace: string;
  labels?: Record<string, string>;
  /** '' (unset: treat as client-side apply), 'ssa' or 'csa'. */
  apply_method: ApplyMethod | '';
}

/** A fresh Info with Go's zero values. */
export const emptyInfo = (status: Status = 'unknown'): Info => ({
  description: '',
  status,
  rollback_revision: 0,
  notes: '',
});
