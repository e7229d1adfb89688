package org.gongkai.ingest.crawl;

import org.gongkai.ingest.fetch.HostPause;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link HostPause} as its state-topic record value (JSON, as {@link MarkCodec} writes marks). Fields added later
 * must be optional, so that every pause written stays readable. Thread-safe.
 */
final class PauseCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectReader READER = JSON.readerFor(HostPause.class);
    private static final ObjectWriter WRITER = JSON.writerFor(HostPause.class);

    private PauseCodec() {}

    static byte[] encode(HostPause pause) {
        return WRITER.writeValueAsBytes(pause);
    }

    /** @throws JacksonException when the bytes are no pause */
    static HostPause decode(byte[] value) {
        return READER.readValue(value);
    }
}
