// kstatus rules per kind, and Helm's Job/Pod readers (no cluster needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeStatus,
  helmJobStatus,
  hookReader,
  waitWithJobsReader,
  upgradeManagedFields,
  unionFields,
  type KubeObject,
} from '../../src/kube/index.js';

const obj = (
  apiVersion: string,
  kind: string,
  rest: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'ns', ...meta },
  ...rest,
});
const st = (o: KubeObject, now?: number) => {
  const r = computeStatus(o, now);
  return `${r.status}${r.reason ? `/${r.reason}` : ''}`;
};

test('generic checks: deletion, observedGeneration, Reconciling/Stalled, Ready, default Current', () => {
  assert.equal(st(obj('v1', 'ConfigMap', {}, { deletionTimestamp: '2020-01-01T00:00:00Z' })), 'Terminating');
  assert.equal(
    st(obj('example.com/v1', 'Thing', { status: { observedGeneration: 1 } }, { generation: 2 })),
    'InProgress/LatestGenerationNotObserved',
  );
  assert.equal(
    st(
      obj('example.com/v1', 'Thing', {
        status: { conditions: [{ type: 'Reconciling', status: 'True', reason: 'Busy' }] },
      }),
    ),
    'InProgress/Busy',
  );
  assert.equal(
    st(
      obj('example.com/v1', 'Thing', {
        status: { conditions: [{ type: 'Stalled', status: 'True', reason: 'Stuck' }] },
      }),
    ),
    'Failed/Stuck',
  );
  assert.equal(
    st(
      obj('example.com/v1', 'Thing', {
        status: { conditions: [{ type: 'Ready', status: 'False', reason: 'NotYet' }] },
      }),
    ),
    'InProgress/NotYet',
  );
  assert.equal(
    st(obj('example.com/v1', 'Thing', { status: { conditions: [{ type: 'Ready', status: 'True' }] } })),
    'Current',
  );
  assert.equal(st(obj('example.com/v1', 'Thing')), 'Current');
});

test('Deployment: replica counts, progress deadline, availability', () => {
  const d = (status: Record<string, unknown>, spec: Record<string, unknown> = { replicas: 2 }) =>
    obj('apps/v1', 'Deployment', { spec, status }, { generation: 1 });
  const ok = {
    observedGeneration: 1,
    replicas: 2,
    updatedReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
    conditions: [{ type: 'Available', status: 'True' }],
  };
  assert.equal(st(d(ok)), 'Current');
  assert.equal(st(d({ ...ok, replicas: 1 })), 'InProgress/LessReplicas');
  assert.equal(st(d({ ...ok, updatedReplicas: 1 })), 'InProgress/LessUpdated');
  assert.equal(st(d({ ...ok, replicas: 3 })), 'InProgress/ExtraPods');
  assert.equal(st(d({ ...ok, availableReplicas: 1 })), 'InProgress/LessAvailable');
  assert.equal(st(d({ ...ok, readyReplicas: 1 })), 'InProgress/LessReady');
  assert.equal(st(d({ ...ok, conditions: [] })), 'InProgress/DeploymentNotAvailable');
  assert.equal(st(d(ok, { replicas: 2, progressDeadlineSeconds: 600 })), 'InProgress/ReplicaSetNotAvailable');
  assert.equal(
    st(
      d({
        ...ok,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      }),
    ),
    'Failed/ProgressDeadlineExceeded',
  );
  assert.equal(st(obj('apps/v1', 'Deployment', { spec: {} })), 'InProgress/LessReplicas'); // replicas default 1
});

