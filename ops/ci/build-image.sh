#!/usr/bin/env bash
# build-image.sh NAME REGISTRY TAG [--push] — builds the image of one deployable
# (producer, filter, sink, trends, x-api-emulator) from ops/docker/service.Dockerfile with the
# repository root as context, tagged REGISTRY/tweet-pipeline-NAME:TAG (the name deploy.sh pins in
# the manifests). The build arguments of each image are those of ImageTargets
# (tools/deploy-checks/src/images.ts) and of docker-compose.yml; tools/deploy-checks tests that
# all three agree.
# DRY_RUN=1 prints the docker command, one argument a line, instead of running it (offline tests).
set -euo pipefail
name="${1:?usage: build-image.sh NAME REGISTRY TAG [--push]}"
registry="${2:?registry}"
tag="${3:?tag}"
push="${4:-}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
dockerfile=ops/docker/service.Dockerfile
case "$name" in
  producer) build_args=(WORKSPACE=services/producer PORT=9101) ;;
  filter) build_args=(WORKSPACE=services/filter PORT=9102) ;;
  sink) build_args=(WORKSPACE=services/sink PORT=9103) ;;
  trends) build_args=(WORKSPACE=services/trends PORT=9104) ;;
  x-api-emulator) build_args=(WORKSPACE=tools/x-api-emulator PORT=8787 HEALTH_PATH=/_emulator/state) ;;
  *)
    echo "build-image: no image named $name (producer, filter, sink, trends, x-api-emulator)" >&2
    exit 2
    ;;
esac
image="$registry/tweet-pipeline-$name:$tag"
args=(buildx build --file "$root/$dockerfile" --tag "$image" --label "org.opencontainers.image.revision=$tag")
for arg in "${build_args[@]}"; do args+=(--build-arg "$arg"); done
[[ "$push" == --push ]] && args+=(--push)
if [[ "${DRY_RUN:-0}" == 1 ]]; then
  printf '%s\n' docker "${args[@]}" "$root"
  exit 0
fi
docker "${args[@]}" "$root"
echo "built $image from $dockerfile (${build_args[*]})"
