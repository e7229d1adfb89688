#!/bin/sh
# Entry point of the alertmanager container (compose profile "monitoring"; POSIX sh: the official image has busybox).
#   alertmanager-run.sh CONFIG RENDERED [alertmanager arguments …]
# Copies CONFIG (deploy/monitoring/alertmanager.yml) to RENDERED and adds webhooks: ALERTMANAGER_WEBHOOK_URL to its
# last receiver (`operators`), ALERTMANAGER_DEADMANSSWITCH_URL under the receiver `deadmansswitch` (the watchdog's);
# then runs Alertmanager on RENDERED. Refuses a URL that is not http(s) or spans lines. The URLs are written into
# RENDERED only (in the container's data folder), never on a command line.
set -eu
config=$1 rendered=$2
shift 2
url=${ALERTMANAGER_WEBHOOK_URL:-}
dms_url=${ALERTMANAGER_DEADMANSSWITCH_URL:-}

# The webhook_configs lines of a receiver for the URL in $1 (variable name in $2 for messages), on standard output.
webhook() {
  case "$1" in
    http://*|https://*) ;;
    *) echo "alertmanager-run.sh: $2 must start with http:// or https://" >&2; exit 2 ;;
  esac
  if [ "$(printf '%s' "$1" | wc -l)" -ne 0 ]; then
    echo "alertmanager-run.sh: $2 spans lines" >&2; exit 2
  fi
  # a YAML double-quoted scalar: backslash and double quote escaped
  quoted=$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')
  printf '    webhook_configs:\n      - url: "%s"\n        send_resolved: %s\n' "$quoted" "$3"
}

if [ -n "$dms_url" ]; then
  lines=$(webhook "$dms_url" ALERTMANAGER_DEADMANSSWITCH_URL false)
  grep -q '^  - name: deadmansswitch$' "$config" \
    || { echo "alertmanager-run.sh: $config has no receiver deadmansswitch for ALERTMANAGER_DEADMANSSWITCH_URL" >&2; exit 2; }
  # awk reads the lines from the environment: no quoting of the URL for a second language
  LINES="$lines" awk '{ print } $0 == "  - name: deadmansswitch" { print ENVIRON["LINES"] }' "$config" > "$rendered"
  echo "alertmanager-run.sh: receiver deadmansswitch sends the watchdog to a webhook"
else
  cp "$config" "$rendered"
  echo "alertmanager-run.sh: ALERTMANAGER_DEADMANSSWITCH_URL is empty: no dead man's switch"
fi
if [ -n "$url" ]; then
  lines=$(webhook "$url" ALERTMANAGER_WEBHOOK_URL true)
  printf '%s\n' "$lines" >> "$rendered"
  echo "alertmanager-run.sh: receiver operators sends to a webhook"
else
  echo "alertmanager-run.sh: ALERTMANAGER_WEBHOOK_URL is empty: alerts are kept in Alertmanager, sent nowhere"
fi
exec "${ALERTMANAGER_BIN:-/bin/alertmanager}" --config.file="$rendered" "$@"
