// Helm's global Kubernetes flags and their HELM_* environment variables, as one options object.
// The CLI maps its flags onto this; everything here is plain data.

export interface KubeOptions {
  /** --kubeconfig; otherwise $KUBECONFIG (a path list); otherwise ~/.kube/config. */
  kubeconfig?: string;
  /** --kube-context / $HELM_KUBECONTEXT */
  context?: string;
  /** -n/--namespace / $HELM_NAMESPACE; otherwise the context's namespace; otherwise "default". */
  namespace?: string;
  /** --kube-token / $HELM_KUBETOKEN */
  token?: string;
  /** --kube-as-user / $HELM_KUBEASUSER */
  asUser?: string;
  /** --kube-as-group (repeatable) / $HELM_KUBEASGROUPS (comma list) */
  asGroups?: string[];
  /** --kube-apiserver / $HELM_KUBEAPISERVER */
  apiServer?: string;
  /** --kube-ca-file / $HELM_KUBECAFILE */
  caFile?: string;
  /** --kube-tls-server-name / $HELM_KUBETLS_SERVER_NAME */
  tlsServerName?: string;
  /** --kube-insecure-skip-tls-verify / $HELM_KUBEINSECURE_SKIP_TLS_VERIFY */
  insecureSkipTlsVerify?: boolean;
  /** --burst-limit / $HELM_BURST_LIMIT (default 100). */
  burst?: number;
  /**
   * --qps / $HELM_QPS (default 0). A positive value limits requests per second (token bucket of
   * size `burst`). 0 (the default) or negative: no client-side limit. In client-go 0 would mean
   * 5 QPS, but Helm builds a REST client (with its own limiter) per resource, so its applies are not
   * throttled in practice: `helm install` of 300 ConfigMaps takes ~1.5 s, not the 40 s a shared
   * 5 QPS / burst 100 limiter would need.
   */
  qps?: number;
}

export const DEFAULT_BURST = 100;
export const DEFAULT_QPS = 0;

export type Env = Readonly<Record<string, string | undefined>>;

function parseBool(v: string): boolean | undefined {
  // strconv.ParseBool
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** Reads the HELM_* variables (and KUBECONFIG) into options, as Helm's EnvSettings does. */
export function kubeOptionsFromEnv(env: Env): KubeOptions {
  const o: KubeOptions = {};
  const s = (k: string): string | undefined => {
    const v = env[k];
    return v === undefined || v === '' ? undefined : v;
  };
  o.kubeconfig = s('KUBECONFIG');
  o.context = s('HELM_KUBECONTEXT');
  o.namespace = s('HELM_NAMESPACE');
  o.token = s('HELM_KUBETOKEN');
  o.asUser = s('HELM_KUBEASUSER');
  const groups = s('HELM_KUBEASGROUPS');
  if (groups !== undefined) o.asGroups = groups.split(',').filter((g) => g !== '');
  o.apiServer = s('HELM_KUBEAPISERVER');
  o.caFile = s('HELM_KUBECAFILE');
  o.tlsServerName = s('HELM_KUBETLS_SERVER_NAME');
  const insecure = s('HELM_KUBEINSECURE_SKIP_TLS_VERIFY');
  if (insecure !== undefined) o.insecureSkipTlsVerify = parseBool(insecure) ?? false;
  // Helm's envIntOr / envFloat32Or: a value that does not parse falls back to the default.
  const burst = s('HELM_BURST_LIMIT');
  o.burst = burst !== undefined && /^[+-]?\d+$/.test(burst) ? Number(burst) : DEFAULT_BURST;
  const qps = s('HELM_QPS');
  o.qps = qps !== undefined && Number.isFinite(Number(qps)) ? Number(qps) : DEFAULT_QPS;
  for (const k of Object.keys(o) as (keyof KubeOptions)[]) if (o[k] === undefined) delete o[k];
  return o;
}
