package org.gongkai.enrich.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.gongkai.testsupport.NoticePages;
import tools.jackson.databind.JsonNode;

/**
 * The enrich harnesses' access to test-support's {@link NoticePages} (deploy/bench's page templates around ~2,000
 * characters of real notice text): where the real notices are, and a page from them.
 */
final class BenchPages {

    private BenchPages() {}

    /** The real notices file: {@code configured}, else shared/data's, tried from the working directory and its parent. */
    static Path realNotices(String configured) {
        if (configured != null) {
            return Path.of(configured);
        }
        for (String candidate :
                List.of("../shared/data/real-notices/notices.jsonl", "../../shared/data/real-notices/notices.jsonl")) {
            if (Files.exists(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalArgumentException("no real notices: set -Dgongkai.bench.real-notices=FILE");
    }

    /** The real notices with a body of at least 50 characters, in file order. */
    static List<JsonNode> readReal(Path jsonl) throws IOException {
        return NoticePages.realNotices(jsonl);
    }

    /**
     * Page {@code i}: template {@code i % 3} with the metadata of a random real notice and real bodies from it on
     * until ~{@link NoticePages#TARGET_CHARS} characters.
     */
    static String page(int i, Random random, List<JsonNode> real, String charsetName) {
        int start = random.nextInt(real.size());
        List<String> bodies = real.stream().map(n -> n.path("body").asString()).toList();
        return NoticePages.page(
                i, NoticePages.text(i, real.get(start), NoticePages.paragraphs(bodies, start)), charsetName, null);
    }

    /** Template {@code template} (0–2) around {@code notice}'s own body, with its metadata and index number {@code index}. */
    static String page(int template, JsonNode notice, String index, String charsetName) {
        NoticePages.Text text = NoticePages.text(template, notice, paragraphs(notice));
        return NoticePages.page(
                template,
                new NoticePages.Text(
                        text.title(),
                        text.publisher(),
                        text.subject(),
                        text.date(),
                        text.documentNumber(),
                        index,
                        text.paragraphs()),
                charsetName,
                null);
    }

    private static List<String> paragraphs(JsonNode notice) {
        return notice.path("body")
                .asString()
                .lines()
                .filter(p -> !p.isBlank())
                .map(String::strip)
                .toList();
    }
}
