#!/bin/bash
# TEST STAND-IN: runs a Kafka tool class from /opt/kafka/libs. Tools get a small heap of their own (the official
# scripts would take KAFKA_HEAP_OPTS, the broker's heap, for every health check).
exec java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
  -Dlogback.configurationFile=/opt/kafka/logback.xml -Dgongkai.kafka.log.level=WARN \
  -cp '/opt/kafka/libs/*' "$@"
