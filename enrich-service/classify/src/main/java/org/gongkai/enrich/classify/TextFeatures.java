package org.gongkai.enrich.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a notice into hashed features in four blocks (five with the addressee block), each L2-normalised on its own
 * (with a floor on the norm, so that little text weighs less) and then weighted, so that the title's weight does not
 * shrink as the body grows:
 * <ul>
 *   <li><b>title</b>: character bigrams and trigrams of the title, plus those of its subject core once more (the
 *       words between {@code 关于} and the genre at its end: {@code 关于做好X工作的通知} → {@code 做好X工作});
 *   <li><b>agency</b>: one feature per subject domain of each issuing agency ({@link Agencies}) named in the
 *       publisher field, the title, or the first and last {@value #AGENCY_WINDOW} characters of the body (where
 *       发文机关 and signature stand);
 *   <li><b>keyword</b>: one feature per taxonomy node of each subject keyword ({@link Agencies#findKeywords}, the
 *       table written from the taxonomy's own names) in the title's subject part: a keyword never seen in
 *       training still points to its category through the node's learnt weight (the keywords of the first
 *       {@value #KEYWORD_BODY_WINDOW} characters of body and attachments are features of their own in the text
 *       block);
 *   <li><b>text</b>: bigrams and trigrams of title, body and attachments (up to {@link #maxChars()} characters of
 *       body and attachments together: the opening of a notice carries its subject, and the cap bounds latency);
 *   <li><b>addressee</b> (only when its weight is above 0; models before format 4 have none): one feature per
 *       subject domain of each agency named in the body's addressee line ({@link AddresseeLine}) or in the list
 *       of those it is copied to (抄送, in the last {@value #AGENCY_WINDOW} characters), the k-th distinct one
 *       counting 1/k, and once more under a key of its own when the title names a reply (批复, 复函,
 *       函), whose addressees asked for it. A generic list (every provincial government) names no agency of the
 *       table, so carries no domain. With this block on, the addressee line and the copied list are left out of
 *       the agency block's search: the agency block is the issuer's.
 * </ul>
 * N-grams: {@link Ngrams}; the agency, addressee and mentioned-agency blocks: {@link AgencyFeatures}; values are
 * {@code 1 + ln(tf)} before normalisation ({@link FeatureTable}). Thread-safe: per-thread scratch space.
 */
public final class TextFeatures {

    /** Body characters at each end searched for agency names. */
    static final int AGENCY_WINDOW = 160;

    private static final int TITLE_SEED = 0x5bd1e995;
    private static final int TEXT_SEED = 0x1b873593;
    private static final int KEYWORD_SEED = 0x3c6ef372;
    private static final int KEYWORD_BODY_SEED = 0x7f4a7c15;
    /** Characters of body and of attachments searched for subject keywords. */
    static final int KEYWORD_BODY_WINDOW = 300;

    private static final int MAX_TITLE_CHARS = 300;
    /**
     * Block weights, and the value of a scope keyword.
     *
     * @param title     weight of the title block
     * @param agency    weight of the agency block
     * @param text      weight of the text block
     * @param keyword   weight of the subject-keyword block (0: no keyword features, as in models before format 3)
     * @param addressee weight of the addressee block (0: no addressee features and the agency block searches the
     *                  whole opening of the body, as in models before format 4)
     * @param mention   weight of the mentioned-agency block (session 10; 0: none, and every agency of the body's
     *                  opening and end counts as an issuer, as in models before format 5): with it, the agency block
     *                  holds the issuer only (publisher, title, the body before its addressee line, the signature
     *                  after its last sentence), the agencies named elsewhere in those windows (addressees,
     *                  drafters, cited or listed departments, 抄送) are this block's ({@link AgencyRoles}); an
     *                  alternative to the addressee block, not combined with it
     * @param scope     the value of a title keyword in a scope position or a compound's genre-like head (session 10;
     *                  1: as any keyword, as in models before format 5; {@link TitleScope})
     */
    public record Weights(
            float title, float agency, float text, float keyword, float addressee, float mention, float scope) {

        /**
         * The defaults of the shipped model: the title counts most; the keyword block, a table-written prior like
         * the agency block, weighs as much as it; no addressee block (issue 15's fifth pass: not shipped).
         */
        public static final Weights DEFAULTS = new Weights(1.0f, 0.8f, 0.8f, 0.8f, 0f);

        public Weights {
            if (!(title >= 0
                    && agency >= 0
                    && text >= 0
                    && keyword >= 0
                    && addressee >= 0
                    && mention >= 0
                    && title + agency + text + keyword + addressee + mention > 0)) {
                throw new IllegalArgumentException("block weights >= 0, not all 0");
            }
            if (addressee > 0 && mention > 0) {
                throw new IllegalArgumentException("the addressee and the mentioned-agency blocks are alternatives");
            }
            if (!(scope > 0 && scope <= 1)) {
                throw new IllegalArgumentException("scope keyword value in (0, 1]");
            }
        }

        /** Without the mentioned-agency block and scope keywords (models of format 3 and 4). */
        public Weights(float title, float agency, float text, float keyword, float addressee) {
            this(title, agency, text, keyword, addressee, 0f, 1f);
        }

        /** Without an addressee block (models of format 3). */
        public Weights(float title, float agency, float text, float keyword) {
            this(title, agency, text, keyword, 0f);
        }

        /** Without keyword and addressee blocks (models of format 2). */
        public Weights(float title, float agency, float text) {
            this(title, agency, text, 0f, 0f);
        }

        /** Whether a model with these weights needs format 5 (a mentioned-agency block or scope keywords). */
        boolean rolesOrScope() {
            return mention > 0 || scope != 1f;
        }
    }

    private final int bits;
    private final int mask;
    private final int maxChars;
    private final Weights weights;
    private final ThreadLocal<FeatureTable> scratch;

    /**
     * @param bits     the feature space has {@code 2^bits} buckets
     * @param maxChars body and attachment characters read per notice
     */
    public TextFeatures(int bits, int maxChars) {
        this(bits, maxChars, Weights.DEFAULTS);
    }

    /**
     * @param bits     the feature space has {@code 2^bits} buckets
     * @param maxChars body and attachment characters read per notice
     * @param weights  block weights
     */
    public TextFeatures(int bits, int maxChars, Weights weights) {
        this(bits, maxChars, weights, true);
    }

    /**
     * @param sizePerNotice size the scratch table for each notice's text ({@code false}: start small and grow, to
     *                      test that features do not depend on the table's size)
     */
    TextFeatures(int bits, int maxChars, Weights weights, boolean sizePerNotice) {
        if (bits < 10 || bits > 26 || maxChars < 100 || maxChars > 1 << 24) {
            throw new IllegalArgumentException("bits in [10, 26], maxChars in [100, 2^24]");
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
        this.maxChars = maxChars;
        this.weights = weights;
        this.scratch = ThreadLocal.withInitial(() -> new FeatureTable(sizePerNotice ? 1024 : 16));
    }

    public int bits() {
        return bits;
    }

    public int dimension() {
        return 1 << bits;
    }

    public int maxChars() {
        return maxChars;
    }

    public Weights weights() {
        return weights;
    }

    /** The features of a notice without agency features; any argument may be {@code null}. */
    public FeatureVector extract(String title, String body, String attachments) {
        return extract(title, body, attachments, null, null);
    }

    /**
     * The features of a notice; any argument may be {@code null} ({@code agencies} null: no agency block).
     *
     * @param publisher the notice's 发布机构 / 发文机关 field, when the page had one
     */
    public FeatureVector extract(String title, String body, String attachments, String publisher, Agencies agencies) {
        String t = title == null ? "" : title;
        String b = body == null ? "" : body;
        String a = attachments == null ? "" : attachments;
        FeatureTable s = scratch.get();
        int titleEnd = Math.min(t.length(), MAX_TITLE_CHARS);
        // at most two n-grams per character read (title twice); agencies and keywords grow the table if need be
        s.reset(
                s.minSlots < 1024
                        ? 0
                        : 2 * (2 * titleEnd + Math.min(b.length(), maxChars) + Math.min(a.length(), maxChars)) + 64);
        // the title block reads the subject part of the title: after 关于 (the issuers before it are the agency
        // block's) and before the genre at its end (的通知, 的意见 …: every category has them)
        int coreStart = t.indexOf("关于");
        coreStart = coreStart < 0 || coreStart >= titleEnd ? 0 : coreStart + 2;
        int coreEnd = t.lastIndexOf('的', titleEnd - 1);
        coreEnd = coreEnd < coreStart || coreEnd < titleEnd - 8 ? titleEnd : coreEnd;
        Ngrams.scan(s, t, coreStart, coreEnd, FeatureVector.SOURCE_TITLE, TITLE_SEED, mask);
        Ngrams.scan(s, t, 0, titleEnd, FeatureVector.SOURCE_TITLE_TEXT, TEXT_SEED, mask);
        int bodyEnd = Math.min(b.length(), maxChars);
        Ngrams.scan(s, b, 0, bodyEnd, FeatureVector.SOURCE_BODY, TEXT_SEED, mask);
        int rest = maxChars - bodyEnd;
        if (rest > 0) {
            Ngrams.scan(s, a, 0, Math.min(a.length(), rest), FeatureVector.SOURCE_ATTACHMENTS, TEXT_SEED, mask);
        }
        List<Agencies.Agency> keywords = List.of();
        if (agencies != null && weights.keyword() > 0) {
            keywords = new ArrayList<>(4);
            agencies.findKeywords(t, coreStart, coreEnd, keywords);
            float[] values = weights.scope() == 1f
                    ? null
                    : TitleScope.values(t, coreStart, coreEnd, keywords, keywords.size(), weights.scope());
            for (int i = 0; i < keywords.size(); i++) {
                for (String key : keywords.get(i).keys()) {
                    s.add(
                            Ngrams.mix(key.hashCode() ^ KEYWORD_SEED) & mask,
                            FeatureVector.pack(FeatureVector.SOURCE_KEYWORD, false, i),
                            values == null ? 1f : values[i]);
                }
            }
            // the opening of body and attachments (where a notice with a bare title, 关于印发有关文件的通知, says
            // what it is about): keyword nodes as features of their own in the text block, so the title's keywords
            // keep their weight; bounded, one table probe per character
            int titleHits = keywords.size();
            agencies.findKeywords(b, 0, Math.min(b.length(), KEYWORD_BODY_WINDOW), keywords);
            agencies.findKeywords(a, 0, Math.min(a.length(), KEYWORD_BODY_WINDOW), keywords);
            for (int i = titleHits; i < keywords.size(); i++) {
                for (String key : keywords.get(i).keys()) {
                    s.add(
                            Ngrams.mix(key.hashCode() ^ KEYWORD_BODY_SEED) & mask,
                            FeatureVector.pack(FeatureVector.SOURCE_KEYWORD_TEXT, false, i));
                }
            }
        }
        AgencyFeatures.Found agencyBlocks = agencies == null
                ? AgencyFeatures.Found.NONE
                : AgencyFeatures.add(s, t, titleEnd, b, publisher, agencies, weights, mask);
        return s.toVector(
                t, b, a, agencyBlocks.issuers(), keywords, agencyBlocks.addressees(), agencyBlocks.mentions(), weights);
    }
}
