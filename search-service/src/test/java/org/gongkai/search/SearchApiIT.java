package org.gongkai.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.search.SearchStack.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The API against the real stack ({@link SearchStack}: real Elasticsearch with the analysis plugin, the index made
 * by index-service's jar from real notices, search-service's jar): full text, facets, browse, lookups, related,
 * suggestions, a notice, paging, and the 400s.
 */
class SearchApiIT {

    static SearchStack stack;

    @BeforeAll
    static void start() {
        stack = SearchStack.get();
    }

    @Test
    void aTraditionalQueryFindsTheSimplifiedNoticeFirstWithTheMatchHighlighted() throws Exception {
        Answer answer = stack.get("/api/search?q=" + enc("全國性哀悼活動"));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode first = answer.body().at("/hits/0");
        assertThat(first.path("title").asString()).isEqualTo(RealNoticeFixtures.MOURNING_TITLE);
        assertThat(first.path("titleHtml").asString()).contains("<em>").contains("哀悼");
        assertThat(first.path("publisher").asString()).isEqualTo("国务院办公厅");
        assertThat(first.path("publishedAt").asString()).startsWith("2020-04-03");
        assertThat(answer.body().at("/facets/publisher").size()).isPositive();
    }

    @Test
    void aNoticeOnTwoSitesIsOneResultListingItsCopyAndCountedOnce() throws Exception {
        EnrichedNotice original = stack.notices.get(0);
        EnrichedNotice mirror = stack.mirrors.get(0);

        JsonNode result = stack.get("/api/search?size=100&q=" + enc("全國性哀悼活動")).body();

        assertThat(values(result.path("hits"), "id"))
                .as("the original represents the notice, not its Traditional mirror")
                .contains(original.noticeId())
                .doesNotContain(mirror.noticeId());
        assertThat(result.path("total").asLong()).isEqualTo(result.path("hits").size());
        JsonNode first = result.at("/hits/0");
        assertThat(first.path("id").asString()).isEqualTo(original.noticeId());
        assertThat(first.path("copies").size()).isEqualTo(1);
        assertThat(first.at("/copies/0/id").asString()).isEqualTo(mirror.noticeId());
        assertThat(first.at("/copies/0/siteId").asString()).isEqualTo(RealNoticeFixtures.MIRROR_SITE);
        assertThat(first.at("/copies/0/url").asString()).isEqualTo(mirror.url());
        assertThat(first.at("/copies/0/title").asString()).isEqualTo(RealNoticeFixtures.MOURNING_TITLE);

        JsonNode all = stack.get("/api/search?size=1").body();
        assertThat(all.path("total").asLong()).as("notices, not documents").isEqualTo(stack.notices.size());
        assertThat(bucketCount(all.at("/facets/site"), RealNoticeFixtures.MIRROR_SITE))
                .isEqualTo(stack.mirrors.stream()
                        .filter(m -> m.siteId().equals(RealNoticeFixtures.MIRROR_SITE))
                        .count());
        assertThat(bucketCount(all.at("/facets/publisher"), "国务院办公厅"))
                .as("the mirror's publisher counted once")
                .isEqualTo(stack.notices.stream()
                        .filter(n -> EnrichedNotice.Publisher.issuers(
                                        n.metadata().publisher())
                                .contains("国务院办公厅"))
                        .count());
    }

    @Test
    void aSearchCursorPastTheResultWindowOrOfTheOldKindIsA400() throws Exception {
        String tooDeep = org.gongkai.portal.query.Cursor.offset(org.gongkai.portal.query.PortalQuery.MAX_RESULT_WINDOW);
        Answer deep = stack.get("/api/search?q=" + enc("疫情") + "&after=" + tooDeep);
        assertThat(deep.status()).isEqualTo(400);
        assertThat(deep.body().path("parameter").asString()).isEqualTo("after");
        assertThat(deep.body().path("detail").asString()).contains("narrow the search");

        // a search_after cursor (what /api/search gave before version 1.1 of the API)
        String old = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("[1585875600000,\"0123456789abcdef\"]".getBytes(StandardCharsets.UTF_8));
        assertThat(stack.get("/api/search?after=" + old).status()).isEqualTo(400);
    }

