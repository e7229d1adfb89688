# Elasticsearch for Gongkai: the official image, pinned. The project's analysis plugin is installed here once
# it ships (see the search issue); until then this image is the official one unchanged.
FROM docker.elastic.co/elasticsearch/elasticsearch:8.19.21
