# Elasticsearch for Gongkai: the official image, pinned, with the project's analysis plugin (Chinese analyzers the
# notice template needs) installed from the zip the Maven build made (./mvnw -DskipTests package).
# Build context: the repository root. The same zip is what the tests install into their Elasticsearch.
# ES_IMAGE: the official image operators get; deploy/compose-test passes its test stand-in
# (deploy/docker/test-standins/), which has the same layout, user and bin/elasticsearch-plugin.
ARG ES_IMAGE=docker.elastic.co/elasticsearch/elasticsearch:8.19.21
FROM ${ES_IMAGE}
COPY --chown=elasticsearch:elasticsearch analysis-plugin/target/gongkai-analysis.zip /tmp/gongkai-analysis.zip
RUN bin/elasticsearch-plugin install --batch file:///tmp/gongkai-analysis.zip \
    && rm /tmp/gongkai-analysis.zip
