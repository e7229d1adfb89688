package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {

    private static Corpus corpus(Path dir) throws Exception {
        Path jsonl = dir.resolve("notices.jsonl");
        String body = "为进一步做好政府信息公开工作，现将有关事项通知如下。".repeat(20);
        Files.writeString(
                jsonl,
                "{\"title\":\"关于做好政府信息公开工作的通知\",\"body\":\"" + body + "\\n第二段落。\",\"publisher\":\"国务院办公厅\"}\n"
                        + "{\"title\":\"关于印发管理办法的通知\",\"body\":\"" + body + "\"}\n");
        return Corpus.fromRealNotices(jsonl);
    }

    @Test
    void theSameSeedGivesTheSameCorpusAndNoticesAreDealtToTheSites(@TempDir Path dir) throws Exception {
        Corpus corpus = corpus(dir);

        List<Corpus.Site> a = corpus.generate("/gkml", 230, 3, 7);
        List<Corpus.Site> b = corpus.generate("/gkml", 230, 3, 7);

        assertThat(a).extracting(Corpus.Site::notices).containsExactly(77, 77, 76);
        assertThat(a.get(0).pages().keySet()).isEqualTo(b.get(0).pages().keySet());
        assertThat(a.get(0).pages().get("/gkml/index.html").body())
                .isEqualTo(b.get(0).pages().get("/gkml/index.html").body());
        // 77 links: one list page of 100 links, no next page
        assertThat(new String(a.get(0).pages().get("/gkml/index.html").body(), StandardCharsets.UTF_8))
                .doesNotContain("下一页");
    }

    @Test
    void pagesHaveAboutTwoThousandCharactersInMixedEncodingsWithTraditionalMirrorsAndAttachments(@TempDir Path dir)
            throws Exception {
        List<Corpus.Site> sites = corpus(dir).generate("/gkml", 250, 1, 1);
        var pages = sites.get(0).pages();

        String gbk = pages.entrySet().stream()
                .filter(e -> e.getKey().matches("/gkml/2024\\d+/t\\d+_1\\.html"))
                .map(e -> new String(e.getValue().body(), Charset.forName("GB18030")))
                .findFirst()
                .orElseThrow();
        assertThat(gbk).contains("charset=\"gbk\"").contains("为进一步做好政府信息公开工作");
        assertThat(gbk.replaceAll("<[^>]+>", "").replaceAll("\\s", "").length()).isBetween(2000, 3000);
        String mirror = new String(pages.get("/gkml/fanti/t9.html").body(), StandardCharsets.UTF_8);
        assertThat(mirror).contains("為進一步做好政府信息公開工作").doesNotContain("gbk");
        assertThat(pages.get("/gkml/att/W0.docx").contentType()).contains("wordprocessingml");
        assertThat(pages.keySet()).contains("/gkml/index.html", "/gkml/index_1.html", "/gkml/index_2.html");
        assertThat(new String(pages.get("/gkml/index_1.html").body(), StandardCharsets.UTF_8))
                .contains("href=\"index_2.html\">下一页");
    }
}
