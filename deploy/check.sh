#!/usr/bin/env bash
# Offline checks of the deployment files, without a Docker engine (run by .ci/run):
# Compose file validity, Prometheus configuration and alert rules (with their unit tests and runbook links),
# Alertmanager configuration, Dockerfile lint and policy, Grafana dashboard JSON. Needs docker-compose, promtool and
# amtool (Debian packages docker-compose, prometheus, prometheus-alertmanager)
# and Node.js for the Dockerfile linter (dockerfile-utils from the npm registry).
set -euo pipefail
cd "$(dirname "$0")"
fail=0
step() { echo "[deploy-check] $*"; }

step "docker-compose config (with .env.example, every profile; also with the test stand-ins' and the model registry's overrides)"
COMPOSE_PROFILES=monitoring,kibana,demo,tools docker-compose --env-file .env.example -f docker-compose.yml config -q || fail=1
COMPOSE_PROFILES=monitoring,demo docker-compose --env-file .env.example -f docker-compose.yml \
  -f docker-compose.test-standins.yml config -q || fail=1
# the model registry's override (OPERATIONS.md §1.4a): enrich-service keeps its site list and gets /models read-only
registry_config=$(docker-compose --env-file .env.example -f docker-compose.yml -f docker-compose.model-registry.yml \
  config 2>/dev/null) || { echo "docker-compose.model-registry.yml: config fails"; fail=1; }
for want in 'GONGKAI_ENRICH_CLASSIFY_MODELREGISTRY: /models' '/var/lib/gongkai/models:/models:ro' ':/config/sites.yml:ro'; do
  grep -qF -- "$want" <<< "$registry_config" || { echo "docker-compose.model-registry.yml: no '$want' in the merged file"; fail=1; }
done
if grep -qE '^version:' docker-compose.yml; then echo "docker-compose.yml: obsolete top-level version:"; fail=1; fi
# The override may change images only (image, build.args), nothing operators' containers do.
awk '/^    [a-z]/ && $1 != "image:" && $1 != "build:" {print FILENAME ": " $0 " (not an image)"; bad=1}
     /^      [a-z]/ && $1 != "args:" {print FILENAME ": " $0 " (not a build argument)"; bad=1}
     END {exit bad}' docker-compose.test-standins.yml || fail=1

# Passwords: an env file whose *_PASSWORD is empty or a placeholder (change-me, changeme, password, elastic) is
# refused. .env.example must be refused (it only holds placeholders); deploy/.env, when present, must pass.
weak_passwords() { # prints the offending variables of env file $1
  grep -E '^[A-Z_]*PASSWORD=' "$1" | while IFS='=' read -r name value; do
    value="${value%\"}"; value="${value#\"}"
    case "$(printf '%s' "$value" | tr 'A-Z' 'a-z')" in
      ''|change-me|changeme|change_me|password|elastic|secret) echo "$name" ;;
    esac
  done
}
step "no placeholder passwords (.env.example refused, deploy/.env accepted)"
if [ -z "$(weak_passwords .env.example)" ]; then echo ".env.example: the placeholder check found nothing to refuse"; fail=1; fi
if [ -f .env ]; then
  weak="$(weak_passwords .env)"
  if [ -n "$weak" ]; then echo "deploy/.env: placeholder or empty password in: $(echo $weak)"; fail=1; fi
  if git -C .. ls-files --error-unmatch deploy/.env >/dev/null 2>&1; then echo "deploy/.env is tracked by git"; fail=1; fi
fi

step "promtool check config / rules / test rules"
promtool check config monitoring/prometheus.yml >/dev/null || fail=1
promtool check config monitoring/prometheus-local.yml >/dev/null || fail=1
promtool check rules monitoring/alerts.yml >/dev/null || fail=1
(cd monitoring && promtool test rules alerts_test.yml >/dev/null) || fail=1

step "amtool check-config (alertmanager.yml as shipped, and as alertmanager-run.sh renders it with webhooks)"
amtool check-config monitoring/alertmanager.yml >/dev/null || fail=1
rendered="$(mktemp)"
if ALERTMANAGER_WEBHOOK_URL='https://alerts.example.org/hook?team=gongkai&x="y"' ALERTMANAGER_BIN=true \
    sh monitoring/alertmanager-run.sh monitoring/alertmanager.yml "$rendered" >/dev/null; then
  grep -q 'url: "https://alerts.example.org/hook?team=gongkai&x=\\"y\\""' "$rendered" \
    || { echo "alertmanager-run.sh: webhook not rendered"; fail=1; }
  amtool check-config "$rendered" >/dev/null || fail=1
else fail=1; fi
if ALERTMANAGER_WEBHOOK_URL='file:///etc/passwd' ALERTMANAGER_BIN=true \
    sh monitoring/alertmanager-run.sh monitoring/alertmanager.yml "$rendered" >/dev/null 2>&1; then
  echo "alertmanager-run.sh accepted a webhook URL that is not http(s)"; fail=1
