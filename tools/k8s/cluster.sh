#!/usr/bin/env bash
# A loopback Kubernetes cluster for the tests.
#
#   cluster.sh start  <api|full> <dir>   start etcd + kube-apiserver (api), plus kube-controller-manager,
#                                        kube-scheduler and kwok with fake nodes (full); prints the kubeconfig path
#   cluster.sh stop   [<profile>] <dir>  stop every process started in <dir> (by PID), keep the files
#   cluster.sh status [<profile>] <dir>  print each component's state; exit 0 when all are running
#
# Everything listens on 127.0.0.1 only, on free ports. <dir> receives pki/, logs/, pids/, etcd/ and
#   kubeconfig        contexts: admin (system:masters, client cert; the current context),
#                     admin-token (bearer token), user (client cert, no RBAC bindings)
#   env               RUDDER_TEST_KUBECONFIG=..., RUDDER_TEST_CLUSTER_DIR=..., RUDDER_TEST_CLUSTER_PROFILE=...
#   tokens.csv        static tokens: the admin and user tokens (for token and exec-plugin tests)
# Binaries come from tools/k8s/build.sh (cached; built when missing unless RUDDER_K8S_NO_BUILD=1),
# or from $RUDDER_K8S_BIN when set.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage() { echo "usage: cluster.sh start <api|full> <dir> | stop [<profile>] <dir> | status [<profile>] <dir>" >&2; exit 2; }

cmd="${1:-}"; shift || true
case "$cmd" in
  start) [ $# -eq 2 ] || usage; profile="$1"; dir="$2" ;;
  stop|status) [ $# -ge 1 ] || usage; dir="${!#}"; profile="" ;;
  *) usage ;;
esac
case "$cmd:$profile" in start:api|start:full|stop:|status:) ;; *) usage ;; esac

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
log() { echo "cluster.sh: $*" >&2; }

# ---------------------------------------------------------------- process control
components="kwok kube-scheduler kube-controller-manager kube-apiserver etcd"  # stop order

# pid_of <name>: prints the PID when the process recorded for <name> is alive and still ours.
pid_of() {
  local f="$dir/pids/$1.pid" pid
  [ -f "$f" ] || return 1
  pid="$(cat "$f")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  # Guard against PID reuse: our processes carry the run directory in their arguments.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$dir" || return 1
  echo "$pid"
}

do_stop() {
  # SIGTERM to every component at once, then wait (up to 10 s) and SIGKILL what is left.
  local c pid pids="" i
  for c in $components; do
    if pid="$(pid_of "$c")"; then kill -TERM "$pid" 2>/dev/null || true; pids="$pids $pid"; fi
  done
  for i in $(seq 1 100); do
    local alive=""
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
    pids="$alive"
    [ -z "$pids" ] && break
    sleep 0.1
  done
  for pid in $pids; do
    log "process $pid did not stop in 10s, killing"
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$dir"/pids/*.pid
}

do_status() {
  local c pid ok=0 any=0
  for c in $components; do
    [ -f "$dir/pids/$c.pid" ] || continue
    any=1
    if pid="$(pid_of "$c")"; then echo "$c running ($pid)"; else echo "$c stopped"; ok=1; fi
  done
  [ $any -eq 1 ] || { echo "no cluster in $dir"; return 1; }
  return $ok
}

case "$cmd" in
  stop) do_stop; exit 0 ;;
  status) do_status; exit $? ;;
esac

# ---------------------------------------------------------------- start
if [ -n "$(ls "$dir/pids" 2>/dev/null)" ] && do_status >/dev/null 2>&1; then
  log "a cluster is already running in $dir"; cat "$dir/env" >&2; echo "$dir/kubeconfig"; exit 0
fi
do_stop 2>/dev/null || true

# RUDDER_K8S_NO_BUILD=1: fail instead of building missing binaries (what the tests use).
if [ -n "${RUDDER_K8S_BIN:-}" ]; then bin="$RUDDER_K8S_BIN"
elif [ "${RUDDER_K8S_NO_BUILD:-}" = 1 ]; then bin="$(bash "$here/build.sh" --check | tail -n1)"
else bin="$(bash "$here/build.sh" | tail -n1)"; fi
for b in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
  [ -x "$bin/$b" ] || { log "missing $bin/$b (run: bash tools/k8s/build.sh)"; exit 1; }
done
stages="$(dirname "$bin")/stages.yaml"

command -v openssl >/dev/null || { log "openssl not found (apt-get install openssl)"; exit 1; }
command -v curl >/dev/null || { log "curl not found (apt-get install curl)"; exit 1; }

rm -rf "$dir/etcd" "$dir/logs" "$dir/pids" "$dir/pki"
mkdir -p "$dir/pki" "$dir/logs" "$dir/pids" "$dir/etcd"
chmod 700 "$dir/pki" "$dir/etcd"

