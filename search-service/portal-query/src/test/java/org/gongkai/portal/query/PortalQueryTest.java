package org.gongkai.portal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PortalQueryTest {

    /** The full-text clauses, inside the function that prefers an original to its mirror copies. */
    private static final String SHOULD = "/query/bool/must/0/function_score/query/bool/should";

    @Test
    void everyQueryFileOfTheContractLoadsAndNamesOnlyKnownParameters() {
        for (String name : PortalQuery.FILES) {
            assertThat(PortalQuery.file(name).isObject()).as(name).isTrue();
        }
    }

    @Test
    void theQueryIsPutInAsAJsonStringEverywhereItsPlaceholderIs() {
        ObjectNode body = PortalQuery.load(PortalQuery.FULL_TEXT)
                .with(Parameter.Q, "垃圾分类")
                .build();

        assertThat(body.at(SHOULD + "/0/multi_match/query").stringValue()).isEqualTo("垃圾分类");
        assertThat(body.at(SHOULD + "/1/match_phrase/title/query").stringValue())
                .isEqualTo("垃圾分类");
        assertThat(body.toString()).doesNotContain("{{");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"}},{\"match_all\":{}},{\"x\":{\"y\":\"",
                "a\\\"b",
                "\u0000\u001f</script>",
                "{{publishers}}",
                "{{q}}"
            })
    void userTextCannotChangeTheRequestsStructure(String hostile) {
        ObjectNode body = PortalQuery.load(PortalQuery.FULL_TEXT)
                .with(Parameter.Q, hostile)
                .withFacets()
                .build();

        ObjectNode same = PortalQuery.load(PortalQuery.FULL_TEXT)
                .with(Parameter.Q, "x")
                .withFacets()
                .build();
        assertThat(body.at(SHOULD + "").size()).isEqualTo(same.at(SHOULD + "").size());
        assertThat(body.at(SHOULD + "/0/multi_match/query").stringValue()).isEqualTo(hostile.strip());
        // a value that looks like a placeholder stays text and pulls in no filter
        assertThat(body.at("/query/bool/filter").size()).isZero();
        JsonNode reparsed = PortalQuery.JSON.readTree(PortalQuery.load(PortalQuery.FULL_TEXT)
                .with(Parameter.Q, hostile)
                .toJson());
        assertThat(reparsed.at(SHOULD + "/0/multi_match/query").stringValue()).isEqualTo(hostile.strip());
    }

    @Test
    void aQueryOfAHundredCharactersIsAcceptedAndOneMoreIsRefusedNotCut() {
        String hundred = "垃".repeat(99) + "𠀀"; // a supplementary character counts as one
        assertThat(PortalQuery.load(PortalQuery.FULL_TEXT)
                        .with(Parameter.Q, hundred)
                        .build()
                        .toString())
                .contains(hundred);

        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.FULL_TEXT).with(Parameter.Q, hundred + "圾"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("101 characters")
                .extracting(e -> ((BadParameterException) e).parameter())
                .isEqualTo("q");
    }

    @Test
    void blankTextAndMalformedDatesAndIdsAreRefused() {
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.FULL_TEXT).with(Parameter.Q, "  \u3000 "))
                .isInstanceOf(BadParameterException.class);
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.BROWSE).with(Parameter.PUBLISHED_FROM, "2024-13-01"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("published_from");
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.NOTICE).with(Parameter.NOTICE_ID, "../_all"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("notice_id");
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.BROWSE).with(Parameter.PUBLISHERS, List.of("a", " ")))
                .isInstanceOf(BadParameterException.class);
    }

    @Test
    void unselectedFacetsAreLeftOutAndSelectedOnesFilter() {
        ObjectNode body = PortalQuery.load(PortalQuery.BROWSE)
                .with(Parameter.PUBLISHERS, List.of("东湖区城市管理局", "东湖区城市管理局"))
                .with(Parameter.PUBLISHED_FROM, "2023-01-01")
                .withFacets()
                .build();

        JsonNode filter = body.at("/query/bool/filter");
        assertThat(filter.size()).isEqualTo(2);
        // per issuer, or the whole publisher of a document indexed before the issuers field
        assertThat(filter.get(0).at("/bool/should/0/terms/publishers").toString())
                .isEqualTo("[\"东湖区城市管理局\"]");
        assertThat(filter.get(0).at("/bool/should/1/terms/publisher").toString())
                .isEqualTo("[\"东湖区城市管理局\"]");
        assertThat(filter.get(1).at("/range/publishedAt/gte").stringValue()).isEqualTo("2023-01-01");
        assertThat(body.at("/aggs/publisher/terms/field").stringValue()).isEqualTo("publishers");
        assertThat(body.at("/aggs/publisher_unsplit/aggs/publisher/terms/field").stringValue())
                .isEqualTo("publisher");
    }

    @Test
    void theSubjectModelVersionFiltersWithoutAFacetAndAnEmptyOrOverlongValueIsRefused() {
        ObjectNode body = PortalQuery.load(PortalQuery.BROWSE)
                .with(Parameter.SUBJECT_MODEL_VERSIONS, List.of(" subject-crawl-20261207045735-216 "))
                .withFacets()
                .build();

        assertThat(body.at("/query/bool/filter").size()).isEqualTo(1);
        assertThat(body.at("/query/bool/filter/0/terms/subjectModelVersion").toString())
                .isEqualTo("[\"subject-crawl-20261207045735-216\"]");
        assertThat(body.path("aggs").toString()).as("no facet").doesNotContain("subjectModelVersion");
        assertThat(body.at("/_source").toString()).contains("\"subjectSource\"", "\"subjectModelVersion\"");

        assertThatThrownBy(
                        () -> PortalQuery.load(PortalQuery.BROWSE).with(Parameter.SUBJECT_MODEL_VERSIONS, List.of("")))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("subject_model_versions");
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.BROWSE)
                        .with(Parameter.SUBJECT_MODEL_VERSIONS, List.of("v".repeat(Parameter.MAX_VALUE_LENGTH + 1))))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("subject_model_versions");
    }

    @Test
    void facetsOnAQueryWithoutBoolWrapItInMust() {
        ObjectNode body = PortalQuery.parse("variant", "{\"query\":{\"match\":{\"title\":\"{{q}}\"}}}")
                .with(Parameter.Q, "复函")
                .with(Parameter.GENRES, List.of("意见"))
                .withFacets()
                .build();

        assertThat(body.at("/query/bool/must/match/title").stringValue()).isEqualTo("复函");
        assertThat(body.at("/query/bool/filter/0/terms/genre/0").stringValue()).isEqualTo("意见");
    }

    @Test
    void aMissingOrUnknownParameterIsTheCallersBugNotAnEmptyQuery() {
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.FULL_TEXT).build())
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(BadParameterException.class)
                .hasMessageContaining("{{q}}");
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.FULL_TEXT)
                        .with(Parameter.Q, "x")
                        .with(Parameter.PUBLISHERS, List.of("y"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publishers");
        assertThatThrownBy(() -> PortalQuery.load("delete-by-query")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {PortalQuery.FULL_TEXT, PortalQuery.BROWSE})
    void searchAndBrowseCollapseCopiesOfANoticeAndCountNotices(String file) {
        PortalQuery query = PortalQuery.load(file).withFacets();
        if (file.equals(PortalQuery.FULL_TEXT)) {
            query.with(Parameter.Q, "复函");
        }
        ObjectNode body = query.build();

        assertThat(body.at("/collapse/field").stringValue()).isEqualTo("identity");
        assertThat(body.at("/collapse/inner_hits/name").stringValue()).isEqualTo("copies");
        assertThat(body.at("/collapse/inner_hits/_source").toString())
                .contains("\"url\"", "\"siteId\"", "\"title\"", "\"noticeId\"");
        // the file's own notice count stays next to the facets' aggregations
        assertThat(body.at("/aggs/notices/cardinality/field").stringValue()).isEqualTo("identity");
        assertThat(body.at("/aggs/notices/cardinality/precision_threshold").intValue())
                .isEqualTo(40_000);
        for (String facet : List.of("publisher", "subject", "genre", "validity", "site", "year")) {
            assertThat(body.at("/aggs/" + facet + "/aggs/notices/cardinality/field")
                            .stringValue())
                    .as(facet)
                    .isEqualTo("identity");
        }
        assertThat(body.at("/aggs/subject/aggs/second/aggs/notices/cardinality/field")
                        .stringValue())
                .isEqualTo("identity");
        assertThat(body.at("/aggs/publisher_unsplit/aggs/publisher/aggs/notices/cardinality/field")
                        .stringValue())
                .isEqualTo("identity");
        assertThat(body.has("search_after")).isFalse();
    }

    @Test
    void relatedNoticesPinTheShownNoticeFirstInOneRequestCollapsedOnIdentity() {
        ObjectNode body = PortalQuery.load(PortalQuery.MORE_LIKE_THIS)
                .with(Parameter.NOTICE_ID, "0123456789abcdef")
                .build();

        assertThat(body.at("/query/bool/should/0/more_like_this/like/0/_id").stringValue())
                .isEqualTo("0123456789abcdef");
        assertThat(body.at("/query/bool/should/1/constant_score/filter/ids/values/0")
                        .stringValue())
                .isEqualTo("0123456789abcdef");
        assertThat(body.at("/query/bool/should/1/constant_score/boost").asDouble())
                .isGreaterThanOrEqualTo(1e6);
        assertThat(body.at("/collapse/field").stringValue()).isEqualTo("identity");
        assertThat(body.at("/size").asInt())
                .as("five related and the shown notice")
                .isEqualTo(6);
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.MORE_LIKE_THIS).with("identity", "fedcba9876543210"))
                .as("no identity parameter since session 17")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRequestGivenAsTextIsFilledByTheSameRules() {
        String variant = "{\"query\":{\"match\":{\"title\":\"{{q}}\"}},\"note\":\"{{q}} as text stays\"}";

        ObjectNode body =
                PortalQuery.parse("variant", variant).with(Parameter.Q, "a\"b").build();

        assertThat(body.at("/query/match/title").stringValue()).isEqualTo("a\"b");
        assertThat(body.at("/note").stringValue()).isEqualTo("{{q}} as text stays");
        assertThatThrownBy(() -> PortalQuery.parse("bad", "{\"q\":\"{{drop_index}}\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("drop_index");
        assertThatThrownBy(() -> PortalQuery.parse("bad", "[1]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pageSizeIsBounded() {
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.BROWSE).size(0))
                .isInstanceOf(BadParameterException.class);
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.BROWSE).size(PortalQuery.MAX_SIZE + 1))
                .isInstanceOf(BadParameterException.class);
    }
}
