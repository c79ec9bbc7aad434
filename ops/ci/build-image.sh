#!/usr/bin/env bash
# build-image.sh NAME REGISTRY TAG [--push] — builds the image of one deployable
# (producer, filter, sink, trends, x-api-emulator) from the repository root as context,
# tagged REGISTRY/tweet-pipeline-NAME:TAG (the name deploy.sh pins in the manifests).
set -euo pipefail
name="${1:?usage: build-image.sh NAME REGISTRY TAG [--push]}"
registry="${2:?registry}"
tag="${3:?tag}"
push="${4:-}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
dockerfile=""
for candidate in "services/$name/Dockerfile" "tools/$name/Dockerfile" "ops/docker/$name.Dockerfile"; do
  if [[ -f "$root/$candidate" ]]; then dockerfile="$candidate"; break; fi
done
[[ -n "$dockerfile" ]] || { echo "build-image: no Dockerfile for $name" >&2; exit 2; }
image="$registry/tweet-pipeline-$name:$tag"
args=(buildx build --file "$root/$dockerfile" --tag "$image" --label "org.opencontainers.image.revision=$tag")
[[ "$push" == --push ]] && args+=(--push)
docker "${args[@]}" "$root"
echo "built $image from $dockerfile"