# If anything fails from here on, leave nothing running.
started=0
cleanup_on_error() { if [ $started -eq 0 ]; then log "start failed; logs in $dir/logs"; do_stop; fi; }
trap cleanup_on_error EXIT

# Free loopback ports: bind port 0 and release (a small race, acceptable for tests).
read -r etcd_port peer_port api_port < <(node -e '
  const net = require("node:net"); const ports = [];
  const next = () => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => {
    ports.push(s.address().port); s.close(() => ports.length < 3 ? next() : console.log(ports.join(" "))); }); };
  next();')

# ---------------------------------------------------------------- certificates
pki="$dir/pki"
ossl() { openssl "$@" 2>>"$dir/logs/openssl.log"; }
ossl ecparam -name prime256v1 -genkey -noout -out "$pki/ca.key"
ossl req -x509 -new -key "$pki/ca.key" -subj "/CN=rudder-test-ca" -days 7 -out "$pki/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"

issue() { # name subject ext
  local name="$1" subj="$2" ext="$3"
  ossl ecparam -name prime256v1 -genkey -noout -out "$pki/$name.key.ec"
  ossl pkcs8 -topk8 -nocrypt -in "$pki/$name.key.ec" -out "$pki/$name.key"
  rm -f "$pki/$name.key.ec"
  ossl req -new -key "$pki/$name.key" -subj "$subj" -out "$pki/$name.csr"
  printf '%s\n' "$ext" >"$pki/$name.ext"
  ossl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 7 \
    -extfile "$pki/$name.ext" -out "$pki/$name.crt"
  rm -f "$pki/$name.csr" "$pki/$name.ext"
}
issue apiserver "/CN=kube-apiserver" "$(printf '%s\n' \
  'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth' \
  'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost')"
client_ext="$(printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' 'extendedKeyUsage=clientAuth')"
issue admin "/O=system:masters/CN=rudder-admin" "$client_ext"
issue user "/CN=rudder-user" "$client_ext"
issue controller "/O=system:masters/CN=rudder-controllers" "$client_ext"
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$pki/sa.key"
ossl pkey -in "$pki/sa.key" -pubout -out "$pki/sa.pub"

admin_token="$(openssl rand -hex 24)"
user_token="$(openssl rand -hex 24)"
printf '%s,rudder-admin-token,uid-admin,"system:masters"\n%s,rudder-user-token,uid-user\n' \
  "$admin_token" "$user_token" >"$dir/tokens.csv"
chmod 600 "$dir/tokens.csv"