    @Test
    void aFacetFiltersAndItsCountsAreOfTheFilteredResult() throws Exception {
        JsonNode all = stack.get("/api/search?q=" + enc("疫情防控")).body();
        JsonNode bucket = all.at("/facets/subject/0");
        String subject = bucket.path("value").asString();

        JsonNode filtered = stack.get("/api/search?size=100&q=" + enc("疫情防控") + "&subject=" + enc(subject))
                .body();

        assertThat(filtered.path("total").asLong())
                .isEqualTo(bucket.path("count").asLong());
        assertThat(values(filtered.path("hits"), "subject")).isNotEmpty().allMatch(subject::equals);
        assertThat(values(filtered.at("/facets/subject"), "value")).containsExactly(subject);
        assertThat(filtered.path("total").asLong()).isLessThan(all.path("total").asLong());
    }

    @Test
    void theNoticesASubjectModelClassifiedAreFoundByItsVersionShownWithTheSubjectAndItsSource() throws Exception {
        List<String> predicted = RealNoticeFixtures.PREDICTED_BY_CRAWL_MODEL.stream()
                .map(i -> stack.notices.get(i).noticeId())
                .toList();

        JsonNode crawl = stack.get("/api/search?size=100&subject_model_version=" + enc(RealNoticeFixtures.CRAWL_MODEL))
                .body();

        assertThat(values(crawl.path("hits"), "id")).containsExactlyInAnyOrderElementsOf(predicted);
        assertThat(crawl.path("total").asLong()).isEqualTo(predicted.size());
        assertThat(values(crawl.path("hits"), "subjectModelVersion")).containsOnly(RealNoticeFixtures.CRAWL_MODEL);
        assertThat(values(crawl.path("hits"), "subjectSource")).containsOnly("predicted");
        // either of two versions: every notice (each carries one)
        JsonNode either = stack.get("/api/search?size=1&subject_model_version=" + enc(RealNoticeFixtures.CRAWL_MODEL)
                        + "&subject_model_version=" + enc(RealNoticeFixtures.SHIPPED_MODEL))
                .body();
        assertThat(either.path("total").asLong()).isEqualTo(stack.notices.size());
        assertThat(stack.get("/api/search?subject_model_version=subject-never-promoted")
                        .body()
                        .path("total")
                        .asLong())
                .isZero();

        JsonNode notice = stack.get("/api/notices/" + predicted.get(0)).body();
        assertThat(notice.path("subjectModelVersion").asString()).isEqualTo(RealNoticeFixtures.CRAWL_MODEL);
        assertThat(notice.path("subjectSource").asString()).isEqualTo("predicted");
        JsonNode declared = stack.get("/api/search?q=" + enc("全國性哀悼活動")).body().at("/hits/0");
        assertThat(declared.path("subjectModelVersion").asString()).isEqualTo(RealNoticeFixtures.SHIPPED_MODEL);
        assertThat(declared.path("subjectSource").asString()).isEqualTo("declared");
    }

