#!/usr/bin/env bash
# Offline checks of the deployment files, without a Docker engine (run by .ci/run):
# Compose file validity, Prometheus configuration and alert rules (with their unit tests), Dockerfile lint and
# policy, Grafana dashboard JSON. Needs docker-compose and promtool (Debian packages docker-compose, prometheus)
# and Node.js for the Dockerfile linter (dockerfile-utils from the npm registry).
set -euo pipefail
cd "$(dirname "$0")"
fail=0
step() { echo "[deploy-check] $*"; }

step "docker-compose config (with .env.example, every profile; also with the test stand-ins' override)"
COMPOSE_PROFILES=monitoring,kibana,demo,tools docker-compose --env-file .env.example -f docker-compose.yml config -q || fail=1
COMPOSE_PROFILES=monitoring,demo docker-compose --env-file .env.example -f docker-compose.yml \
  -f docker-compose.test-standins.yml config -q || fail=1
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
promtool check rules monitoring/alerts.yml >/dev/null || fail=1
(cd monitoring && promtool test rules alerts_test.yml >/dev/null) || fail=1

step "Grafana dashboards parse"
for f in monitoring/grafana/dashboards/*.json; do
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["panels"], "no panels"' "$f" || fail=1
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
