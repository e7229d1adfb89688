#!/bin/bash
# TEST STAND-IN entry point, configured like the official Elasticsearch image: every variable named like a setting
# (lower case with a dot, e.g. discovery.type) becomes -E name=value; ELASTIC_PASSWORD becomes the keystore's
# bootstrap.password (the elastic user's password until it is changed).
set -euo pipefail
settings=()
while IFS= read -r -d '' entry; do
  name=${entry%%=*}
  if [[ "$name" =~ ^[a-z0-9_]+\.[a-z0-9_]+ || "$name" == processors ]]; then
    settings+=("-E${name}=${entry#*=}")
  fi
done < <(env -0)
if [[ -n "${ELASTIC_PASSWORD:-}" ]]; then
  [[ -f config/elasticsearch.keystore ]] || elasticsearch-keystore create >/dev/null
  if ! elasticsearch-keystore list | grep -qx bootstrap.password; then
    printf '%s' "$ELASTIC_PASSWORD" | elasticsearch-keystore add -x bootstrap.password
  fi
fi
exec elasticsearch "${settings[@]}"
