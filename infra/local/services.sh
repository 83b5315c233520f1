#!/usr/bin/env bash
# Installs (apt-get) and runs Redis and PostgreSQL on loopback only, for the tests and the local cluster.
#   infra/local/services.sh install [extra-package...] | start | stop | start-redis | stop-redis | start-postgres | stop-postgres | env
# Ports and folder can be moved with SOPHIA_REDIS_PORT, SOPHIA_POSTGRES_PORT, SOPHIA_SERVICES_DIR.
set -euo pipefail

redis_port=${SOPHIA_REDIS_PORT:-56379}
pg_port=${SOPHIA_POSTGRES_PORT:-55432}
dir=${SOPHIA_SERVICES_DIR:-/tmp/sophia-services}
pg_data=$dir/postgres

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else as_root runuser -u postgres -- "$@"; fi; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# Installs Redis and PostgreSQL, plus any extra Debian packages named, with one apt-get run when something is missing.
install() {
  local missing=()
  for package in "$@"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -n "$(pg_bin)" ] || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_redis() {
  mkdir -p "$dir/redis"
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return
  # Append-only persistence, as in production: Orleans membership lives in Redis and must survive a restart.
  redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$dir/redis" \
    --save '' --appendonly yes --appendfsync everysec --logfile "$dir/redis/redis.log" --pidfile "$dir/redis/redis.pid"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "Redis did not start on port $redis_port" >&2; return 1
}

stop_redis() { redis-cli -p "$redis_port" shutdown >/dev/null 2>&1 || true; }

start_postgres() {
  local bin; bin=$(pg_bin)
  as_root mkdir -p "$dir"
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    as_root mkdir -p "$pg_data" && as_root chown postgres "$pg_data"
    as_postgres "$bin/initdb" -D "$pg_data" -A trust -U postgres >/dev/null
  fi
  as_postgres "$bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1 && return
  as_postgres "$bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 30 \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k /tmp -c fsync=on -c max_connections=300" start >/dev/null
}

stop_postgres() {
  local bin; bin=$(pg_bin)
  [ -f "$pg_data/PG_VERSION" ] && as_postgres "$bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
}

print_env() {
  echo "export SOPHIA_TEST_REDIS=127.0.0.1:$redis_port"
  echo "export SOPHIA_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=postgres'"
  echo "export SOPHIA_TEST_SERVICES_SCRIPT='$(cd "$(dirname "$0")" && pwd)/services.sh'"
}

case "${1:-}" in
  install) shift; install "$@" ;;
  start) install; start_redis; start_postgres ;;
  stop) stop_redis; stop_postgres ;;
  start-redis) start_redis ;;
  stop-redis) stop_redis ;;
  start-postgres) start_postgres ;;
  stop-postgres) stop_postgres ;;
  env) print_env ;;
  *) echo "usage: $0 install [package...]|start|stop|start-redis|stop-redis|start-postgres|stop-postgres|env" >&2; exit 2 ;;
esac
