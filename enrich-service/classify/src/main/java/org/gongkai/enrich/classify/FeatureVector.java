package org.gongkai.enrich.classify;

import java.util.List;

/**
 * Hashed character n-gram features of one notice: L2-normalised, log-scaled term frequencies. Keeps where each
 * feature first occurred so the n-gram behind a weight can be shown. Immutable after construction.
 */
public final class FeatureVector {

    static final int SOURCE_TITLE = 0;
    static final int SOURCE_BODY = 1;
    static final int SOURCE_ATTACHMENTS = 2;
    static final int SOURCE_AGENCY = 3;
    /** The title's n-grams in the text block. */
    static final int SOURCE_TITLE_TEXT = 4;
    /** A subject keyword's node in the title ({@link Agencies#findKeywords}). */
    static final int SOURCE_KEYWORD = 5;
    /** A subject keyword's node in the opening of body or attachments (text block). */
    static final int SOURCE_KEYWORD_TEXT = 6;
    /** An agency named in the addressee line ({@link AddresseeLine}), its own block. */
    static final int SOURCE_ADDRESSEE = 7;
    /** An agency the body names that is not its issuer ({@link AgencyRoles}), its own block (session 10). */
    static final int SOURCE_MENTION = 8;

    final int[] index;
    final float[] value;
    /** Packed first occurrence: source (bits 28-30), trigram flag (bit 27), end offset or agency index (bits 0-26). */
    final int[] origin;

    private final String title;
    private final String body;
    private final String attachments;
    private final List<Agencies.Agency> agencies;
    private final List<Agencies.Agency> keywords;
    private final List<Agencies.Agency> addressees;
    private final List<Agencies.Agency> mentions;

    FeatureVector(
            int[] index,
            float[] value,
            int[] origin,
            String title,
            String body,
            String attachments,
            List<Agencies.Agency> agencies,
            List<Agencies.Agency> keywords,
            List<Agencies.Agency> addressees,
            List<Agencies.Agency> mentions) {
        this.agencies = agencies;
        this.mentions = mentions;
        this.addressees = addressees;
        this.keywords = keywords;
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

    /** Agencies named in the notice, in order of appearance. */
    public List<Agencies.Agency> agencies() {
        return agencies;
    }

    /**
     * Subject keywords in the title's subject part, then those in the opening of body and attachments, in order of
     * appearance.
     */
    public List<Agencies.Agency> keywords() {
        return keywords;
    }

    /**
     * Distinct agencies named in the body's addressee line ({@link AddresseeLine}), then in its copied list (抄送),
     * first named first; empty when
     * the model has no addressee block or the line names no agency of the table.
     */
    public List<Agencies.Agency> addressees() {
        return addressees;
    }

    /**
     * Agencies the body names that are not its issuer (addressees, drafters, cited or listed departments, the copied
     * list), in order of appearance; empty when the model has no mentioned-agency block.
     */
    public List<Agencies.Agency> mentions() {
        return mentions;
    }

    /** The n-gram behind the i-th feature, as it first occurred; {@code 发布机构:NAME} for an agency feature,
     * {@code 受文机关:NAME} for an addressee, {@code 提及机构:NAME} for a mentioned agency, {@code 主题词:KEYWORD} for a
     * keyword. */
    String term(int i) {
        int packed = origin[i];
        int source = source(packed);
        int end = packed & 0x07FFFFFF;
        if (source == SOURCE_AGENCY) {
            return "发布机构:" + agencies.get(end).name();
        }
        if (source == SOURCE_ADDRESSEE) {
            return "受文机关:" + addressees.get(end).name();
        }
        if (source == SOURCE_MENTION) {
            return "提及机构:" + mentions.get(end).name();
        }
        if (source == SOURCE_KEYWORD || source == SOURCE_KEYWORD_TEXT) {
            return "主题词:" + keywords.get(end).name();
        }
        int length = (packed >>> 27 & 1) == 1 ? 3 : 2;
        String text = source == SOURCE_TITLE || source == SOURCE_TITLE_TEXT
                ? title
                : source == SOURCE_BODY ? body : attachments;
        return text.substring(end - length + 1, end + 1);
    }

    static int source(int packed) {
        return packed >>> 28;
    }

    static int pack(int source, boolean trigram, int end) {
        return source << 28 | (trigram ? 1 << 27 : 0) | end;
    }
}
