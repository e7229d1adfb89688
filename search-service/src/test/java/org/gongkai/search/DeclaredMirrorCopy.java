package org.gongkai.search;

import java.util.ArrayList;
import java.util.List;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.NoticeIds;

/**
 * A synthetic copy of a real notice on a site its operator declared a mirror ({@value
 * RealNoticeFixtures#DECLARED_MIRROR_SITE}, {@code sites[n].mirror: true}), as the enricher sends it: the page is
 * byte for byte the original's (same text, metadata, flags, publication date), so nothing but the {@code
 * declared_mirror} flag tells the two apart; the original's identity; and a notice id that sorts before the
 * original's, so that without the flag the copy would win the tie and represent the notice.
 */
final class DeclaredMirrorCopy {

    private DeclaredMirrorCopy() {}

    static EnrichedNotice of(EnrichedNotice original) {
        String url = urlSortingBefore(original.noticeId());
        List<String> flags = new ArrayList<>(original.flags());
        flags.add("declared_mirror");
        return new EnrichedNotice(
                original.schemaVersion(),
                NoticeIds.fromUrl(url),
                url,
                RealNoticeFixtures.DECLARED_MIRROR_SITE,
                original.fetchedAt(),
                original.version(),
                original.title(),
                original.body(),
                original.metadata(),
                original.labels(),
                original.attachments(),
                flags,
                original.enricherVersion(),
                original.enrichedAt(),
                new EnrichedNotice.Details(
                        null,
                        false,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        new EnrichedNotice.Identity(original.noticeId(), "index_number")),
                original.subject());
    }

    /** The first of the copy site's candidate addresses whose notice id sorts before {@code noticeId}. */
    private static String urlSortingBefore(String noticeId) {
        for (int n = 1; ; n++) {
            String url = "http://copies.example.gov.cn/jiangxi/" + n + ".html";
            if (NoticeIds.fromUrl(url).compareTo(noticeId) < 0) {
                return url;
            }
        }
    }
}
