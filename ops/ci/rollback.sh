#!/usr/bin/env bash
# rollback.sh OVERLAY — `kubectl rollout undo` for every Deployment and StatefulSet of the
# overlay's namespace, then waits for them. Run when a rollout or the regression suite failed.
set -euo pipefail
overlay="${1:?usage: rollback.sh dev|qa|prod}"
cd "$(dirname "$0")/../.."
namespace="$(kubectl kustomize "k8s/overlays/$overlay" | awk '/^  namespace: /{print $2; exit}')"
[[ -n "$namespace" ]] || { echo "rollback: no namespace found in k8s/overlays/$overlay" >&2; exit 1; }
for kind in deployment statefulset; do
  for name in $(kubectl -n "$namespace" get "$kind" -l app.kubernetes.io/part-of=tweet-pipeline -o name); do
    echo "rollback: $name in $namespace"
    kubectl -n "$namespace" rollout undo "$name"
    kubectl -n "$namespace" rollout status "$name" --timeout=300s
  done
done
