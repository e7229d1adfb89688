package org.gongkai.enrich.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.RawNotice;

/**
 * The labelled examples the crawl has produced so far, as the continuous trainer sees them: every enriched notice
 * whose page <em>declared</em> a category that mapped to the national taxonomy (never the classifier's own
 * prediction; not a value that lists several categories, match {@code listed}, an ambiguous label; not a declared
 * first level 其他 alone, a portal's catch-all: {@link RealNotices#catchAll}), latest version per notice, a
 * tombstone removing it; mirrors (same title and opening of the body on several sites, {@link MirrorKey}) count
 * once. Each example sits on a fixed side of the split, decided by a hash of
 * its mirror key: the evaluation slice ({@code evalPercent} of keys) is never trained on, by any model the trainer
 * builds, and a notice and its mirrors are always on the same side. Not thread-safe (one consumer thread).
 */
public final class CrawlExamples {

    /** {@link DeclaredSubject.Match#LISTED} as the event writes it ({@code SubjectClassification}: lower-case name). */
    private static final String LISTED = DeclaredSubject.Match.LISTED.name().toLowerCase(java.util.Locale.ROOT);

    /** One example and where it came from. */
    record Example(String noticeId, long version, String mirrorKey, LabelledNotice notice) {}

    private final int evalPercent;
    private final Map<String, Example> byNotice = new HashMap<>();
    /** Mirror key → notice ids carrying it; the first (oldest) one is the example. */
    private final Map<String, List<String>> byMirror = new LinkedHashMap<>();

    private long changes;

    /** @param evalPercent share of mirror keys (0–50 %) set aside for evaluation */
    public CrawlExamples(int evalPercent) {
        if (evalPercent < 1 || evalPercent > 50) {
            throw new IllegalArgumentException("evalPercent in [1, 50]");
        }
        this.evalPercent = evalPercent;
    }

    /**
     * Takes one record of {@code notices.enriched}: a notice with a trainable declared category becomes (or replaces)
     * an example, any other notice or a tombstone ({@code notice == null}) removes the notice's example.
     *
     * @return whether the examples changed
     */
    public boolean accept(String noticeId, EnrichedNotice notice) {
        Example previous = byNotice.get(noticeId);
        if (notice != null && previous != null && notice.version() < previous.version()) {
            return false; // an older replay
        }
        Example next = notice == null ? null : example(noticeId, notice);
        if (previous == null && next == null) {
            return false;
        }
        if (previous != null) {
            List<String> ids = byMirror.get(previous.mirrorKey());
            ids.remove(noticeId);
            if (ids.isEmpty()) {
                byMirror.remove(previous.mirrorKey());
            }
            byNotice.remove(noticeId);
        }
        if (next != null) {
            byNotice.put(noticeId, next);
            byMirror.computeIfAbsent(next.mirrorKey(), k -> new ArrayList<>()).add(noticeId);
        }
        changes++;
        return true;
    }

    private static Example example(String noticeId, EnrichedNotice notice) {
        EnrichedNotice.Subject subject = notice.subject();
        if (subject == null || subject.declared() == null || subject.declared().first() == null) {
            return null; // no declaration, or one that did not map: the prediction is never a label
        }
        if (LISTED.equals(subject.declared().match())) {
            return null; // several categories listed: an ambiguous label (DeclaredSubject.trainable())
        }
        SubjectNode node = RealNotices.learnable(
                new SubjectNode(subject.declared().first(), subject.declared().second()));
        if (RealNotices.catchAll(node)) {
            return null; // a declared 其他 alone is a portal's catch-all, not a subject (as in offline training)
        }
        StringBuilder attachments = new StringBuilder();
        if (notice.attachments() != null) {
            for (RawNotice.Attachment a : notice.attachments()) {
                if (a.text() != null) {
                    attachments.append(a.text()).append('\n');
                }
            }
        }
        String publisher = notice.metadata() == null ? null : notice.metadata().publisher();
        String title = notice.title() == null ? "" : notice.title();
        String body = notice.body() == null ? "" : notice.body();
        return new Example(
                noticeId,
                notice.version(),
                MirrorKey.of(title, body),
                new LabelledNotice(title, body, attachments.toString(), publisher, node));
    }

    /** Number of distinct examples (mirrors once). */
    public int size() {
        return byMirror.size();
    }

    /** Changes accepted so far (a counter for "enough new examples to retrain"). */
    public long changes() {
        return changes;
    }

    /** Training side, in order of first appearance. */
    public List<LabelledNotice> training() {
        return side(false, evalPercent);
    }

    /** Evaluation side, in order of first appearance: never trained on. */
    public List<LabelledNotice> evaluation() {
        return evaluation(evalPercent);
    }

    /**
     * The part of the evaluation side that is also on the evaluation side of a split with {@code percent} (at most
     * {@link #evalPercent()}): a key is on the evaluation side of every percentage above its hash bucket, so a model
     * trained with a smaller percentage trained on the rest of today's evaluation side, never on this part.
     */
    public List<LabelledNotice> evaluation(int percent) {
        return side(true, Math.min(percent, evalPercent));
    }

    /** An evaluation side less the notices left out, and how many those were. */
    record Slice(List<LabelledNotice> notices, int leftOut) {}

    /**
     * {@link #evaluation(int)} less the notices whose mirror key {@code leftOut} accepts (tested on the key held here,
     * not computed again from the text).
     */
    Slice evaluation(int percent, java.util.function.Predicate<String> leftOut) {
        int bound = Math.min(percent, evalPercent);
        List<LabelledNotice> kept = new ArrayList<>();
        int out = 0;
        for (Map.Entry<String, List<String>> e : byMirror.entrySet()) {
            if (bucket(e.getKey()) >= bound) {
                continue;
            }
            if (leftOut.test(e.getKey())) {
                out++;
            } else {
                kept.add(byNotice.get(e.getValue().get(0)).notice());
            }
        }
        return new Slice(kept, out);
    }

    /** The share of mirror keys (%) on the evaluation side. */
    public int evalPercent() {
        return evalPercent;
    }

    /** Whether a mirror key is on the evaluation side. */
    boolean isEvaluation(String mirrorKey) {
        return bucket(mirrorKey) < evalPercent;
    }

    private static int bucket(String mirrorKey) {
        return (int) Math.floorMod(Long.parseUnsignedLong(mirrorKey.substring(0, 8), 16), 100);
    }

    private List<LabelledNotice> side(boolean evaluation, int percent) {
        List<LabelledNotice> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byMirror.entrySet()) {
            if ((bucket(e.getKey()) < percent) == evaluation) {
                out.add(byNotice.get(e.getValue().get(0)).notice());
            }
        }
        return out;
    }
}
