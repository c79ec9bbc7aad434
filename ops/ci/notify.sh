#!/usr/bin/env bash
# notify.sh MESSAGE — posts {"text": MESSAGE} to NOTIFY_WEBHOOK_URL (Slack/Teams-style
# incoming webhook). Without a webhook it prints the message, so a missing secret never fails a run.
set -euo pipefail
message="${1:?usage: notify.sh MESSAGE}"
if [[ -z "${NOTIFY_WEBHOOK_URL:-}" ]]; then
  printf 'notify (no NOTIFY_WEBHOOK_URL): %s\n' "$message"
  exit 0
fi
payload="$(node -e 'process.stdout.write(JSON.stringify({ text: process.argv[1] }))' "$message")"
curl --fail --silent --show-error --max-time 10 -H 'content-type: application/json' -d "$payload" "$NOTIFY_WEBHOOK_URL" >/dev/null
printf 'notified: %s\n' "$message"
