// The Kubernetes client (one concept per file):
//   options.ts      Helm's kube flags / HELM_* variables as an options object
//   kubeconfig.ts   kubeconfig loading and merging, context resolution → RestConfig
//   exec.ts         exec credential plugins (client.authentication.k8s.io/v1, v1beta1)
//   transport.ts    HTTP(S) with keep-alive, TLS, auth headers, rate limit, retries
//   discovery.ts    aggregated discovery (+ legacy fallback), REST mapping, server version
//   client.ts       the verbs: apply (SSA), create, get, list, replace, patch, delete, watch
//   csaupgrade.ts   client-side → server-side field ownership migration
//   resources.ts    Helm's Create / Update / Delete over resource lists
//   strategicmerge.ts  three-way strategic merge patches (client-side apply of built-in kinds)
//   status.ts       kstatus rules and Helm's Job / Pod readers
//   wait.ts         the status watcher (wait, wait-for-jobs, hooks, deletion)
export * from './options.js';
export * from './kubeconfig.js';
export * from './errors.js';
export * from './types.js';
export * from './transport.js';
export * from './discovery.js';
export * from './client.js';
export * from './csaupgrade.js';
export * from './status.js';
export * from './wait.js';
export * from './resources.js';
export * from './strategicmerge.js';
export { ExecAuthenticator, ExecPluginError, type ExecCredentials } from './exec.js';
