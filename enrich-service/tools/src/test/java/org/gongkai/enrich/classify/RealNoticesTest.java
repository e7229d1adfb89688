package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gongkai.enrich.classify.RealNotices.RealNotice;
import org.junit.jupiter.api.Test;

class RealNoticesTest {

    private static final List<RealNotice> SHIPPED = RealNotices.shipped(DeclaredCategoryMapper.standard(), new int[1]);

    @Test
    void noticesDeclaredOtherAloneAreLeftOutOfTrainingOnlyWhenAsked() {
        List<RealNotice> other = SHIPPED.stream()
                .filter(n -> RealNotices.catchAll(n.notice().label()))
                .toList();
        assertThat(other).isNotEmpty().allMatch(n -> n.notice().label().second() == null);

        assertThat(EvaluateOnRealNotices.trainable(SHIPPED, false)).isEqualTo(SHIPPED);
        List<RealNotice> trainable = EvaluateOnRealNotices.trainable(SHIPPED, true);
        assertThat(trainable).hasSize(SHIPPED.size() - other.size()).noneMatch(other::contains);
        // a declared 一级\其他 is learnt as its first level, which names a subject: it stays
        assertThat(trainable)
                .anyMatch(n -> n.notice().label().second() == null
                        && !RealNotices.catchAll(n.notice().label()));
    }

    @Test
    void testSetsKeepTheNoticesDeclaredOtherAndCanBeReadWithoutThem() {
        List<LabelledNotice> all = RealNotices.notices(SHIPPED);
        List<LabelledNotice> withSubject = EvaluateOnRealNotices.withSubject(all);
        assertThat(withSubject).noneMatch(n -> RealNotices.catchAll(n.label()));
        assertThat(all.size() - withSubject.size())
                .isEqualTo((int)
                        all.stream().filter(n -> "其他".equals(n.label().first())).count())
                .isPositive();
    }

    @Test
    void aDeclarationListingSeveralCategoriesIsSkippedLikeOneThatDoesNotMap() throws IOException {
        String jsonl = """
                {"source_repo":"r","title":"关于鹰潭港总体规划的批复","body":"港口","subject_raw":"工业、交通,商贸、海关"}
                {"source_repo":"r","title":"关于公路养护的通知","body":"公路","subject_raw":"工业、交通"}
                {"source_repo":"r","title":"关于机关党建的通知","body":"党建","subject_raw":"机关党建"}
                """;
        int[] skipped = new int[1];
        List<RealNotice> read = RealNotices.read(new StringReader(jsonl), DeclaredCategoryMapper.standard(), skipped);
        assertThat(read).extracting(n -> n.notice().title()).containsExactly("关于公路养护的通知");
        assertThat(skipped[0]).isEqualTo(2);
    }

    @Test
    void timeSplitPutsTheNewestLastAndLosesNothing() {
        for (List<RealNotice> source : RealNotices.bySource(SHIPPED).values()) {
            List<List<RealNotice>> sets = RealNotices.byTime(source, 0.1, 0.3);
            assertThat(sets.get(0).size() + sets.get(1).size() + sets.get(2).size())
                    .isEqualTo(source.size());
            RealNotice lastTrained = sets.get(0).get(sets.get(0).size() - 1);
            assertThat(sets.get(2))
                    .allMatch(n -> n.published() == null
                            || lastTrained.published() == null
                            || !n.published().isBefore(lastTrained.published()));
        }
    }

    @Test
    void archiveAndShippedAgencyTablesNameTheOldProvincialTransportDepartmentFirst() {
        Agencies agencies = Agencies.create(
                Taxonomy.national(), List.of(Path.of("src/main/resources/classify/agencies-archive.tsv")));
        List<Agencies.Agency> found = new ArrayList<>();
        String text = "省交通厅、财政厅、物价局：";
        agencies.find(text, 0, text.length(), found);
        assertThat(found).isNotEmpty();
        assertThat(found.get(0).name()).isEqualTo("交通厅");
        assertThat(found.get(0).domains()).extracting(SubjectNode::first).containsExactly("工业、交通");

        // since session 9 the shipped table knows the pre-2009 name too: the addressees' first agency is 交通厅, not 财政厅
        List<Agencies.Agency> shipped = new ArrayList<>();
        Agencies.standard().find(text, 0, text.length(), shipped);
        assertThat(shipped).extracting(Agencies.Agency::name).startsWith("交通厅", "财政厅");
    }
}
