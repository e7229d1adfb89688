package org.gongkai.ingest.crawl;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.ingest.fetch.HostPause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read side of {@link KafkaCrawlState}: applies the records read back from the state topic (at the restore, and
 * while following other instances) to the local store, a notice's state with the bytes as read when the store keeps
 * them ({@link EncodedStore}). Thread-safe as far as the local store is; the restore and the follower are one thread
 * at a time.
 */
final class StateTopicRecords {

    private static final Logger log = LoggerFactory.getLogger(KafkaCrawlState.class);

    private final CrawlState local;
    /** Bound to the state's type once: one state decoded per record restored. */
    private final ObjectReader stateReader = JsonMapper.builder().build().readerFor(UrlState.class);

    StateTopicRecords(CrawlState local) {
        this.local = local;
    }

    /** Whether a record's key is a crawl mark's or a host pause's, not a notice's. */
    static boolean isSideRecord(String key) {
        return key.startsWith(CrawlMark.KEY_PREFIX) || key.startsWith(HostPause.KEY_PREFIX);
    }

    /**
     * Applies one record: a notice's state, its tombstone, a crawl mark or a host pause (a tombstone: the host
     * answered again); an unreadable one is logged, skipped.
     */
    void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.key().startsWith(HostPause.KEY_PREFIX)) {
            applyPause(record);
            return;
        }
        if (record.key().startsWith(CrawlMark.KEY_PREFIX)) {
            if (record.value() != null) {
                try {
                    local.putMark(MarkCodec.decode(record.value()));
                } catch (JacksonException e) {
                    log.warn("crawl state: unreadable crawl mark {} skipped: {}", record.key(), e.getMessage());
                }
            }
            return;
        }
        if (record.value() == null) {
            local.remove(record.key());
            return;
        }
        try {
            UrlState state = stateReader.readValue(record.value());
            if (local instanceof EncodedStore encoded) {
                encoded.put(record.key(), state, record.value());
            } else {
                local.put(record.key(), state);
            }
        } catch (JacksonException e) {
            log.warn("crawl state: unreadable record for {} skipped: {}", record.key(), e.getMessage());
        }
    }

    private void applyPause(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            local.removePause(record.key().substring(HostPause.KEY_PREFIX.length()));
            return;
        }
        try {
            local.putPause(PauseCodec.decode(record.value()));
        } catch (JacksonException e) {
            log.warn("crawl state: unreadable host pause {} skipped: {}", record.key(), e.getMessage());
        }
    }
}
