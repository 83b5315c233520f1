#!/usr/bin/env bash
# A local multi-region Sophia cluster on loopback: Redis, PostgreSQL, silos across regions, gateway replicas.
#   infra/local/cluster.sh up [REGIONS] [SILOS_PER_REGION] [GATEWAYS]   e.g. up "west east" 2 2
#   infra/local/cluster.sh status
#   infra/local/cluster.sh stop-silo NAME     graceful drain (SIGTERM) of one silo, e.g. west-1
#   infra/local/cluster.sh kill-silo NAME     SIGKILL of one silo, as a crash
#   infra/local/cluster.sh stop-region REGION graceful drain of every silo of a region
#   infra/local/cluster.sh kill-region REGION SIGKILL of every silo of a region
#   infra/local/cluster.sh start-silo NAME    start a stopped silo again (NAME is REGION-N)
#   infra/local/cluster.sh down               stop gateways and silos (SIGTERM), then Redis and PostgreSQL
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
run=$root/infra/local/.run
services=$root/infra/local/services.sh
eval "$("$services" env)"
redis=$SOPHIA_TEST_REDIS
# As a managed PostgreSQL gives it: a plain role that owns its database (row-level security binds it; a superuser is refused).
postgres="Host=127.0.0.1;Port=${SOPHIA_POSTGRES_PORT:-55432};Username=sophia_cluster;Database=sophia_cluster"
silo_dll=$root/silo/bin/Release/net10.0/Sophia.Silo.dll
gateway_dll=$root/client-api/bin/Release/net10.0/Sophia.ClientApi.dll

common_env() {
  export Sophia__Profile=cluster ConnectionStrings__redis=$redis ConnectionStrings__postgres=$postgres
  export Sophia__Regions__Default=$(cat "$run/home-region") Sophia__Silo__AdvertisedIp=127.0.0.1
  export Sophia__Cluster__Tls__CertificatePath=$run/cluster.crt Sophia__Cluster__Tls__KeyPath=$run/cluster.key
}

start_silo() { # NAME (REGION-N), index used for ports
  local name=$1 region=${1%-*} n=${1##*-} index
  index=$(cat "$run/silo-$name.index")
  (common_env
   export Sophia__Silo__Name=$name Orleans__Metadata__region=$region Sophia__Silo__SiloPort=$((11111 + index)) Sophia__Silo__GatewayPort=$((30000 + index)) Sophia__Silo__HttpPort=$((9464 + index))
   nohup dotnet "$silo_dll" >"$run/silo-$name.log" 2>&1 & echo $! >"$run/silo-$name.pid")
  echo "silo $name (region $region, silo port $((11111 + index)), gateway port $((30000 + index)), http port $((9464 + index)))"
}

signal_silos() { # SIGNAL PATTERN
  local found=0
  for pid_file in "$run"/silo-$2.pid; do
    [ -f "$pid_file" ] || continue
    found=1
    kill -"$1" "$(cat "$pid_file")" 2>/dev/null && echo "sent SIG$1 to $(basename "$pid_file" .pid)"
    rm -f "$pid_file"
  done
  [ $found -eq 1 ] || { echo "no running silo matches $2" >&2; exit 1; }
}

up() {
  local regions=${1:-"west east"} per_region=${2:-2} gateways=${3:-2} index=0
  mkdir -p "$run"
  dotnet build "$root/Sophia.sln" -c Release -nologo -v quiet
  "$services" start
  local admin="host=127.0.0.1 port=${SOPHIA_POSTGRES_PORT:-55432} user=postgres"
  psql "$admin" -tc "SELECT 1 FROM pg_roles WHERE rolname = 'sophia_cluster'" | grep -q 1 \
    || psql "$admin" -c "CREATE ROLE sophia_cluster LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB" >/dev/null
  psql "$admin" -tc "SELECT 1 FROM pg_database WHERE datname = 'sophia_cluster'" | grep -q 1 \
    || psql "$admin" -c "CREATE DATABASE sophia_cluster OWNER sophia_cluster" >/dev/null
  ConnectionStrings__postgres=$postgres dotnet "$silo_dll" migrate
  set -- $regions
  echo "$1" >"$run/home-region"
  [ -f "$run/signing.key" ] || head -c 48 /dev/urandom | base64 -w0 >"$run/signing.key"
  # The certificate every silo and gateway of this cluster proves itself with (mutual TLS).
  [ -f "$run/cluster.key" ] || dotnet "$silo_dll" certificate "$run/cluster.crt" "$run/cluster.key"
  for region in $regions; do
    for n in $(seq 1 "$per_region"); do
      echo $index >"$run/silo-$region-$n.index"
      start_silo "$region-$n"
      index=$((index + 1))
    done
  done
  for g in $(seq 1 "$gateways"); do
    (common_env
     export Sophia__Auth__SigningKey=$(cat "$run/signing.key") urls=http://127.0.0.1:$((5079 + g))
     nohup dotnet "$gateway_dll" >"$run/gateway-$g.log" 2>&1 & echo $! >"$run/gateway-$g.pid")
    echo "gateway $g on http://127.0.0.1:$((5079 + g))"
  done
  echo "The admin password of a new database is printed once in the log of the gateway that created it: $run/gateway-*.log."
}

status() {
  for pid_file in "$run"/*.pid; do
    [ -f "$pid_file" ] || continue
    if kill -0 "$(cat "$pid_file")" 2>/dev/null; then state=running; else state=exited; fi
    echo "$(basename "$pid_file" .pid): $state"
  done
  for pid_file in "$run"/gateway-*.pid; do
    [ -f "$pid_file" ] || continue
    g=${pid_file##*gateway-}; g=${g%.pid}
    echo "gateway $g /readyz: $(curl -s "http://127.0.0.1:$((5079 + g))/readyz" || echo unreachable)"
  done
}

down() {
  local pids=()
  for pid_file in "$run"/gateway-*.pid "$run"/silo-*.pid; do
    [ -f "$pid_file" ] || continue
    pids+=("$(cat "$pid_file")")
    kill -TERM "${pids[-1]}" 2>/dev/null || true
    rm -f "$pid_file"
  done
  # Silos leave the membership table in Redis as they drain: stop Redis only once they are gone (30 s at most).
  for _ in $(seq 300); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  "$services" stop
}

case "${1:-}" in
  up) shift; up "$@" ;;
  status) status ;;
  stop-silo) signal_silos TERM "$2" ;;
  kill-silo) signal_silos KILL "$2" ;;
  stop-region) signal_silos TERM "$2-*" ;;
  kill-region) signal_silos KILL "$2-*" ;;
  start-silo) start_silo "$2" ;;
  down) down ;;
  *) sed -n '2,11p' "$0"; exit 2 ;;
esac