fi
# the dead man's switch: its webhook under the receiver deadmansswitch, the operators' at the end, both valid
if ALERTMANAGER_DEADMANSSWITCH_URL='https://hc.example.org/ping/a&b' ALERTMANAGER_WEBHOOK_URL='https://alerts.example.org/hook' \
    ALERTMANAGER_BIN=true sh monitoring/alertmanager-run.sh monitoring/alertmanager.yml "$rendered" >/dev/null; then
  python3 - "$rendered" <<'PY' || { echo "alertmanager-run.sh: webhooks not under their receivers"; fail=1; }
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
at = lines.index
dms, ops = at("  - name: deadmansswitch"), at("  - name: operators")
dms_url, ops_url = at('      - url: "https://hc.example.org/ping/a&b"'), at('      - url: "https://alerts.example.org/hook"')
assert dms < dms_url < ops < ops_url, (dms, dms_url, ops, ops_url)
PY
  amtool check-config "$rendered" >/dev/null || fail=1
else fail=1; fi
if ALERTMANAGER_DEADMANSSWITCH_URL='file:///etc/passwd' ALERTMANAGER_BIN=true \
    sh monitoring/alertmanager-run.sh monitoring/alertmanager.yml "$rendered" >/dev/null 2>&1; then
  echo "alertmanager-run.sh accepted a dead man's switch URL that is not http(s)"; fail=1
fi
rm -f "$rendered"

step "every alert rule has a runbook_url to a section of OPERATIONS.md"
python3 - monitoring/alerts.yml OPERATIONS.md <<'PY' || fail=1
import re, sys
rules, doc = open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read()
# GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens
anchors = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in re.findall(r"^#+ (.*)$", doc, re.M)}
bad = 0
for block in re.split(r"\n(?=[ \t]*- (?:alert|record):)", rules)[1:]:
    name = re.match(r"\s*- (alert|record):\s*(\S+)", block)
    if name.group(1) == "record":
        continue
    link = re.search(r"runbook_url:\s*\"?deploy/OPERATIONS\.md#([^\"\s]+)", block)
    if not link:
        print(f"{name.group(2)}: no runbook_url to deploy/OPERATIONS.md#…"); bad = 1
    elif link.group(1) not in anchors:
        print(f"{name.group(2)}: runbook_url #{link.group(1)} is no heading of OPERATIONS.md"); bad = 1
sys.exit(bad)
PY

step "Grafana dashboards parse, use the provisioned data source, define the variables they use, and their PromQL parses"
for f in monitoring/grafana/dashboards/*.json; do
  python3 - "$f" monitoring/grafana/provisioning/datasources/prometheus.yml <<'PY' || fail=1
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["panels"], "no panels"
uid = re.search(r"^\s*uid:\s*(\S+)", open(sys.argv[2]).read(), re.M).group(1)
defined = {v["name"] for v in d.get("templating", {}).get("list", [])}
bad = []
for p in d["panels"]:
    for t in p.get("targets", []):
        if (t.get("datasource") or p.get("datasource") or {}).get("uid") != uid:
            bad.append(f"panel {p['title']!r}: data source is not {uid}")
        for v in set(re.findall(r"\$(\w+)", t["expr"])) - defined - {"__rate_interval", "__interval", "__range"}:
            bad.append(f"panel {p['title']!r}: variable ${v} not defined")
if bad:
    sys.exit(sys.argv[1] + ":\n  " + "\n  ".join(bad))
PY
  # Every panel's PromQL parses: each expression (variables replaced) as a recording rule for promtool.
  exprs="$(mktemp --suffix=.yml)"
  python3 - "$f" > "$exprs" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print("groups:\n  - name: dashboard-expressions\n    rules:")
for p in d["panels"]:
    for t in p.get("targets", []):
        expr = re.sub(r"\$__\w+", "5m", t["expr"])
        expr = re.sub(r"\$\w+", ".*", expr)
        print(f"      - record: panel_{p['id']}_{t['refId']}\n        expr: {json.dumps(expr)}")
PY
  promtool check rules "$exprs" >/dev/null || { echo "$f: a panel's expression does not parse (promtool check rules)"; fail=1; }
  rm -f "$exprs"
done

step "Dockerfile lint (dockerfile-utils) and policy"
lint_dir="${GONGKAI_TOOLS:-${TMPDIR:-/tmp}/gongkai-tools}"
if [ ! -x "$lint_dir/node_modules/.bin/dockerfile-utils" ]; then
  mkdir -p "$lint_dir"
  npm install --prefix "$lint_dir" --no-save --no-audit --no-fund --silent dockerfile-utils@0.16.3 >/dev/null
fi
for f in docker/*.Dockerfile docker/test-standins/*/Dockerfile; do
  "$lint_dir/node_modules/.bin/dockerfile-utils" lint "$f" || fail=1
  # A base image given by build argument (FROM ${X}) is checked through the argument's default.
  bases=$(sed -n 's/^FROM \([^ ]*\).*/\1/p' "$f" | while read -r b; do
    if [[ "$b" =~ ^\$\{?([A-Za-z_]+)\}?$ ]]; then
      sed -n "s/^ARG ${BASH_REMATCH[1]}=//p" "$f" | head -1
    else echo "$b"; fi; done)
  for b in $bases; do
    case "$b" in layers) continue ;; esac
    if [[ "$b" == *:latest || "$b" != *:* ]]; then echo "$f: base image $b not pinned"; fail=1; fi
  done
  if grep -q '^ENTRYPOINT' "$f" && ! grep -q '^USER ' "$f"; then echo "$f: runs as root (no USER)"; fail=1; fi
done

if [ "$fail" -ne 0 ]; then step "FAILED"; exit 1; fi
step "all deployment checks passed"
