package org.gongkai.enrich.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * The agency blocks of {@link TextFeatures}: the issuer block (the agencies named in the publisher field, the title
 * and the body's first and last {@value TextFeatures#AGENCY_WINDOW} characters) and, when its weight is on, the
 * addressee block ({@link AddresseeLine}, fifth pass) or the mentioned-agency block ({@link AgencyRoles}, session
 * 10), which then take their agencies out of the issuer's search. Stateless and thread-safe: features go to the
 * caller's per-thread {@link FeatureTable}.
 */
final class AgencyFeatures {

    private static final int AGENCY_SEED = 0x68e31da4;
    private static final int ADDRESSEE_SEED = 0x2545f491;
    private static final int REPLY_ADDRESSEE_SEED = 0x61c88647;
    private static final int MENTION_SEED = 0x4f1bbcdd;
    /** Opens the list of agencies a notice is copied to, at its end. */
    private static final String COPIED = "抄送";

    /** The agencies behind each block's features, in the order they count (the explanation reads them). */
    record Found(List<Agencies.Agency> issuers, List<Agencies.Agency> addressees, List<Agencies.Agency> mentions) {
        static final Found NONE = new Found(List.of(), List.of(), List.of());
    }

    private AgencyFeatures() {}

    /**
     * Adds the agency blocks' features of a notice to {@code s}: mentions or addressees first (when on), then the
     * issuers, the k-th counting 1/k.
     *
     * @param titleEnd the title characters read
     * @param mask     the feature space's bucket mask
     */
    static Found add(
            FeatureTable s,
            String t,
            int titleEnd,
            String b,
            String publisher,
            Agencies agencies,
            TextFeatures.Weights weights,
            int mask) {
        List<Agencies.Agency> found = new ArrayList<>(4);
        List<Agencies.Agency> addressees = List.of();
        List<Agencies.Agency> mentions = List.of();
        if (publisher != null) {
            agencies.find(publisher, 0, publisher.length(), found);
        }
        agencies.find(t, 0, titleEnd, found);
        int head = Math.min(b.length(), TextFeatures.AGENCY_WINDOW);
        int tail = Math.max(head, b.length() - TextFeatures.AGENCY_WINDOW);
        if (weights.mention() > 0) {
            // the issuer's block holds the issuer only; the agencies the text names otherwise are mentions
            mentions = new ArrayList<>(4);
            AgencyRoles.find(b, agencies, found, mentions);
            addBlock(s, mask, mentions, MENTION_SEED, FeatureVector.SOURCE_MENTION);
        } else if (weights.addressee() <= 0) {
            agencies.find(b, 0, head, found);
            agencies.find(b, tail, b.length(), found);
        } else {
            // addressees (the line before the first colon) and the copied (抄送, at the end) are the addressee
            // block's: the issuer's search skips them, and reads the opening after the line (省卫生厅制定的…)
            long line = AddresseeLine.find(b);
            int lineStart = line < 0 ? head : (int) (line >>> 32);
            int lineEnd = line < 0 ? head : (int) line;
            int afterLine =
                    line < 0 ? head : Math.min(b.length(), Math.max(head, lineEnd + TextFeatures.AGENCY_WINDOW / 2));
            // the copied list stands in the last characters, which overlap the opening in a short body
            int copied = b.indexOf(COPIED, Math.max(line < 0 ? 0 : lineEnd, b.length() - TextFeatures.AGENCY_WINDOW));
            copied = copied < 0 ? b.length() : copied;
            agencies.find(b, 0, Math.min(lineStart, copied), found);
            agencies.find(b, lineEnd, Math.min(afterLine, copied), found);
            agencies.find(b, Math.max(tail, afterLine), copied, found);
            addressees = addressees(b, lineStart, lineEnd, copied, agencies);
            addAddressees(s, mask, addressees, AddresseeLine.reply(t));
        }
        // the first-named issuer leads a joint notice
        addBlock(s, mask, found, AGENCY_SEED, FeatureVector.SOURCE_AGENCY);
        return new Found(found, addressees, mentions);
    }

    /**
     * One block's features (issuers, or mentions under keys of their own): the k-th agency counts 1/k.
     *
     * @param seed   the block's hash seed, so equal agency keys of two blocks are distinct features
     * @param source the block's {@link FeatureVector} source, read by the explanation
     */
    private static void addBlock(FeatureTable s, int mask, List<Agencies.Agency> agencies, int seed, int source) {
        for (int i = 0; i < agencies.size(); i++) {
            for (String key : agencies.get(i).keys()) {
                s.add(Ngrams.mix(key.hashCode() ^ seed) & mask, FeatureVector.pack(source, false, i), 1f / (i + 1));
            }
        }
    }

    /** Addressee features: the k-th counts 1/k, once more under the reply key when the notice is a reply. */
    private static void addAddressees(FeatureTable s, int mask, List<Agencies.Agency> addressees, boolean reply) {
        for (int i = 0; i < addressees.size(); i++) {
            for (String key : addressees.get(i).keys()) {
                int origin = FeatureVector.pack(FeatureVector.SOURCE_ADDRESSEE, false, i);
                s.add(Ngrams.mix(key.hashCode() ^ ADDRESSEE_SEED) & mask, origin, 1f / (i + 1));
                if (reply) {
                    s.add(Ngrams.mix(key.hashCode() ^ REPLY_ADDRESSEE_SEED) & mask, origin, 1f / (i + 1));
                }
            }
        }
    }

    /**
     * The distinct agencies of the addressee line {@code [from, to)}, then of the copied list from {@code copied} to
     * the end, first named first (a list names 民政厅（局）… 民政局 often).
     */
    private static List<Agencies.Agency> addressees(String body, int from, int to, int copied, Agencies agencies) {
        List<Agencies.Agency> named = new ArrayList<>(4);
        agencies.find(body, from, to, named);
        agencies.find(body, copied, body.length(), named);
        List<Agencies.Agency> distinct = new ArrayList<>(named.size());
        for (Agencies.Agency agency : named) {
            if (!distinct.contains(agency)) {
                distinct.add(agency);
            }
        }
        return distinct;
    }
}