    @Test
    void aJointNoticeIsCountedAndFoundUnderEachOfItsIssuers() throws Exception {
        // 教育部 issued one of the real notices alone and 市场监管总局、教育部、公安部 another
        JsonNode all = stack.get("/api/search?size=1").body();
        long count = bucketCount(all.at("/facets/publisher"), "教育部");

        JsonNode filtered =
                stack.get("/api/search?size=100&publisher=" + enc("教育部")).body();

        assertThat(count).isGreaterThanOrEqualTo(2);
        assertThat(filtered.path("total").asLong()).isEqualTo(count);
        assertThat(values(filtered.path("hits"), "publisher"))
                .contains("市场监管总局、教育部、公安部")
                .allMatch(p -> p.contains("教育部"));
        assertThat(bucketCount(filtered.at("/facets/publisher"), "公安部")).isEqualTo(1);
        String joint = StreamSupport.stream(filtered.path("hits").spliterator(), false)
                .filter(h -> h.path("publisher").asString().equals("市场监管总局、教育部、公安部"))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();
        assertThat(stack.get("/api/notices/" + joint)
                        .body()
                        .path("publishers")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .containsExactly("市场监管总局", "教育部", "公安部");
        assertThat(values(filtered.at("/facets/publisher"), "value")).doesNotContain("市场监管总局、教育部、公安部");
    }

    @Test
    void browsingPagesThroughEveryNoticeOnceNewestFirst() throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> dates = new ArrayList<>();
        String next = null;
        for (int page = 0; page < 20; page++) {
            JsonNode body = stack.get("/api/search?size=7" + (next == null ? "" : "&after=" + next))
                    .body();
            body.path("hits").forEach(h -> {
                ids.add(h.path("id").asString());
                dates.add(h.path("publishedAt").asString());
            });
            next = body.path("next").asString(null);
            if (next == null) {
                break;
            }
        }

        // a notice may be listed by a copy (the same-site copy ties with its original): count it as its notice
        java.util.Map<String, String> noticeOf = new java.util.HashMap<>();
        stack.mirrors.forEach(
                m -> noticeOf.put(m.noticeId(), m.details().identity().key()));
        assertThat(ids.stream().map(id -> noticeOf.getOrDefault(id, id)).toList())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        stack.notices.stream().map(EnrichedNotice::noticeId).toList());
        assertThat(dates).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void aNoticeHasItsMetadataAttachmentsAndRelatedNotices() throws Exception {
        EnrichedNotice draft = fixture(RealNoticeFixtures.MARKET_STANDARD_DRAFT);
        EnrichedNotice call = fixture(RealNoticeFixtures.MARKET_STANDARD_CALL);

        JsonNode notice = stack.get("/api/notices/" + draft.noticeId()).body();
        assertThat(notice.path("title").asString()).isEqualTo(RealNoticeFixtures.MARKET_STANDARD_DRAFT);
        assertThat(notice.path("publisher").asString()).isEqualTo("江西省市场监督管理局");
        assertThat(notice.path("indexNumber").asString())
                .isEqualTo(draft.metadata().indexNumber());
        assertThat(notice.path("body").asString()).contains("征求意见稿");
        assertThat(notice.at("/attachments/0/name").asString()).isEqualTo(RealNoticeFixtures.ATTACHMENT_NAME);
        assertThat(notice.at("/attachments/0/text").isMissingNode()).isTrue();

        JsonNode related =
                stack.get("/api/notices/" + draft.noticeId() + "/related").body();
        assertThat(values(related, "id")).contains(call.noticeId()).doesNotContain(draft.noticeId());

        assertThat(stack.get("/api/notices/0000000000000000").status()).isEqualTo(404);
    }

