#!/usr/bin/env bash
# A private PostgreSQL for tests: Debian's binaries, a fresh data directory, loopback only.
#
#   bash tools/postgres/pg.sh start DIR   # initdb + pg_ctl start on a free 127.0.0.1 port; writes DIR/env
#   bash tools/postgres/pg.sh stop DIR    # pg_ctl stop (fast)
#
# DIR/env holds RUDDER_TEST_PG_URL (a postgres:// URL with sslmode=disable), RUDDER_TEST_PG_DIR and
# the PG* variables. initdb refuses to run as root, so as root everything runs as the `postgres`
# user that Debian's package creates (DIR is handed to it).
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$(realpath -m "$2")

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg.sh: PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin; install them with: apt-get install -y postgresql" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

case "$cmd" in
start)
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "pg.sh: running as root needs the 'postgres' user (apt-get install -y postgresql creates it)" >&2
    exit 1
  fi
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  chmod 700 "$dir"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' )
  printf '%s\n' "$password" > "$dir/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir/pwfile"
  as_owner "$bindir/initdb" -D "$dir/data" -U rudder --pwfile="$dir/pwfile" -E UTF8 --no-locale \
    --auth-host=scram-sha-256 --auth-local=trust --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  rm -f "$dir/pwfile"
  port=""
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
      start >/dev/null; then
      break
    fi
    port=""
  done
  if [ -z "$port" ]; then
    echo "pg.sh: postgres did not start; log:" >&2
    tail -20 "$dir/postgres.log" >&2
    exit 1
  fi
  cat >"$dir/env" <<ENV
RUDDER_TEST_PG_DIR=$dir
RUDDER_TEST_PG_URL=postgres://rudder:$password@127.0.0.1:$port/postgres?sslmode=disable
PGHOST=127.0.0.1
PGPORT=$port
PGUSER=rudder
PGPASSWORD=$password
PGDATABASE=postgres
PGSSLMODE=disable
ENV
  chmod 644 "$dir/env"
  echo "pg.sh: postgres ready on 127.0.0.1:$port ($dir)"
  ;;
stop)
  if [ -d "$dir/data" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  ;;
*) usage ;;
esac