# ---------------------------------------------------------------- kubeconfig
b64() { base64 -w0 <"$1"; }
server="https://127.0.0.1:$api_port"
cat >"$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: rudder
  cluster:
    server: $server
    certificate-authority-data: $(b64 "$pki/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $(b64 "$pki/admin.crt")
    client-key-data: $(b64 "$pki/admin.key")
- name: admin-token
  user:
    token: $admin_token
- name: user
  user:
    client-certificate-data: $(b64 "$pki/user.crt")
    client-key-data: $(b64 "$pki/user.key")
contexts:
- name: admin
  context:
    cluster: rudder
    user: admin
    namespace: default
- name: admin-token
  context:
    cluster: rudder
    user: admin-token
- name: user
  context:
    cluster: rudder
    user: user
current-context: admin
preferences: {}
EOF
chmod 600 "$dir/kubeconfig"
# The controllers' own kubeconfig (not used by tests).
sed -e "s#client-certificate-data: $(b64 "$pki/admin.crt")#client-certificate-data: $(b64 "$pki/controller.crt")#" \
    -e "s#client-key-data: $(b64 "$pki/admin.key")#client-key-data: $(b64 "$pki/controller.key")#" \
    "$dir/kubeconfig" >"$dir/controller.kubeconfig"
chmod 600 "$dir/controller.kubeconfig"

# ---------------------------------------------------------------- helpers
spawn() { # name args...
  local name="$1"; shift
  "$@" </dev/null >"$dir/logs/$name.log" 2>&1 &
  echo $! >"$dir/pids/$name.pid"
}
wait_for() { # what seconds command...
  local what="$1" secs="$2" i; shift 2
  for i in $(seq 1 $((secs * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    for c in $components; do
      if [ -f "$dir/pids/$c.pid" ] && ! pid_of "$c" >/dev/null; then
        log "$c exited while waiting for $what; last log lines:"; tail -n 30 "$dir/logs/$c.log" >&2; return 1
      fi
    done
    sleep 0.2
  done
  log "timed out after ${secs}s waiting for $what"; return 1
}
kcurl() { # method path [body]
  local m="$1" p="$2"; shift 2
  curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" -X "$m" \
    -H 'Content-Type: application/json' "$server$p" "$@"
}

# ---------------------------------------------------------------- etcd
t0=$(date +%s)
spawn etcd "$bin/etcd" --name=rudder --data-dir="$dir/etcd" \
  --listen-client-urls="http://127.0.0.1:$etcd_port" --advertise-client-urls="http://127.0.0.1:$etcd_port" \
  --listen-peer-urls="http://127.0.0.1:$peer_port" --initial-advertise-peer-urls="http://127.0.0.1:$peer_port" \
  --initial-cluster="rudder=http://127.0.0.1:$peer_port" --listen-metrics-urls="" \
  --unsafe-no-fsync --quota-backend-bytes=8589934592 --log-level=warn
wait_for "etcd" 30 curl -sf "http://127.0.0.1:$etcd_port/health"

# ---------------------------------------------------------------- kube-apiserver
# The service range is TEST-NET-1 (RFC 5737): never routed, and nothing here dials Service IPs
# (no webhooks, no Service-backed APIServices).
admission=()
[ "$profile" = api ] && admission=(--disable-admission-plugins=ServiceAccount)
spawn kube-apiserver "$bin/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$etcd_port" --etcd-prefix=/registry \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$api_port" \
  --cert-dir="$pki" --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --client-ca-file="$pki/ca.crt" --token-auth-file="$dir/tokens.csv" \
  --service-account-issuer="$server" --service-account-key-file="$pki/sa.pub" \
  --service-account-signing-key-file="$pki/sa.key" \
  --service-cluster-ip-range=192.0.2.0/24 --endpoint-reconciler-type=none \
  --authorization-mode=RBAC --allow-privileged=true \
  --enable-priority-and-fairness=false --profiling=false \
  "${admission[@]}" --v=1
wait_for "kube-apiserver /readyz" 90 curl -sf --cacert "$pki/ca.crt" "$server/readyz"
log "api server ready on $server after $(( $(date +%s) - t0 ))s"

if [ "$profile" = full ]; then
  spawn kube-controller-manager "$bin/kube-controller-manager" \
    --kubeconfig="$dir/controller.kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port=0 \
    --root-ca-file="$pki/ca.crt" --service-account-private-key-file="$pki/sa.key" \
    --use-service-account-credentials=false --controllers='*' \
    --kube-api-qps=200 --kube-api-burst=400 --concurrent-gc-syncs=5 \
    --node-monitor-grace-period=60s --v=1 --profiling=false
  spawn kube-scheduler "$bin/kube-scheduler" \
    --kubeconfig="$dir/controller.kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port=0 \
    --kube-api-qps=200 --kube-api-burst=400 --v=1 --profiling=false
  # Pods get addresses from TEST-NET-2 (RFC 5737); nodes report 127.0.0.1.
  spawn kwok "$bin/kwok" --kubeconfig="$dir/controller.kubeconfig" --config="$stages" \
    --manage-all-nodes=true --node-ip=127.0.0.1 --cidr=198.51.100.0/24 --node-lease-duration-seconds=40
  for n in 1 2; do
    kcurl POST /api/v1/nodes -d "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"kwok-node-$n\",
      \"annotations\":{\"kwok.x-k8s.io/node\":\"fake\",\"node.alpha.kubernetes.io/ttl\":\"0\"},
      \"labels\":{\"kubernetes.io/hostname\":\"kwok-node-$n\",\"kubernetes.io/os\":\"linux\",\"kubernetes.io/arch\":\"amd64\",\"type\":\"kwok\"}},
      \"status\":{\"allocatable\":{\"cpu\":\"32\",\"memory\":\"256Gi\",\"pods\":\"1000\"},
      \"capacity\":{\"cpu\":\"32\",\"memory\":\"256Gi\",\"pods\":\"1000\"}}}" >/dev/null
  done
  nodes_ready() {
    local out
    out="$(kcurl GET /api/v1/nodes)" || return 1
    printf '%s' "$out" | node -e '
      let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
        const ready = JSON.parse(s).items.filter((n) =>
          (n.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"));
        process.exit(ready.length >= 2 ? 0 : 1);
      });'

  }
  wait_for "fake nodes Ready" 90 nodes_ready
  # The service-account controller creates "default" in each namespace; wait for it once.
  wait_for "default service account" 90 kcurl GET /api/v1/namespaces/default/serviceaccounts/default
  log "controllers, scheduler and kwok ready after $(( $(date +%s) - t0 ))s"
fi

cat >"$dir/env" <<EOF
RUDDER_TEST_KUBECONFIG=$dir/kubeconfig
RUDDER_TEST_CLUSTER_DIR=$dir
RUDDER_TEST_CLUSTER_PROFILE=$profile
EOF
started=1
echo "$dir/kubeconfig"
