package org.gongkai.search.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.gongkai.search.api.Responses.Bucket;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ResultMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void thePublisherFacetIsPerIssuerWhenEveryDocumentHasTheIssuers() {
        JsonNode aggs = JSON.readTree("""
                {"publisher": {"buckets": [{"key": "税务总局", "doc_count": 2}, {"key": "财政部", "doc_count": 1}]},
                 "publisher_unsplit": {"doc_count": 0, "publisher": {"buckets": []}}}
                """);

        assertThat(ResultMapper.publisherBuckets(aggs))
                .containsExactly(new Bucket("税务总局", 2, null), new Bucket("财政部", 1, null));
    }

    @Test
    void documentsIndexedBeforeTheIssuersFieldAddTheirWholePublisher() {
        JsonNode aggs = JSON.readTree("""
                {"publisher": {"buckets": [{"key": "税务总局", "doc_count": 1}]},
                 "publisher_unsplit": {"doc_count": 4, "publisher": {"buckets": [
                   {"key": "财政部、税务总局", "doc_count": 2}, {"key": "税务总局", "doc_count": 2}]}}}
                """);

        assertThat(ResultMapper.publisherBuckets(aggs))
                .containsExactly(new Bucket("税务总局", 3, null), new Bucket("财政部、税务总局", 2, null));
    }

    @Test
    void aResponseFromBeforeTheUnsplitAggregationStillHasItsPublisherFacet() {
        JsonNode aggs = JSON.readTree("""
                {"publisher": {"buckets": [{"key": "东湖区城市管理局", "doc_count": 2}]}}
                """);

        assertThat(ResultMapper.publisherBuckets(aggs)).containsExactly(new Bucket("东湖区城市管理局", 2, null));
    }
}