    @Test
    void aLookupGivesTheNoticeOnceWithItsCopyAndRelatedNoticesLeaveOutItsCopies() throws Exception {
        EnrichedNotice mirror = stack.mirrors.get(1);
        EnrichedNotice original = stack.notices.stream()
                .filter(n -> n.noticeId().equals(mirror.details().identity().key()))
                .findFirst()
                .orElseThrow();

        for (String lookup : List.of(
                "/api/lookup/document-number?value=" + enc(original.metadata().documentNumber()),
                "/api/lookup/index-number?value=" + enc(original.metadata().indexNumber()))) {
            JsonNode found = stack.get(lookup).body();

            assertThat(values(found.path("hits"), "id")).as(lookup).containsExactly(original.noticeId());
            assertThat(values(found.at("/hits/0/copies"), "id")).as(lookup).containsExactly(mirror.noticeId());
            assertThat(found.path("total").asLong()).as("notices").isEqualTo(1);
        }

        for (EnrichedNotice shown : List.of(original, mirror)) {
            JsonNode related =
                    stack.get("/api/notices/" + shown.noticeId() + "/related").body();
            assertThat(values(related, "id"))
                    .as("related to " + shown.siteId())
                    .doesNotContain(original.noticeId(), mirror.noticeId())
                    .doesNotHaveDuplicates()
                    .isNotEmpty()
                    .hasSizeLessThanOrEqualTo(5);
        }
        Answer gone = stack.get("/api/notices/0000000000000000/related");
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.body().size()).isZero();
    }

    static EnrichedNotice fixture(String title) {
        return stack.notices.stream()
                .filter(n -> n.title().equals(title))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void titleSuggestionsMatchWhatWasTyped() throws Exception {
        JsonNode suggestions = stack.get("/api/suggest?prefix=" + enc("哀悼")).body();

        assertThat(values(suggestions, "title")).containsExactly(RealNoticeFixtures.MOURNING_TITLE);
        assertThat(suggestions.at("/0/titleHtml").asString()).contains("<em>");
    }

    @Test
    void aDocumentNumberIsFoundInAnyBracketFormAndScriptAndAnIndexNumberAsTyped() throws Exception {
        for (String typed : List.of("赣府发(2020)6号", "贛府發［２０２０］６號", "赣府发【2020】6号")) {
            JsonNode found =
                    stack.get("/api/lookup/document-number?value=" + enc(typed)).body();
            assertThat(values(found.path("hits"), "documentNumber"))
                    .as(typed)
                    .containsExactly(RealNoticeFixtures.DOCUMENT_NUMBER);
            JsonNode searched = stack.get("/api/search?q=" + enc(typed)).body();
            assertThat(searched.at("/hits/0/title").asString())
                    .as(typed)
                    .startsWith(RealNoticeFixtures.DOCUMENT_NUMBER_TITLE_START);
        }
        JsonNode byIndex = stack.get("/api/lookup/index-number?value=" + enc("014500815/2020-02788"))
                .body();
        assertThat(values(byIndex.path("hits"), "indexNumber")).containsExactly("014500815/2020-02788");
        assertThat(byIndex.at("/hits/0/title").asString()).startsWith(RealNoticeFixtures.DOCUMENT_NUMBER_TITLE_START);

        JsonNode none = stack.get("/api/lookup/index-number?value=" + enc("no-such/2020-00001"))
                .body();
        assertThat(none.path("total").asLong()).isZero();
        assertThat(none.path("next").isNull()).isTrue();
    }

    @Test
    void badParametersAreRefusedWithA400NamingThem() throws Exception {
        Answer tooLong = stack.get("/api/search?q=" + enc("疫".repeat(101)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        assertThat(tooLong.body().path("parameter").asString()).isEqualTo("q");
        assertThat(tooLong.body().path("detail").asString()).contains("101");

        assertThat(stack.get("/api/search?q=" + enc("疫".repeat(100))).status()).isEqualTo(200);
        assertThat(stack.get("/api/search?from=2020-02-30")
                        .body()
                        .path("parameter")
                        .asString())
                .isEqualTo("published_from");
        assertThat(stack.get("/api/search?after=bm9wZQ")
                        .body()
                        .path("parameter")
                        .asString())
                .isEqualTo("after");
        Answer blankVersion = stack.get("/api/search?subject_model_version=%20");
        assertThat(blankVersion.status()).isEqualTo(400);
        assertThat(blankVersion.body().path("parameter").asString()).isEqualTo("subject_model_versions");
        assertThat(stack.get("/api/search?subject_model_version=" + "v".repeat(201))
                        .body()
                        .path("parameter")
                        .asString())
                .isEqualTo("subject_model_versions");
        assertThat(stack.get("/api/search?size=abc").status()).isEqualTo(400);
        assertThat(stack.get("/api/search?size=1000").body().path("parameter").asString())
                .isEqualTo("size");
        assertThat(stack.get("/api/notices/not-an-id").status()).isEqualTo(400);
        assertThat(stack.get("/api/suggest").status()).isEqualTo(400);
        assertThat(stack.get("/api/lookup/document-number?value=%20")
                        .body()
                        .path("parameter")
                        .asString())
                .isEqualTo("document_number");
    }

    @Test
    void healthShowsComponentsButNoDetailsToAnyoneAndMetricsAreExposed() throws Exception {
        Answer readiness = stack.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        JsonNode health = stack.get("/actuator/health").body();
        assertThat(health.at("/components/elasticsearch/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/elasticsearch/details").isMissingNode())
                .as("no details for an anonymous caller: %s", health)
                .isTrue();
        assertThat(health.at("/components/diskSpace/details").isMissingNode()).isTrue();
        assertThat(SearchStack.status(stack.url() + "/actuator/prometheus")).isEqualTo(200);
    }

    private static List<String> values(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.path(field).asString())
                .toList();
    }

    private static long bucketCount(JsonNode buckets, String value) {
        return StreamSupport.stream(buckets.spliterator(), false)
                .filter(b -> b.path("value").asString().equals(value))
                .mapToLong(b -> b.path("count").asLong())
                .findFirst()
                .orElse(0);
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
