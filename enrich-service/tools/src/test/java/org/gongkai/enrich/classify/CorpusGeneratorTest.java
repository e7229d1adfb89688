package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CorpusGeneratorTest {

    static final String CORPUS = "/classify/subject-corpus.jsonl";

    static List<LabelledNotice> corpus() throws IOException {
        try (InputStream in = CorpusGeneratorTest.class.getResourceAsStream(CORPUS)) {
            int[] skipped = new int[1];
            List<LabelledNotice> notices = LabelledNotice.readJsonl(
                    new InputStreamReader(in, StandardCharsets.UTF_8), DeclaredCategoryMapper.standard(), skipped);
            assertThat(skipped[0]).isZero();
            return notices;
        }
    }

    @Test
    void committedCorpusIsExactlyWhatTheGeneratorProduces() throws IOException {
        try (InputStream in = CorpusGeneratorTest.class.getResourceAsStream(CORPUS)) {
            String committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(CorpusGenerator.generate(CorpusGenerator.DEFAULT_SEED)).isEqualTo(committed);
        }
        assertThat(CorpusGenerator.generate(CorpusGenerator.DEFAULT_SEED + 1))
                .isNotEqualTo(CorpusGenerator.generate(CorpusGenerator.DEFAULT_SEED));
    }

    @Test
    void everyFirstLevelHasAtLeastFortyExamplesAndEverySecondLevelWithContentSome() throws IOException {
        List<LabelledNotice> all = corpus();
        List<LabelledNotice> notices = all.stream().filter(n -> !n.background()).toList();
        assertThat(all.size() - notices.size()).isEqualTo(150);
        Map<String, Long> perFirst =
                notices.stream().collect(Collectors.groupingBy(n -> n.label().first(), Collectors.counting()));
        assertThat(perFirst.keySet())
                .containsExactlyInAnyOrderElementsOf(Taxonomy.national().firstLevels());
        assertThat(perFirst.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(40));
        Map<SubjectNode, Long> perNode =
                notices.stream().collect(Collectors.groupingBy(LabelledNotice::label, Collectors.counting()));
        long nonOther = Taxonomy.national().secondLevels().stream()
                .filter(n -> !n.second().equals("其他"))
                .count();
        assertThat(perNode.keySet().stream().filter(n -> n.second() != null)).hasSize((int) nonOther);
        assertThat(notices).allSatisfy(n -> assertThat(n.title()).isNotBlank());
        assertThat(notices.stream().filter(n -> !n.attachments().isEmpty())).isNotEmpty();
    }
}
