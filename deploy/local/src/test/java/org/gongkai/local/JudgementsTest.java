package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JudgementsTest {

    static final Judgements SHIPPED = Judgements.shipped();

    @Test
    void atLeastSixtyQueriesCoveringEveryKind() {
        assertThat(SHIPPED.queries()).hasSizeGreaterThanOrEqualTo(60);
        Map<String, Long> perKind = SHIPPED.queries().stream()
                .collect(Collectors.groupingBy(Judgements.JudgedQuery::kind, Collectors.counting()));
        assertThat(perKind.keySet()).containsExactlyInAnyOrderElementsOf(Judgements.KINDS);
        assertThat(perKind.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(5));
    }

    @Test
    void everyJudgedNoticeIsOnTheDemoPortal() {
        Set<String> onPortal = new TreeSet<>();
        DemoCatalogue.shipped().notices().forEach(n -> onPortal.add(n.path()));
        for (String path : SHIPPED.judgedPaths()) {
            if (!onPortal.contains(path)) {
                assertThat(DemoPortal.class.getResource("/demo-portal" + path))
                        .as("judged notice %s is neither in the catalogue nor a static page", path)
                        .isNotNull();
            }
        }
    }

    @Test
    void theQueriesAreVaried() {
        assertThat(SHIPPED.queries())
                .filteredOn(q -> q.kind().equals("single-character"))
                .allSatisfy(
                        q -> assertThat(q.query().codePointCount(0, q.query().length()))
                                .isEqualTo(1));
        assertThat(SHIPPED.queries())
                .filteredOn(q -> q.kind().equals("document-number"))
                .extracting(Judgements.JudgedQuery::query)
                .anyMatch(q -> q.contains("["))
                .anyMatch(q -> q.contains("("))
                .anyMatch(q -> q.contains("【"))
                .anyMatch(q -> q.contains("（"))
                .anyMatch(q -> q.chars().anyMatch(c -> c >= '０' && c <= '９'));
        assertThat(SHIPPED.queries()).extracting(Judgements.JudgedQuery::query).doesNotHaveDuplicates();
    }

    @Test
    void malformedSetsAreRejected() {
        assertThatThrownBy(() -> parse("{\"queries\":[{\"id\":\"x\",\"kind\":\"agency\",\"query\":\"q\","
                        + "\"relevant\":{\"/a.html\":1}}]}"))
                .hasMessageContaining("no notice graded 2");
        assertThatThrownBy(() -> parse("{\"queries\":[{\"id\":\"x\",\"kind\":\"other\",\"query\":\"q\","
                        + "\"relevant\":{\"/a.html\":2}}]}"))
                .hasMessageContaining("unknown kind");
        assertThatThrownBy(() -> parse("{\"queries\":[{\"id\":\"x\",\"kind\":\"agency\",\"query\":\"q\","
                        + "\"relevant\":{\"/a.html\":2,\"/b.html\":3}}]}"))
                .hasMessageContaining("bad judgement");
        String one = "{\"id\":\"x\",\"kind\":\"agency\",\"query\":\"q\",\"relevant\":{\"/a.html\":2}}";
        assertThatThrownBy(() -> parse("{\"queries\":[" + one + "," + one + "]}"))
                .hasMessageContaining("duplicate");
    }

    private static Judgements parse(String json) {
        return Judgements.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
