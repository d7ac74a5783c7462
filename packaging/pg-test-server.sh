#!/usr/bin/env bash
# A throwaway PostgreSQL server for the team-store tests, on a Unix socket only.
#   eval "$(bash packaging/pg-test-server.sh start)"   # exports ARMSCRIBE_TEST_PG_URL
#   bash packaging/pg-test-server.sh stop
# Installs the server from Debian's packages if it is missing (needs root for that).
set -euo pipefail
dir=${ARMSCRIBE_PG_DIR:-/tmp/armscribe-pg}
port=${ARMSCRIBE_PG_PORT:-54329}

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$found" ]]; then
    echo "pg-test-server: installing postgresql" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    found=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$found"
}

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    bin=$(bindir)
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      rm -rf "$dir"; mkdir -p "$dir"
      [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
      as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
        -o "-k $dir -p $port -c listen_addresses='' -c fsync=off" start >/dev/null
    fi
    as_pg "$bin/psql" -h "$dir" -p "$port" -U postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='armscribe_test'" | grep -q 1 \
      || as_pg "$bin/createdb" -h "$dir" -p "$port" -U postgres armscribe_test
    echo "export ARMSCRIBE_TEST_PG_URL='postgresql+psycopg://postgres@/armscribe_test?host=$dir&port=$port'"
    ;;
  stop)
    bin=$(bindir)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
