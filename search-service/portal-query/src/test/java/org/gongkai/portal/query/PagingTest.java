package org.gongkai.portal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The paging of built requests ({@link Paging}, {@link Cursor}): offsets for collapsed queries, else search_after. */
class PagingTest {

    /** A lookup as document-number.json was before session 16: sorted, not collapsed, paged by search_after. */
    private static final String UNCOLLAPSED =
            "{\"query\":{\"match\":{\"documentNumber.folded\":\"{{document_number}}\"}},"
                    + "\"sort\":[{\"publishedAt\":\"desc\"},{\"noticeId\":\"asc\"}]}";

    @Test
    void aCursorFromAHitPagesTheSameQueryAndAForgedOneIsRefused() {
        JsonNode hit = PortalQuery.JSON.readTree("{\"sort\":[1700000000000,\"0123456789abcdef\"]}");
        String cursor = Cursor.after(hit);

        ObjectNode next = PortalQuery.parse("variant", UNCOLLAPSED)
                .with(Parameter.DOCUMENT_NUMBER, "x")
                .after(cursor)
                .size(5)
                .build();
        assertThat(next.get("search_after").toString()).isEqualTo("[1700000000000,\"0123456789abcdef\"]");
        assertThat(next.get("size").intValue()).isEqualTo(5);

        String threeKeys = Cursor.after(PortalQuery.JSON.readTree("{\"sort\":[1,2,\"a\"]}"));
        String object = java.util.Base64.getUrlEncoder().encodeToString("[{\"match_all\":{}},1]".getBytes());
        for (String bad : List.of("%%%", "bm90IGpzb24", threeKeys, object, Cursor.offset(10))) {
            assertThatThrownBy(() -> PortalQuery.parse("variant", UNCOLLAPSED)
                            .with(Parameter.DOCUMENT_NUMBER, "x")
                            .after(bad)
                            .build())
                    .as(bad)
                    .isInstanceOf(BadParameterException.class)
                    .extracting(e -> ((BadParameterException) e).parameter())
                    .isEqualTo("after");
        }
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.MORE_LIKE_THIS)
                        .with(Parameter.NOTICE_ID, "0123456789abcdef")
                        .after(cursor)
                        .build())
                .isInstanceOf(BadParameterException.class);
    }

    @Test
    void aCollapsedQueryIsPagedByOffsetUpToTheResultWindow() {
        PortalQuery first =
                PortalQuery.load(PortalQuery.FULL_TEXT).with(Parameter.Q, "x").size(10);
        ObjectNode firstBody = first.build();
        assertThat(firstBody.has("from")).isFalse();
        String next = first.next(result(10));
        assertThat(first.next(result(9))).as("a short page is the last").isNull();

        PortalQuery second = PortalQuery.load(PortalQuery.FULL_TEXT)
                .with(Parameter.Q, "x")
                .size(10)
                .after(next);
        ObjectNode secondBody = second.build();
        assertThat(secondBody.get("from").intValue()).isEqualTo(10);
        assertThat(secondBody.has("search_after")).isFalse();
        assertThat(second.next(result(10))).isEqualTo(Cursor.offset(20));

        // the last page before the window is cut to fit it, and has no next
        PortalQuery last =
                PortalQuery.load(PortalQuery.BROWSE).size(100).after(Cursor.offset(PortalQuery.MAX_RESULT_WINDOW - 30));
        ObjectNode lastBody = last.build();
        assertThat(lastBody.get("from").intValue() + lastBody.get("size").intValue())
                .isEqualTo(PortalQuery.MAX_RESULT_WINDOW);
        assertThat(last.next(result(30))).isNull();

        String sortCursor = Cursor.after(PortalQuery.JSON.readTree("{\"sort\":[1.5,1700000000000,\"a\"]}"));
        String negative = java.util.Base64.getUrlEncoder().encodeToString("{\"from\":-10}".getBytes());
        for (String bad : List.of(Cursor.offset(PortalQuery.MAX_RESULT_WINDOW), sortCursor, negative, "%%%")) {
            assertThatThrownBy(() -> PortalQuery.load(PortalQuery.FULL_TEXT)
                            .with(Parameter.Q, "x")
                            .after(bad)
                            .build())
                    .as(bad)
                    .isInstanceOf(BadParameterException.class)
                    .extracting(e -> ((BadParameterException) e).parameter())
                    .isEqualTo("after");
        }
        assertThatThrownBy(() -> PortalQuery.load(PortalQuery.FULL_TEXT)
                        .with(Parameter.Q, "x")
                        .after(Cursor.offset(PortalQuery.MAX_RESULT_WINDOW))
                        .build())
                .hasMessageContaining("narrow the search");
    }

    @Test
    void aQueryWithoutCollapseGivesASearchAfterCursorOfItsLastHit() {
        PortalQuery query = PortalQuery.parse("variant", UNCOLLAPSED)
                .with(Parameter.DOCUMENT_NUMBER, "x")
                .size(2);
        query.build();
        JsonNode result =
                PortalQuery.JSON.readTree("{\"hits\":{\"hits\":[{\"sort\":[1,\"a\"]},{\"sort\":[2,\"b\"]}]}}");

        assertThat(query.next(result)).isEqualTo(Cursor.after(PortalQuery.JSON.readTree("{\"sort\":[2,\"b\"]}")));
    }

    private static JsonNode result(int hits) {
        var array = PortalQuery.JSON.createArrayNode();
        for (int i = 0; i < hits; i++) {
            array.addObject().put("_id", "h" + i);
        }
        ObjectNode result = PortalQuery.JSON.createObjectNode();
        result.putObject("hits").set("hits", array);
        return result;
    }

    @ParameterizedTest
    @ValueSource(strings = {PortalQuery.DOCUMENT_NUMBER, PortalQuery.INDEX_NUMBER})
    void lookupsGiveOneResultPerNoticeWithItsCopiesAndPageByOffset(String file) {
        PortalQuery query = PortalQuery.load(file)
                .with(
                        file.equals(PortalQuery.DOCUMENT_NUMBER) ? Parameter.DOCUMENT_NUMBER : Parameter.INDEX_NUMBER,
                        "x")
                .size(2);
        ObjectNode body = query.build();

        assertThat(body.at("/collapse/field").stringValue()).isEqualTo("identity");
        assertThat(body.at("/collapse/inner_hits/name").stringValue()).isEqualTo("copies");
        assertThat(body.at("/aggs/notices/cardinality/field").stringValue()).isEqualTo("identity");
        assertThat(query.next(result(2))).isEqualTo(Cursor.offset(2));
        String sortCursor = Cursor.after(PortalQuery.JSON.readTree("{\"sort\":[1700000000000,\"a\"]}"));
        assertThatThrownBy(() -> PortalQuery.load(file)
                        .with(file.equals(PortalQuery.DOCUMENT_NUMBER) ? "document_number" : "index_number", "x")
                        .after(sortCursor)
                        .build())
                .as("a cursor from before the lookups were collapsed")
                .isInstanceOf(BadParameterException.class);
    }
}
