#!/bin/bash
# TEST STAND-IN entry point, configured like the official apache/kafka image: every KAFKA_* variable (except the
# JVM ones) becomes a server property: KAFKA_ dropped, lower case, "___" -> "-", "__" -> "_", "_" -> ".".
# CLUSTER_ID (default: the official image's) formats the log directories on first start only.
set -euo pipefail
props=/opt/kafka/config/server.properties
: > "$props"
while IFS= read -r name; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_LOG4J_OPTS|KAFKA_JMX_OPTS|KAFKA_JMX_PORT|KAFKA_JMX_HOSTNAME|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_GC_LOG_OPTS|KAFKA_LOG4J_ROOT_LOGLEVEL|KAFKA_LOG4J_LOGGERS|KAFKA_TOOLS_LOG4J_LOGLEVEL|KAFKA_VERSION) continue ;;
  esac
  key=${name#KAFKA_}
  key=${key,,}
  key=${key//___/-}
  key=${key//__/@}
  key=${key//_/.}
  key=${key//@/_}
  printf '%s=%s\n' "$key" "${!name}" >> "$props"
done < <(compgen -e | grep '^KAFKA_' | sort)
grep -q '^log.dirs=' "$props" || echo 'log.dirs=/tmp/kraft-combined-logs' >> "$props"
/opt/kafka/bin/kafka-storage.sh format \
  --cluster-id "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" --config "$props" --ignore-formatted
# exec: the broker is PID 1 and gets Docker's SIGTERM for a clean shutdown.
# shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several options
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} -XX:+UseSerialGC ${KAFKA_OPTS:-} \
  -Dlogback.configurationFile=/opt/kafka/logback.xml -cp '/opt/kafka/libs/*' kafka.Kafka "$props"
