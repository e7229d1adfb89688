package org.gongkai.enrich.classify;

/**
 * Hashed character n-gram features of one notice: L2-normalised, log-scaled term frequencies. Keeps where each
 * feature first occurred so the n-gram behind a weight can be shown. Immutable after construction.
 */
public final class FeatureVector {

    static final int SOURCE_TITLE = 0;
    static final int SOURCE_BODY = 1;
    static final int SOURCE_ATTACHMENTS = 2;

    final int[] index;
    final float[] value;
    /** Packed first occurrence: source (bits 29-30), trigram flag (bit 28), end offset (bits 0-27). */
    final int[] origin;

    private final String title;
    private final String body;
    private final String attachments;

    FeatureVector(int[] index, float[] value, int[] origin, String title, String body, String attachments) {
        this.index = index;
        this.value = value;
        this.origin = origin;
        this.title = title;
        this.body = body;
        this.attachments = attachments;
    }

    /** Number of distinct features. */
    public int size() {
        return index.length;
    }

    /** The n-gram behind the i-th feature, as it first occurred. */
    String term(int i) {
        int packed = origin[i];
        int source = packed >>> 29;
        int length = (packed >>> 28 & 1) == 1 ? 3 : 2;
        int end = packed & 0x0FFFFFFF;
        String text = source == SOURCE_TITLE ? title : source == SOURCE_BODY ? body : attachments;
        return text.substring(end - length + 1, end + 1);
    }

    static int pack(int source, boolean trigram, int end) {
        return source << 29 | (trigram ? 1 << 28 : 0) | end;
    }
}
