package org.gongkai.enrich.classify;

import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passes JSONL lines on to a writer, dropping every line whose {@code id} was already written: when a corpus is
 * exported from both the topic and the index, the first source written wins. Lines without an {@code id} pass.
 * Not thread-safe; holds the ids seen.
 */
final class UniqueNoticeWriter extends Writer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Writer out;
    private final Set<String> seen = new HashSet<>();
    private final StringBuilder line = new StringBuilder();
    private int dropped;

    UniqueNoticeWriter(Writer out) {
        this.out = out;
    }

    /** Lines dropped as repeats so far. */
    int dropped() {
        return dropped;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            if (chars[i] == '\n') {
                emit();
            } else {
                line.append(chars[i]);
            }
        }
    }

    private void emit() throws IOException {
        String text = line.toString();
        line.setLength(0);
        String id = text.isBlank() ? null : JSON.readTree(text).path("id").asString(null);
        if (id != null && !seen.add(id)) {
            dropped++;
            return;
        }
        out.write(text);
        out.write('\n');
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (!line.isEmpty()) {
            emit();
        }
        out.close();
    }
}
