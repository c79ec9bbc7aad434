#!/usr/bin/env bash
# deploy.sh OVERLAY REGISTRY TAG — renders k8s/overlays/OVERLAY with every tweet-pipeline
# image pinned to REGISTRY/<name>:TAG, applies it and waits for every rollout.
# DRY_RUN=1 prints the rendered manifests instead of applying (used by the tests, offline).
set -euo pipefail
overlay="${1:?usage: deploy.sh dev|qa|prod REGISTRY TAG}"
registry="${2:?registry}"
tag="${3:?tag}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
[[ -d "$root/k8s/overlays/$overlay" ]] || { echo "deploy: no overlay k8s/overlays/$overlay" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A throw-away kustomization on top of the overlay pins the images; the repo stays untouched.
{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources:"
  # kustomize refuses absolute resource paths.
  echo "  - $(realpath --relative-to="$work" "$root/k8s/overlays/$overlay")"
  echo "images:"
  for image in producer filter sink trends x-api-emulator; do
    echo "  - name: tweet-pipeline/$image"
    echo "    newName: $registry/tweet-pipeline-$image"
    echo "    newTag: \"$tag\""
  done
} >"$work/kustomization.yaml"

rendered="$work/rendered.yaml"
kubectl kustomize --load-restrictor LoadRestrictionsNone "$work" >"$rendered"
if [[ "${DRY_RUN:-0}" == 1 ]]; then
  cat "$rendered"
  exit 0
fi
kubectl apply -f "$rendered"
namespace="$(awk '/^  namespace: /{print $2; exit}' "$rendered")"
for kind in deployment statefulset; do
  for name in $(kubectl -n "$namespace" get "$kind" -l app.kubernetes.io/part-of=tweet-pipeline -o name); do
    kubectl -n "$namespace" rollout status "$name" --timeout=600s
  done
done
echo "deploy: $overlay at $tag"
