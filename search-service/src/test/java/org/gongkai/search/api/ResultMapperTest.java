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

    @Test
    void relatedNoticesLeaveOutTheShownNoticePinnedFirstAndListAtMostFive() {
        JsonNode result = JSON.readTree("""
                {"hits": {"hits": [
                  {"_id": "shown", "_source": {"title": "本件"}},
                  {"_id": "r1", "_source": {}}, {"_id": "r2", "_source": {}}, {"_id": "r3", "_source": {}},
                  {"_id": "r4", "_source": {}}, {"_id": "r5", "_source": {}}]}}
                """);
        JsonNode withoutTheShown = JSON.readTree("""
                {"hits": {"hits": [
                  {"_id": "r1", "_source": {}}, {"_id": "r2", "_source": {}}, {"_id": "r3", "_source": {}},
                  {"_id": "r4", "_source": {}}, {"_id": "r5", "_source": {}}, {"_id": "r6", "_source": {}}]}}
                """);

        assertThat(ResultMapper.related(result, "shown"))
                .extracting(Responses.Hit::id)
                .containsExactly("r1", "r2", "r3", "r4", "r5");
        assertThat(ResultMapper.related(withoutTheShown, "shown"))
                .extracting(Responses.Hit::id)
                .containsExactly("r1", "r2", "r3", "r4", "r5");
    }

    @Test
    void aResultAndANoticeShowTheSubjectsSourceAndModelVersionAndADocumentFromBeforeTheFieldHasNone() {
        JsonNode predicted = JSON.readTree("""
                {"_id": "a1", "_source": {"subjectFirst": "综合政务", "subjectSource": "predicted",
                 "subjectModelVersion": "subject-crawl-20261207045735-216"}}
                """);
        JsonNode older = JSON.readTree("""
                {"_id": "b1", "_source": {"subjectFirst": "综合政务", "subjectSource": "declared"}}
                """);

        assertThat(ResultMapper.hit(predicted).subjectSource()).isEqualTo("predicted");
        assertThat(ResultMapper.hit(predicted).subjectModelVersion()).isEqualTo("subject-crawl-20261207045735-216");
        assertThat(ResultMapper.notice(predicted).subjectModelVersion()).isEqualTo("subject-crawl-20261207045735-216");
        assertThat(ResultMapper.notice(predicted).subjectSource()).isEqualTo("predicted");
        assertThat(ResultMapper.hit(older).subjectModelVersion()).isNull();
        assertThat(ResultMapper.notice(older).subjectModelVersion()).isNull();
        assertThat(ResultMapper.notice(older).subjectSource()).isEqualTo("declared");
    }

    @Test
    void aCollapsedPageCountsNoticesAndListsEachResultsOtherCopies() {
        JsonNode result = JSON.readTree("""
                {"hits": {"total": {"value": 12}, "hits": [
                  {"_id": "a1", "_source": {"title": "复函", "siteId": "gd"}, "inner_hits": {"copies": {"hits": {"hits": [
                    {"_id": "a1", "_source": {"noticeId": "a1", "siteId": "gd", "url": "http://gd/1", "title": "复函"}},
                    {"_id": "a2", "_source": {"noticeId": "a2", "siteId": "tw", "url": "http://tw/1", "title": "复函"}}
                  ]}}}},
                  {"_id": "b1", "_source": {"title": "通知"}, "inner_hits": {"copies": {"hits": {"hits": [
                    {"_id": "b1", "_source": {"noticeId": "b1", "siteId": "gd", "url": "http://gd/2"}}]}}}}]},
                 "aggregations": {
                   "notices": {"value": 8},
                   "publisher": {"buckets": [
                     {"key": "甲", "doc_count": 6, "notices": {"value": 3}},
                     {"key": "乙", "doc_count": 5, "notices": {"value": 5}}]},
                   "publisher_unsplit": {"doc_count": 0, "publisher": {"buckets": []}},
                   "subject": {"buckets": [{"key": "综合政务", "doc_count": 12, "notices": {"value": 8},
                     "second": {"buckets": [{"key": "其他", "doc_count": 12, "notices": {"value": 8}}]}}]},
                   "year": {"buckets": [
                     {"key": 2023, "doc_count": 2, "notices": {"value": 2}},
                     {"key": 2024, "doc_count": 10, "notices": {"value": 6}}]}}}
                """);

        Responses.Page page = ResultMapper.page(result, "next-cursor");

        assertThat(page.total()).as("notices, not the 12 documents").isEqualTo(8);
        assertThat(page.next()).isEqualTo("next-cursor");
        assertThat(page.hits().get(0).copies()).containsExactly(new Responses.Copy("a2", "tw", "http://tw/1", "复函"));
        assertThat(page.hits().get(1).copies()).isEmpty();
        assertThat(page.facets().publisher())
                .as("counted and ordered by notices")
                .containsExactly(new Bucket("乙", 5, null), new Bucket("甲", 3, null));
        assertThat(page.facets().subject().get(0).second()).containsExactly(new Bucket("其他", 8, null));
        assertThat(page.facets().year())
                .as("in the query's order")
                .containsExactly(new Bucket("2023", 2, null), new Bucket("2024", 6, null));
    }

    @Test
    void aPageWithoutNoticeCountsCountsHitsAndHasNoFacets() {
        JsonNode result = JSON.readTree("""
                {"hits": {"total": {"value": 2}, "hits": [{"_id": "a", "_source": {}}, {"_id": "b", "_source": {}}]}}
                """);

        Responses.Page page = ResultMapper.page(result, null);

        assertThat(page.total()).isEqualTo(2);
        assertThat(page.facets()).isNull();
        assertThat(page.hits().get(0).copies()).isEmpty();
    }
}
