package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class NoticeDocumentsTest {

    private static Corpus corpus(Path dir) throws Exception {
        Path jsonl = dir.resolve("notices.jsonl");
        String body = "为进一步做好政府信息公开工作，现将有关事项通知如下。".repeat(40);
        Files.writeString(
                jsonl,
                "{\"title\":\"关于做好政府信息公开工作的通知\",\"body\":\"" + body + "\\n第二段落。\",\"publisher\":\"国务院办公厅\","
                        + "\"subject_raw\":\"综合政务\\\\政务公开\",\"published\":\"2020-04-03\",\"document_number\":\"国办发〔2020〕12号\"}\n");
        return Corpus.fromRealNotices(jsonl);
    }

    private static List<NoticeDocuments.Document> documents(Corpus corpus, int count) {
        List<NoticeDocuments.Document> docs = new ArrayList<>();
        new NoticeDocuments(corpus).generate("/gkml", count, 4, 42, docs::add);
        return docs;
    }

    @Test
    void documentsCarryThePagesNoticesWithTheFieldsEnrichFillsAndOneIdEach(@TempDir Path dir) throws Exception {
        List<NoticeDocuments.Document> docs = documents(corpus(dir), 30);

        assertThat(docs).hasSize(30);
        assertThat(new HashSet<>(docs.stream().map(NoticeDocuments.Document::id).toList()))
                .hasSize(30);
        JsonNode first = Elastic.JSON.readTree(docs.get(0).json());
        assertThat(first.path("title").asString()).isEqualTo("关于做好政府信息公开工作的通知");
        assertThat(first.path("body").asString()).contains("现将有关事项通知如下").contains("\n第二段落。");
        assertThat(first.path("subjectFirst").asString()).isEqualTo("综合政务");
        assertThat(first.path("subjectSecond").asString()).isEqualTo("政务公开");
        assertThat(first.path("publishedAt").asString()).isEqualTo("2020-04-03T00:00:00+08:00");
        assertThat(first.path("year").asInt()).isEqualTo(2020);
        assertThat(first.path("documentNumber").asString()).isEqualTo("国办发〔2020〕12号");
        assertThat(first.path("genre").asString()).isEqualTo("通知");
        assertThat(first.path("version").asLong()).isEqualTo(docs.get(0).version());
        // every 25th notice has an attachment with text
        assertThat(first.path("attachments").get(0).path("text").asString()).isNotBlank();
        assertThat(Elastic.JSON.readTree(docs.get(1).json()).path("attachments"))
                .isEmpty();
    }

    @Test
    void everyTenthDocumentIsATraditionalMirrorOfTheOneBefore(@TempDir Path dir) throws Exception {
        List<NoticeDocuments.Document> docs = documents(corpus(dir), 10);

        JsonNode mirror = Elastic.JSON.readTree(docs.get(9).json());
        assertThat(mirror.path("title").asString()).isEqualTo("關於做好政府信息公開工作的通知");
        assertThat(mirror.path("url").asString()).contains("/fanti/");
        assertThat(docs.get(9).id()).isNotEqualTo(docs.get(8).id());
    }

    @Test
    void theSameSeedGivesTheSameDocuments(@TempDir Path dir) throws Exception {
        Corpus corpus = corpus(dir);

        assertThat(documents(corpus, 12))
                .extracting(NoticeDocuments.Document::id)
                .isEqualTo(documents(corpus, 12).stream()
                        .map(NoticeDocuments.Document::id)
                        .toList());
    }
}
