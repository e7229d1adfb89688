package org.gongkai.ingest.crawl;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link CrawlMark} as its state-topic record value (JSON). Fields added later are optional: a record written
 * before them decodes with their defaults, so every mark ever written stays readable. Thread-safe.
 */
final class MarkCodec {

    // A boolean added later (mirror) is absent from older records: it takes the setting's default, false.
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final ObjectReader READER = JSON.readerFor(CrawlMark.class);
    private static final ObjectWriter WRITER = JSON.writerFor(CrawlMark.class);

    private MarkCodec() {}

    static byte[] encode(CrawlMark mark) {
        return WRITER.writeValueAsBytes(mark);
    }

    /** @throws JacksonException when the bytes are no mark */
    static CrawlMark decode(byte[] value) {
        return READER.readValue(value);
    }
}
