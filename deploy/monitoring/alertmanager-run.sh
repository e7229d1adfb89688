#!/bin/sh
# Entry point of the alertmanager container (compose profile "monitoring"; POSIX sh: the official image has busybox).
#   alertmanager-run.sh CONFIG RENDERED [alertmanager arguments …]
# Copies CONFIG (deploy/monitoring/alertmanager.yml) to RENDERED and, when ALERTMANAGER_WEBHOOK_URL is set, appends a
# webhook to its last receiver (`operators`); then runs Alertmanager on RENDERED. Refuses a URL that is not http(s)
# or spans lines. The URL is written into RENDERED only (in the container's data folder), never on a command line.
set -eu
config=$1 rendered=$2
shift 2
url=${ALERTMANAGER_WEBHOOK_URL:-}
cp "$config" "$rendered"
if [ -n "$url" ]; then
  case "$url" in
    http://*|https://*) ;;
    *) echo "alertmanager-run.sh: ALERTMANAGER_WEBHOOK_URL must start with http:// or https://" >&2; exit 2 ;;
  esac
  if [ "$(printf '%s' "$url" | wc -l)" -ne 0 ]; then
    echo "alertmanager-run.sh: ALERTMANAGER_WEBHOOK_URL spans lines" >&2; exit 2
  fi
  # a YAML double-quoted scalar: backslash and double quote escaped
  quoted=$(printf '%s' "$url" | sed 's/\\/\\\\/g; s/"/\\"/g')
  printf '    webhook_configs:\n      - url: "%s"\n        send_resolved: true\n' "$quoted" >> "$rendered"
  echo "alertmanager-run.sh: receiver operators sends to a webhook"
else
  echo "alertmanager-run.sh: ALERTMANAGER_WEBHOOK_URL is empty: alerts are kept in Alertmanager, sent nowhere"
fi
exec "${ALERTMANAGER_BIN:-/bin/alertmanager}" --config.file="$rendered" "$@"
