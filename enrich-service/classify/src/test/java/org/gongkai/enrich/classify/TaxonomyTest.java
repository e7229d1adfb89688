package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TaxonomyTest {

    private final Taxonomy taxonomy = Taxonomy.national();

    @Test
    void hasTheNationalTwentyTwoFirstAndOneHundredTwentyOneSecondLevels() {
        assertThat(taxonomy.firstLevels()).hasSize(22);
        assertThat(taxonomy.secondLevels()).hasSize(121);
        assertThat(taxonomy.firstLevels().get(0)).isEqualTo("国务院组织机构");
        assertThat(taxonomy.firstLevels()).endsWith("其他");
        assertThat(taxonomy.children("财政、金融、审计")).contains("税务", "货币（含外汇）");
        assertThat(taxonomy.children("其他")).isEmpty();
        assertThat(taxonomy.children("不存在")).isEmpty();
    }

    @Test
    void containsKnowsNodes() {
        assertThat(taxonomy.contains(new SubjectNode("财政、金融、审计", "税务"))).isTrue();
        assertThat(taxonomy.contains(SubjectNode.of("综合政务"))).isTrue();
        assertThat(taxonomy.contains(new SubjectNode("综合政务", "税务"))).isFalse();
        assertThat(taxonomy.contains(SubjectNode.of("税务"))).isFalse();
        assertThat(taxonomy.indexOf("国防")).isEqualTo(20);
    }

    @Test
    void shippedCopyIsTheSharedTaxonomy() throws IOException {
        Path shared = Path.of("../../../shared/docs/topic-taxonomy.json");
        Path fromRoot = Path.of("../../shared/docs/topic-taxonomy.json");
        Path source = Files.exists(shared) ? shared : fromRoot;
        if (!Files.exists(source)) {
            return; // built outside the workspace: nothing to compare with
        }
        try (InputStream in = Taxonomy.class.getResourceAsStream(Taxonomy.RESOURCE)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(source));
        }
    }

    @Test
    void rejectsDuplicateFirstLevels() {
        String json = "{\"categories\":[{\"label\":\"甲\",\"children\":[]},{\"label\":\"甲\",\"children\":[]}]}";
        assertThatThrownBy(() -> Taxonomy.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodePathIsTheFormPagesUse() {
        assertThat(new SubjectNode("财政、金融、审计", "税务").path()).isEqualTo("财政、金融、审计\\税务");
        assertThat(SubjectNode.of("国防").path()).isEqualTo("国防");
        assertThat(new SubjectNode("国防", "国防动员").firstLevel()).isEqualTo(SubjectNode.of("国防"));
    }
}
