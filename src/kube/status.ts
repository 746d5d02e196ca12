// kstatus: the status of one object computed from its own fields (sigs.k8s.io/cli-utils
// pkg/kstatus/status, as forked by fluxcd/cli-utils and used by Helm 4), and Helm's readers for
// hooks and --wait-for-jobs.
import type { KubeObject } from './types.js';

export type ResourceStatus = 'InProgress' | 'Failed' | 'Current' | 'Terminating' | 'NotFound' | 'Unknown';

export interface StatusResult {
  status: ResourceStatus;
  message: string;
  /** Reason of the condition kstatus would add (Reconciling / Stalled), when any. */
  reason?: string;
}

/** Computes the status of one object (never NotFound or Unknown; those come from the watcher). */
export type StatusReader = (obj: KubeObject, now: number) => StatusResult;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (o: unknown, ...path: string[]): unknown => {
  let cur = o;
  for (const p of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
};
// Integers are read as kstatus does with unstructured.NestedInt64, except that a value of another
// type counts as missing. kstatus fails the computation then (status Unknown), which makes Helm wait
// until its timeout on, e.g., Argo Rollouts whose observedGeneration is a string (helm/helm#32615);
// we deliberately skip such a field instead.
const int = (o: unknown, def: number, ...path: string[]): number => {
  const v = get(o, ...path);
  return typeof v === 'number' && Number.isInteger(v) ? v : def;
};
const has = (o: unknown, ...path: string[]): boolean => {
  const v = get(o, ...path);
  return typeof v === 'number' && Number.isInteger(v);
};
const str = (o: unknown, ...path: string[]): string => {
  const v = get(o, ...path);
  return typeof v === 'string' ? v : '';
};

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

function conditions(obj: KubeObject): Condition[] {
  const list = get(obj, 'status', 'conditions');
  if (!Array.isArray(list)) return [];
  return list.filter(isObj).map((c) => ({
    type: String(c['type'] ?? ''),
    status: String(c['status'] ?? ''),
    reason: String(c['reason'] ?? ''),
    message: String(c['message'] ?? ''),
  }));
}

const inProgress = (reason: string, message: string): StatusResult => ({
  status: 'InProgress',
  reason,
  message,
});
const failed = (reason: string, message: string): StatusResult => ({ status: 'Failed', reason, message });
const current = (message: string): StatusResult => ({ status: 'Current', message });

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** kstatus.Compute: generic checks, then the per-kind rule, then the Ready condition. */
export function computeStatus(obj: KubeObject, now: number = Date.now()): StatusResult {
  if (obj.metadata?.deletionTimestamp)
    return { status: 'Terminating', message: 'Resource scheduled for deletion' };
  if (has(obj, 'status', 'observedGeneration')) {
    const gen = int(obj, 0, 'metadata', 'generation');
    const observed = int(obj, 0, 'status', 'observedGeneration');
    if (has(obj, 'metadata', 'generation') && gen !== observed) {
      return inProgress(
        'LatestGenerationNotObserved',
        `${obj.kind} generation is ${gen}, but latest observed generation is ${observed}`,
      );
    }
  }
  for (const c of conditions(obj)) {
    if (c.type === 'Reconciling' && c.status === 'True') return inProgress(c.reason, c.message);
    if (c.type === 'Stalled' && c.status === 'True') return failed(c.reason, c.message);
  }
  const rule = KIND_RULES[`${groupOf(obj.apiVersion)}/${obj.kind}`];
  if (rule) return rule(obj, now);
  const ready = conditions(obj).find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return current('Resource is Ready');
  if (ready && (ready.status === 'False' || ready.status === 'Unknown'))
    return inProgress(ready.reason, ready.message);
  return current('Resource is current');
}

const always = (): StatusResult => current('Resource is always ready');

function deploymentStatus(obj: KubeObject): StatusResult {
  let progressing = get(obj, 'spec', 'progressDeadlineSeconds') === undefined;
  let available = false;
  for (const c of conditions(obj)) {
    if (c.type === 'Progressing') {
      if (c.reason === 'ProgressDeadlineExceeded')
        return failed('ProgressDeadlineExceeded', 'Progress deadline exceeded');
      if (c.status === 'True' && c.reason === 'NewReplicaSetAvailable') progressing = true;
    }
    if (c.type === 'Available' && c.status === 'True') available = true;
  }
  const spec = int(obj, 1, 'spec', 'replicas');
  const replicas = int(obj, 0, 'status', 'replicas');
  const updated = int(obj, 0, 'status', 'updatedReplicas');
  const readyR = int(obj, 0, 'status', 'readyReplicas');
  const avail = int(obj, 0, 'status', 'availableReplicas');
  if (spec > replicas) return inProgress('LessReplicas', `Replicas: ${replicas}/${spec}`);
  if (spec > updated) return inProgress('LessUpdated', `Updated: ${updated}/${spec}`);
  if (replicas > spec) return inProgress('ExtraPods', `Pending termination: ${replicas - spec}`);
  if (updated > avail) return inProgress('LessAvailable', `Available: ${avail}/${updated}`);
  if (spec > readyR) return inProgress('LessReady', `Ready: ${readyR}/${spec}`);
  if (!progressing) return inProgress('ReplicaSetNotAvailable', 'ReplicaSet not Available');
  if (!available) return inProgress('DeploymentNotAvailable', 'Deployment not Available');
  return current(`Deployment is available. Replicas: ${replicas}`);
}

function replicaSetStatus(obj: KubeObject): StatusResult {
  for (const c of conditions(obj)) {
    if (c.type === 'ReplicaFailure' && c.status === 'True')
      return inProgress('ReplicaFailure', 'Replica Failure condition. Check Pods');
  }
  const spec = int(obj, 1, 'spec', 'replicas');
  const replicas = int(obj, 0, 'status', 'replicas');
  const labelled = int(obj, 0, 'status', 'fullyLabeledReplicas');
  const avail = int(obj, 0, 'status', 'availableReplicas');
  const readyR = int(obj, 0, 'status', 'readyReplicas');
  if (spec > labelled) return inProgress('LessLabelled', `Labelled: ${labelled}/${spec}`);
  if (spec > avail) return inProgress('LessAvailable', `Available: ${avail}/${spec}`);
  if (spec > readyR) return inProgress('LessReady', `Ready: ${readyR}/${spec}`);
  if (replicas > spec) return inProgress('ExtraPods', `Pending termination: ${replicas - spec}`);
  return current(`ReplicaSet is available. Replicas: ${replicas}`);
}

function statefulSetStatus(obj: KubeObject): StatusResult {
  if (str(obj, 'spec', 'updateStrategy', 'type') === 'OnDelete')
    return current('StatefulSet is using the ondelete update strategy');
  const spec = int(obj, 1, 'spec', 'replicas');
  const replicas = int(obj, 0, 'status', 'replicas');
  const readyR = int(obj, 0, 'status', 'readyReplicas');
  const currentR = int(obj, 0, 'status', 'currentReplicas');
  const updated = int(obj, 0, 'status', 'updatedReplicas');
  if (spec > replicas) return inProgress('LessReplicas', `Replicas: ${replicas}/${spec}`);
  if (spec > readyR) return inProgress('LessReady', `Ready: ${readyR}/${spec}`);
  if (replicas > spec) return inProgress('ExtraPods', `Pending termination: ${replicas - spec}`);
  if (has(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition')) {
    const partition = int(obj, 0, 'spec', 'updateStrategy', 'rollingUpdate', 'partition');
    if (updated < spec - partition)
      return inProgress('PartitionRollout', `updated: ${updated}/${spec - partition}`);
    return current(`Partition rollout complete. updated: ${updated}`);
  }
  if (spec > currentR) return inProgress('LessCurrent', `current: ${currentR}/${spec}`);
  const cr = str(obj, 'status', 'currentRevision');
  const ur = str(obj, 'status', 'updateRevision');
  if (cr !== ur) return inProgress('RevisionMismatch', 'Waiting for updated revision to match current');
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
}

function daemonSetStatus(obj: KubeObject): StatusResult {
  if (!has(obj, 'metadata', 'generation'))
    return inProgress('NoGeneration', `${obj.kind} metadata.generation not found`);
  if (!has(obj, 'status', 'observedGeneration'))
    return inProgress('NoObservedGeneration', `${obj.kind} status.observedGeneration not found`);
  if (!has(obj, 'status', 'desiredNumberScheduled'))
    return inProgress('NoDesiredNumber', 'Missing .status.desiredNumberScheduled');
  const desired = int(obj, 0, 'status', 'desiredNumberScheduled');
  const cur = int(obj, 0, 'status', 'currentNumberScheduled');
  const updated = int(obj, 0, 'status', 'updatedNumberScheduled');
  const avail = int(obj, 0, 'status', 'numberAvailable');
  const readyN = int(obj, 0, 'status', 'numberReady');
  if (desired > cur) return inProgress('LessCurrent', `Current: ${cur}/${desired}`);
  if (desired > updated) return inProgress('LessUpdated', `Updated: ${updated}/${desired}`);
  if (desired > avail) return inProgress('LessAvailable', `Available: ${avail}/${desired}`);
  if (desired > readyN) return inProgress('LessReady', `Ready: ${readyN}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}

function pvcStatus(obj: KubeObject): StatusResult {
  const phase = str(obj, 'status', 'phase') || 'unknown';
  if (phase !== 'Bound') return inProgress('NotBound', 'PVC is not Bound. phase: ' + phase);
  return current('PVC is Bound');
}

function podStatus(obj: KubeObject, now: number): StatusResult {
  const phase = str(obj, 'status', 'phase');
  const conds = conditions(obj);
  switch (phase) {
    case 'Succeeded':
      return current('Pod has completed successfully');
    case 'Failed':
      return current('Pod has completed, but not successfully');
    case 'Running': {
      if (conds.some((c) => c.type === 'Ready' && c.status === 'True')) return current('Pod is Ready');
      const statuses = get(obj, 'status', 'containerStatuses');
      const looping = (Array.isArray(statuses) ? statuses : [])
        .filter(
          (cs) =>
            typeof get(cs, 'name') === 'string' &&
            get(cs, 'state', 'waiting', 'reason') === 'CrashLoopBackOff',
        )
        .map((cs) => get(cs, 'name') as string);
      if (looping.length)
        return failed('ContainerCrashLooping', `Containers in CrashLoop state: ${looping.join(',')}`);
      return inProgress('PodRunningNotReady', 'Pod is running but is not Ready');
    }
    case 'Pending': {
      const sched = conds.find((c) => c.type === 'PodScheduled');
      if (sched && sched.status === 'False' && sched.reason === 'Unschedulable') {
        const created = Date.parse(obj.metadata?.creationTimestamp ?? '');
        if (Number.isFinite(created) && now - created <= 15_000)
          return inProgress('PodNotScheduled', 'Pod has not been scheduled');
        return failed('PodUnschedulable', 'Pod could not be scheduled');
      }
      return inProgress('PodPending', 'Pod is in the Pending phase');
    }
    case '':
      return inProgress('PodNotObserved', 'Pod phase not available');
    default:
      return { status: 'Unknown', message: `unknown phase ${phase}` };
  }
}

// spec.completions defaults to spec.parallelism (default 1).
const completions = (obj: KubeObject): number =>
  int(obj, int(obj, 1, 'spec', 'parallelism'), 'spec', 'completions');

function jobStatus(obj: KubeObject): StatusResult {
  for (const c of conditions(obj)) {
    if (c.type === 'Complete' && c.status === 'True')
      return current(`Job Completed. succeeded: ${int(obj, 0, 'status', 'succeeded')}/${completions(obj)}`);
    if (c.type === 'Failed' && c.status === 'True')
      return failed(
        'JobFailed',
        `Job Failed. failed: ${int(obj, 0, 'status', 'failed')}/${completions(obj)}`,
      );
  }
  if (!str(obj, 'status', 'startTime')) return inProgress('JobNotStarted', 'Job not started');
  return current(
    `Job in progress. success:${int(obj, 0, 'status', 'succeeded')}, active: ${int(obj, 0, 'status', 'active')}, failed: ${int(obj, 0, 'status', 'failed')}`,
  );
}

function crdStatus(obj: KubeObject): StatusResult {
  for (const c of conditions(obj)) {
    if (c.type === 'NamesAccepted' && c.status === 'False') return failed(c.reason, c.message);
    if (c.type === 'Established') {
      if (c.status === 'False' && c.reason !== 'Installing') return failed(c.reason, c.message);
      if (c.status === 'True') return current('CRD is established');
    }
  }
  return inProgress('Installing', 'Install in progress');
}

function serviceStatus(obj: KubeObject): StatusResult {
  const type = str(obj, 'spec', 'type') || 'ClusterIP';
  if (type === 'LoadBalancer' && !str(obj, 'spec', 'clusterIP'))
    return inProgress('NoIPAssigned', 'ClusterIP not set. Service type: LoadBalancer');
  return current('Service is ready');
}

const KIND_RULES: Record<string, (obj: KubeObject, now: number) => StatusResult> = {
  '/ConfigMap': always,
  '/Secret': always,
  'batch/CronJob': always,
  '/Service': serviceStatus,
  '/PersistentVolumeClaim': pvcStatus,
  '/Pod': podStatus,
  'apps/Deployment': deploymentStatus,
  'extensions/Deployment': deploymentStatus,
  'apps/ReplicaSet': replicaSetStatus,
  'extensions/ReplicaSet': replicaSetStatus,
  'apps/StatefulSet': statefulSetStatus,
  'apps/DaemonSet': daemonSetStatus,
  'extensions/DaemonSet': daemonSetStatus,
  'policy/PodDisruptionBudget': () => current('AllowedDisruptions has been computed.'),
  'batch/Job': jobStatus,
  'apiextensions.k8s.io/CustomResourceDefinition': crdStatus,
};

/** Default kstatus reader (helm --wait). */
export const defaultReader: StatusReader = computeStatus;

/**
 * Helm's Job reader (--wait-for-jobs and hooks): Current only when Complete, Failed when Failed,
 * otherwise InProgress. Like Helm's, it skips kstatus's generic checks.
 */
export function helmJobStatus(obj: KubeObject): StatusResult {
  for (const c of conditions(obj)) {
    if (c.type === 'Complete' && c.status === 'True')
      return current(`Job Completed. succeeded: ${int(obj, 0, 'status', 'succeeded')}/${completions(obj)}`);
    if (c.type === 'Failed' && c.status === 'True')
      return failed(
        'JobFailed',
        `Job Failed. failed: ${int(obj, 0, 'status', 'failed')}/${completions(obj)}`,
      );
  }
  return inProgress('JobInProgress', 'Job in progress');
}

/** Helm's Pod reader for hooks: Current when Succeeded, Failed when Failed, otherwise InProgress. */
export function helmPodStatus(obj: KubeObject): StatusResult {
  const phase = str(obj, 'status', 'phase');
  const name = obj.metadata?.name ?? '';
  if (phase === 'Succeeded') return current(`pod ${name} succeeded`);
  if (phase === 'Failed') return failed('PodFailed', `pod ${name} failed`);
  return inProgress('PodInProgress', 'Pod in progress');
}

const isJob = (o: KubeObject) => groupOf(o.apiVersion) === 'batch' && o.kind === 'Job';
const isPod = (o: KubeObject) => groupOf(o.apiVersion) === '' && o.kind === 'Pod';

/** The reader Helm's WaitWithJobs uses. */
export const waitWithJobsReader: StatusReader = (o, now) =>
  isJob(o) ? helmJobStatus(o) : computeStatus(o, now);

/** The reader Helm's WatchUntilReady (hooks, tests) uses: Jobs and Pods must finish, everything else is ready. */
export const hookReader: StatusReader = (o) =>
  isJob(o) ? helmJobStatus(o) : isPod(o) ? helmPodStatus(o) : current('Resource is current');
