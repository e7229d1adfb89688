package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelledNoticeTest {

    @Test
    void readsExplicitAndDeclaredLabelsAndSkipsWhatDoesNotMapOrListsSeveralCategories() throws IOException {
        String jsonl = """
                {"title":"甲","body":"乙","first":"财政、金融、审计","second":"税务"}
                {"title":"丙","body":"丁","attachments":"附件","first":"国防"}

                {"title":"戊","body":"己","declared":"公安、司法"}
                {"title":"庚","body":"辛","declared":"机关党建"}
                {"title":"辰","body":"巳","declared":"工业、交通,商贸、海关"}
                {"title":"壬","body":"癸","first":"财政、金融、审计","second":"国防动员"}
                {"title":"子","body":"丑"}
                {"title":"寅","body":"卯","background":true}
                """;
        int[] skipped = new int[1];
        List<LabelledNotice> notices =
                LabelledNotice.readJsonl(new StringReader(jsonl), DeclaredCategoryMapper.standard(), skipped);
        assertThat(notices)
                .extracting(LabelledNotice::label)
                .containsExactly(
                        new SubjectNode("财政、金融、审计", "税务"), SubjectNode.of("国防"), SubjectNode.of("公安、安全、司法"), null);
        assertThat(notices.get(3).background()).isTrue();
        assertThat(notices.get(0).background()).isFalse();
        assertThat(notices.get(1).attachments()).isEqualTo("附件");
        assertThat(notices.get(0).attachments()).isEmpty();
        assertThat(skipped[0]).isEqualTo(4);
    }
}
