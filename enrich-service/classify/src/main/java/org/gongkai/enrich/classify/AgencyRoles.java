package org.gongkai.enrich.classify;

import java.util.List;

/**
 * Who an agency named in a notice's body is (session 10): the <b>issuer</b> or an agency the text only
 * <b>mentions</b>. The issuer of a 公文 stands in its title (repeated at the body's start, with the document number),
 * before the addressee line, and in the signature after the last sentence; the agencies in the addressee line (主送),
 * in the sentences (a drafter, {@code 省财政厅制定的…}; a cited or listed department; the members of a group) and in
 * the copied list (抄送) are not its issuer, though they may say something of its subject. Reading them as issuers
 * was the largest feature error left by session 9 (a 办公厅 notice's first named department taken for its issuer;
 * {@code tools/error-analysis-session9.tsv}, cause AM). Stateless, thread-safe; bounded: it reads the same windows
 * as the issuer search before it ({@value TextFeatures#AGENCY_WINDOW} characters at each end) plus the addressee
 * line's colon search.
 */
final class AgencyRoles {

    /** Opens the list of agencies a notice is copied to, at its end. */
    private static final String COPIED = "抄送";

    private AgencyRoles() {}

    /**
     * Splits the agencies of the body's opening and end between {@code issuers} and {@code mentions}, each in order
     * of appearance. Without an addressee line the opening counts as the issuer's (as before session 10: a 公告 or
     * 令 names its issuer in its first sentence); without a sentence end in the last characters, so does the end
     * (never the addressee line).
     */
    static void find(String body, Agencies agencies, List<Agencies.Agency> issuers, List<Agencies.Agency> mentions) {
        int n = body.length();
        int head = Math.min(n, TextFeatures.AGENCY_WINDOW);
        int tail = Math.max(head, n - TextFeatures.AGENCY_WINDOW);
        long line = AddresseeLine.find(body);
        int lineStart = line < 0 ? head : Math.min(head, (int) (line >>> 32));
        int lineEnd = line < 0 ? lineStart : (int) line;
        int last = Math.max(lineEnd, n - TextFeatures.AGENCY_WINDOW);
        // the end: the sentences, then the signature (after the last 。), then the copied list
        int copied = body.indexOf(COPIED, last);
        copied = copied < 0 ? n : copied;
        int signature = body.lastIndexOf('。', copied - 1) + 1;
        signature = Math.max(lineStart, signature < last ? last : signature);
        copied = Math.max(copied, signature);
        // the two windows, [0, head) and [tail, n), each cut at the same boundaries
        int[] bounds = {lineStart, signature, copied, n};
        for (int[] window : new int[][] {{0, head}, {tail, n}}) {
            int from = window[0];
            for (int k = 0; k < bounds.length && from < window[1]; k++) {
                int to = Math.min(window[1], bounds[k]);
                if (to > from) {
                    agencies.find(body, from, to, k % 2 == 0 ? issuers : mentions);
                    from = to;
                }
            }
        }
    }
}
