#!/usr/bin/env bash
# regression.sh OVERLAY — the post-deploy regression suite against a live environment:
# every workload ready, and tweets flowing end to end (the producer's received and the
# sink's inserted counters both grow within the window). Exit 1 = roll back.
set -euo pipefail
overlay="${1:?usage: regression.sh dev|qa|prod}"
window="${REGRESSION_WINDOW_SECONDS:-120}"
cd "$(dirname "$0")/../.."
namespace="$(kubectl kustomize "k8s/overlays/$overlay" | awk '/^  namespace: /{print $2; exit}')"

kubectl -n "$namespace" wait --for=condition=ready pod -l app.kubernetes.io/part-of=tweet-pipeline --timeout=300s

counter() { # counter SERVICE PORT METRIC — sum of a metric scraped through a port-forward
  local service="$1" port="$2" metric="$3" local_port
  local_port=$((20000 + RANDOM % 20000))
  kubectl -n "$namespace" port-forward "svc/$service" "$local_port:$port" >/dev/null 2>&1 &
  local pf=$!
  sleep 2
  curl --silent --max-time 5 "http://127.0.0.1:$local_port/metrics" | awk -v m="$metric" '$1 ~ "^"m"({|$)" {s += $2} END {print s + 0}'
  kill "$pf" 2>/dev/null || true
}

received_before="$(counter producer 9101 tweet_pipeline_producer_tweets_received_total)"
stored_before="$(counter sink 9103 tweet_pipeline_sink_documents_total)"
sleep "$window"
received_after="$(counter producer 9101 tweet_pipeline_producer_tweets_received_total)"
stored_after="$(counter sink 9103 tweet_pipeline_sink_documents_total)"
echo "regression: received $received_before -> $received_after, sink documents $stored_before -> $stored_after in ${window}s"
awk -v a="$received_before" -v b="$received_after" -v c="$stored_before" -v d="$stored_after" 'BEGIN { exit !(b > a && d > c) }' \
  || { echo "regression: tweets are not flowing end to end in $overlay" >&2; exit 1; }
