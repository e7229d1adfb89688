package org.gongkai.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.StreamSupport;
import org.gongkai.events.EnrichedNotice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Of two byte-identical copies of a notice, the one from the site not declared a mirror represents it in full text,
 * in the catalogue and in a 文号 lookup, with the copy listed under 也发布于, although the copy's notice id sorts first
 * (without its {@code declared_mirror} flag the copy would win the tie). Against the real stack ({@link
 * SearchStack}: Elasticsearch, the index made by index-service's jar, search-service's jar, the query files).
 */
class DeclaredMirrorIT {

    static SearchStack stack;
    static EnrichedNotice original;
    static EnrichedNotice copy;

    @BeforeAll
    static void start() {
        stack = SearchStack.get();
        original = RealNoticeFixtures.declaredMirrorOriginal(stack.notices);
        copy = stack.mirrors.stream()
                .filter(m -> m.siteId().equals(RealNoticeFixtures.DECLARED_MIRROR_SITE))
                .findFirst()
                .orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"full text", "catalogue", "文号 lookup"})
    void theOriginalRepresentsTheNoticeAndListsTheCopyFromTheSiteDeclaredAMirror(String search) throws Exception {
        assertThat(copy.noticeId()).as("the copy's id sorts first").isLessThan(original.noticeId());
        assertThat(copy.body()).isEqualTo(original.body());
        LocalDate day = original.metadata().publishedAt().toLocalDate();
        String path = switch (search) {
            case "full text" -> "/api/search?size=100&q=" + enc(original.title());
            case "catalogue" -> "/api/search?size=100&from=" + day + "&to=" + day.plusDays(1); // to: exclusive
            default -> "/api/lookup/document-number?value=" + enc(RealNoticeFixtures.DECLARED_MIRROR_DOCUMENT_NUMBER);
        };

        JsonNode hits = stack.get(path).body().path("hits");

        assertThat(ids(hits)).as(search).contains(original.noticeId()).doesNotContain(copy.noticeId());
        JsonNode hit = StreamSupport.stream(hits.spliterator(), false)
                .filter(h -> h.path("id").asString().equals(original.noticeId()))
                .findFirst()
                .orElseThrow();
        assertThat(hit.path("siteId").asString()).isEqualTo(original.siteId());
        assertThat(ids(hit.path("copies"))).as("也发布于").containsExactly(copy.noticeId());
        if (!search.equals("catalogue")) {
            assertThat(hits.at("/0/id").asString()).as("first").isEqualTo(original.noticeId());
        }
    }

    private static List<String> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.path("id").asString())
                .toList();
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
