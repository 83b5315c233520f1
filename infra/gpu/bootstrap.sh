#!/usr/bin/env bash
# Sophia embedding worker: cloud-init user data for a Lambda Cloud GPU instance (set Sophia:Gpu:Lambda:BootstrapScriptFile
# to this file). It starts Hugging Face text-embeddings-inference (TEI) with the model Sophia embeds with locally, serving
# the OpenAI-compatible POST /v1/embeddings and GET /health on SOPHIA_WORKER_PORT. The GPU pool inserts
# SOPHIA_WORKER_PORT (and SOPHIA_WORKER_API_KEY when Sophia:Gpu:WorkerApiKey is set) right below the first line.
# The pool marks the instance ready once /health answers, and terminates it if that never happens within
# Sophia:Gpu:BootTimeoutSeconds, so a failing bootstrap costs at most that long.
set -euo pipefail

PORT="${SOPHIA_WORKER_PORT:-8080}"
API_KEY="${SOPHIA_WORKER_API_KEY:-}"
MODEL="${SOPHIA_EMBEDDING_MODEL:-sentence-transformers/all-MiniLM-L6-v2}"
TEI_VERSION="${TEI_VERSION:-1.9}"
# Hopper (sm_90) build; a GH200 runs it only from an image that has a linux/arm64 variant. Set TEI_IMAGE to override.
TEI_IMAGE="${TEI_IMAGE:-ghcr.io/huggingface/text-embeddings-inference:hopper-${TEI_VERSION}}"
CACHE=/var/lib/sophia/tei-data

exec > >(tee -a /var/log/sophia-worker-bootstrap.log) 2>&1
echo "sophia-worker: starting $MODEL on port $PORT with $TEI_IMAGE ($(uname -m))"

if ! command -v docker >/dev/null; then
  apt-get update && apt-get install -y docker.io
fi

# Lambda Stack images ship the NVIDIA container toolkit; install and wire it only where it is missing.
if ! docker info 2>/dev/null | grep -qi nvidia; then
  apt-get update && apt-get install -y nvidia-container-toolkit
  nvidia-ctk runtime configure --runtime=docker
  systemctl restart docker
fi

if ! docker pull "$TEI_IMAGE"; then
  echo "sophia-worker: cannot pull $TEI_IMAGE for $(uname -m); set TEI_IMAGE to a TEI image built for this CPU and GPU." >&2
  exit 1
fi

mkdir -p "$CACHE"
docker rm -f sophia-embeddings >/dev/null 2>&1 || true
args=(--model-id "$MODEL" --max-client-batch-size 512)
if [ -n "$API_KEY" ]; then
  args+=(--api-key "$API_KEY")
fi

docker run -d --name sophia-embeddings --restart unless-stopped --gpus all \
  -p "$PORT:80" -v "$CACHE:/data" "$TEI_IMAGE" "${args[@]}"

for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null; then
    echo "sophia-worker: ready on port $PORT"
    exit 0
  fi
  sleep 5
done
echo "sophia-worker: TEI did not answer /health within 15 minutes; see 'docker logs sophia-embeddings'." >&2
exit 1
