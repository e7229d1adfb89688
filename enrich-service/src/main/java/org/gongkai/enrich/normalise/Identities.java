package org.gongkai.enrich.normalise;

import java.nio.charset.StandardCharsets;
import org.gongkai.events.EnrichedNotice.Identity;
import org.gongkai.events.NoticeIds;

/**
 * Identity of a notice across hosts. A mirror copy and its original differ in URL, script and glosses, but share
 * the index number and publisher (preferred), or the document-number key and publisher; both are compared in
 * normalised form (Simplified, widths folded), so the copy gets the original's key. Thread-safe.
 */
public final class Identities {

    public static final String INDEX_NUMBER = "index_number";
    public static final String DOCUMENT_NUMBER = "document_number";
    public static final String NOTICE = "notice";

    private Identities() {}

    /**
     * @param noticeId            the notice's own id, the key when no basis applies
     * @param indexNumber         cleaned index number or null
     * @param publisherNormalised normalised publisher or null
     * @param documentNumberKey   document-number key or null
     */
    public static Identity of(
            String noticeId, String indexNumber, String publisherNormalised, String documentNumberKey) {
        if (publisherNormalised != null && !publisherNormalised.isEmpty()) {
            if (indexNumber != null && !Values.isAbsent(indexNumber)) {
                return new Identity(
                        hash(INDEX_NUMBER, IndexNumbers.identityKey(indexNumber), publisherNormalised), INDEX_NUMBER);
            }
            if (documentNumberKey != null) {
                return new Identity(hash(DOCUMENT_NUMBER, documentNumberKey, publisherNormalised), DOCUMENT_NUMBER);
            }
        }
        return new Identity(noticeId, NOTICE);
    }

    private static String hash(String basis, String value, String publisher) {
        return NoticeIds.sha256Hex((basis + "\n" + value + "\n" + publisher).getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
    }
}