test('StatefulSet, DaemonSet, ReplicaSet, PVC, Service, CRD', () => {
  const ss = (status: Record<string, unknown>, spec: Record<string, unknown> = { replicas: 1 }) =>
    obj('apps/v1', 'StatefulSet', { spec, status });
  const ssOk = {
    replicas: 1,
    readyReplicas: 1,
    currentReplicas: 1,
    updatedReplicas: 1,
    currentRevision: 'a',
    updateRevision: 'a',
  };
  assert.equal(st(ss(ssOk)), 'Current');
  assert.equal(st(ss({ ...ssOk, updateRevision: 'b' })), 'InProgress/RevisionMismatch');
  assert.equal(st(ss({ ...ssOk, currentReplicas: 0 })), 'InProgress/LessCurrent');
  assert.equal(st(ss({}, { updateStrategy: { type: 'OnDelete' } })), 'Current');
  assert.equal(
    st(
      ss(
        { ...ssOk, replicas: 3, readyReplicas: 3, updatedReplicas: 1 },
        { replicas: 3, updateStrategy: { rollingUpdate: { partition: 1 } } },
      ),
    ),
    'InProgress/PartitionRollout',
  );

  assert.equal(st(obj('apps/v1', 'DaemonSet', { status: {} })), 'InProgress/NoGeneration');
  assert.equal(
    st(obj('apps/v1', 'DaemonSet', { status: { observedGeneration: 1 } }, { generation: 1 })),
    'InProgress/NoDesiredNumber',
  );
  const ds = {
    observedGeneration: 1,
    desiredNumberScheduled: 2,
    currentNumberScheduled: 2,
    updatedNumberScheduled: 2,
    numberAvailable: 2,
    numberReady: 1,
  };
  assert.equal(st(obj('apps/v1', 'DaemonSet', { status: ds }, { generation: 1 })), 'InProgress/LessReady');
  assert.equal(
    st(obj('apps/v1', 'DaemonSet', { status: { ...ds, numberReady: 2 } }, { generation: 1 })),
    'Current',
  );

  assert.equal(
    st(obj('apps/v1', 'ReplicaSet', { spec: { replicas: 1 }, status: { fullyLabeledReplicas: 0 } })),
    'InProgress/LessLabelled',
  );
  assert.equal(
    st(obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Pending' } })),
    'InProgress/NotBound',
  );
  assert.equal(st(obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Bound' } })), 'Current');
  assert.equal(st(obj('v1', 'Service', { spec: { type: 'LoadBalancer' } })), 'InProgress/NoIPAssigned');
  assert.equal(
    st(obj('v1', 'Service', { spec: { type: 'LoadBalancer', clusterIP: '192.0.2.10' } })),
    'Current',
  );
  const crd = (conditions: unknown[]) =>
    obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { status: { conditions } });
  assert.equal(st(crd([])), 'InProgress/Installing');
  assert.equal(st(crd([{ type: 'Established', status: 'True' }])), 'Current');
  assert.equal(
    st(crd([{ type: 'NamesAccepted', status: 'False', reason: 'NameConflict' }])),
    'Failed/NameConflict',
  );
});

test("Pod and Job under kstatus, and Helm's stricter readers", () => {
  const pod = (status: Record<string, unknown>, meta: Record<string, unknown> = {}) =>
    obj('v1', 'Pod', { status }, meta);
  assert.equal(st(pod({ phase: 'Succeeded' })), 'Current');
  assert.equal(st(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] })), 'Current');
  const looping = pod({
    phase: 'Running',
    containerStatuses: [
      { name: 'a', state: { waiting: { reason: 'CrashLoopBackOff' } } },
      { name: 'b', state: { running: {} } },
      { name: 'c', state: { waiting: { reason: 'CrashLoopBackOff' } } },
    ],
  });
  assert.equal(st(looping), 'Failed/ContainerCrashLooping');
  assert.equal(computeStatus(looping).message, 'Containers in CrashLoop state: a,c');
  assert.equal(st(pod({ phase: 'Running' })), 'InProgress/PodRunningNotReady');
  const unsched = {
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
  };
  const created = Date.parse('2030-01-01T00:00:00Z');
  assert.equal(
    st(pod(unsched, { creationTimestamp: '2030-01-01T00:00:00Z' }), created + 5_000),
    'InProgress/PodNotScheduled',
  );
  assert.equal(
    st(pod(unsched, { creationTimestamp: '2030-01-01T00:00:00Z' }), created + 60_000),
    'Failed/PodUnschedulable',
  );
  assert.equal(st(pod({})), 'InProgress/PodNotObserved');

  const job = (status: Record<string, unknown>) => obj('batch/v1', 'Job', { status });
  assert.equal(st(job({})), 'InProgress/JobNotStarted');
  assert.equal(st(job({ startTime: '2020-01-01T00:00:00Z' })), 'Current'); // plain kstatus: a started Job is Current
  assert.equal(st(job({ conditions: [{ type: 'Failed', status: 'True' }] })), 'Failed/JobFailed');
  assert.equal(helmJobStatus(job({ startTime: '2020-01-01T00:00:00Z' })).status, 'InProgress');
  assert.equal(helmJobStatus(job({ conditions: [{ type: 'Complete', status: 'True' }] })).status, 'Current');
  assert.equal(waitWithJobsReader(job({ startTime: 'x' }), 0).status, 'InProgress');
  assert.equal(
    hookReader(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }), 0).status,
    'InProgress',
  );
  assert.equal(hookReader(pod({ phase: 'Failed' }), 0).status, 'Failed');
  assert.equal(hookReader(obj('apps/v1', 'Deployment', { spec: {} }), 0).status, 'Current');
});

test('csaupgrade: the Update entry becomes the Apply entry or is merged into it', () => {
  const up = (m: string, fields: Record<string, unknown>, apiVersion = 'v1') => ({
    manager: m,
    operation: 'Update',
    apiVersion,
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
  });
  const ap = (m: string, fields: Record<string, unknown>) => ({
    manager: m,
    operation: 'Apply',
    apiVersion: 'v1',
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
  });
  assert.deepEqual(
    upgradeManagedFields(
      [up('helm', { 'f:data': { 'f:a': {} } }), up('kubectl', { 'f:x': {} })],
      ['helm'],
      'helm',
    ),
    [ap('helm', { 'f:data': { 'f:a': {} } }), up('kubectl', { 'f:x': {} })],
  );
  assert.deepEqual(
    upgradeManagedFields(
      [ap('helm', { 'f:data': { 'f:a': {} } }), up('helm', { 'f:data': { 'f:b': {} } })],
      ['helm'],
      'helm',
    ),
    [ap('helm', { 'f:data': { 'f:a': {}, 'f:b': {} } })],
  );
  assert.equal(upgradeManagedFields([up('kubectl', {})], ['helm'], 'helm'), undefined);
  assert.deepEqual(unionFields({ 'f:a': { '.': {} } }, { 'f:a': { 'f:b': {} }, 'f:c': {} }), {
    'f:a': { '.': {}, 'f:b': {} },
    'f:c': {},
  });
});
