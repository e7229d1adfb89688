package org.gongkai.ingest.fetch;

import java.util.Locale;

/** Where the charset of a page came from, in the order {@link CharsetDetector} tries them. */
public enum CharsetSource {
    /** A byte-order mark at the start of the body. */
    BOM,
    /** The site's configured charset override. */
    OVERRIDE,
    /** The {@code charset} parameter of the Content-Type header. */
    HEADER,
    /** A {@code <meta charset>} or {@code <meta http-equiv="Content-Type">} near the start of the page. */
    META,
    /** Byte-level detection (nothing declared, or the declaration contradicted): UTF-8, GB18030 or Big5. */
    DETECTED;

    /** The name used in {@link org.gongkai.events.RawNotice#charsetSource()}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
