#!/usr/bin/env bash
# Times a newcomer's path on a fresh clone: `dotnet run --project client-api` (restore + build + start) until
# /healthz answers, and until the first answer to a first message is readable. Usage: tests/bench/first-answer.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
port=${PORT:-5099}
password=bench-admin-password
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT

git clone -q "$repo" "$work/sophia"
cd "$work/sophia"
start=$(date +%s.%N)
SOPHIA_ADMIN_PASSWORD=$password dotnet run --project client-api -- --urls "http://127.0.0.1:$port" \
  --Sophia:Silo:SiloPort=$((port + 1)) --Sophia:Silo:GatewayPort=$((port + 2)) >"$work/run.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.1; done
ready=$(date +%s.%N)

json='content-type: application/json'
token=$(curl -sf "http://127.0.0.1:$port/api/auth/token" -H "$json" -d "{\"username\":\"admin\",\"password\":\"$password\"}" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
auth="authorization: Bearer $token"
id=$(curl -sf "http://127.0.0.1:$port/api/conversations" -H "$json" -H "$auth" -d '{"title":"bench"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
sent=$(date +%s.%N)
curl -sf "http://127.0.0.1:$port/api/conversations/$id/messages" -H "$json" -H "$auth" -d '{"text":"hello"}' >/dev/null
until curl -sf "http://127.0.0.1:$port/api/conversations/$id/messages?after=1" -H "$auth" | grep -q '"role":"assistant"'; do sleep 0.02; done
answered=$(date +%s.%N)

awk -v s="$start" -v r="$ready" -v m="$sent" -v a="$answered" 'BEGIN {
  printf "dotnet run to /healthz: %.1f s\ndotnet run to first answer: %.1f s\nmessage sent to answer readable: %.0f ms\n", r - s, a - s, (a - m) * 1000 }'
