package org.gongkai.enrich.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real notices with the category their portal declared, in the shipped data set's form
 * ({@code classify/real-notices/notices.jsonl}: {@code source_repo}, {@code title}, {@code body},
 * {@code subject_raw}, optional {@code publisher}, {@code published}), and the splits the evaluation uses: by source
 * and by time, never at random, with mirrors ({@link MirrorKey}) counted once. A declared {@code 一级\其他} is
 * learnt as its first level ({@code 其他} second levels have no content of their own). Not thread-safe.
 */
public final class RealNotices {

    /** Classpath location of the shipped set (provenance in the README next to it). */
    public static final String RESOURCE = "/classify/real-notices/notices.jsonl";

    /**
     * One real notice.
     *
     * @param source    where it comes from (the repository it was collected from)
     * @param published publication date, {@code null} when unknown
     * @param mirrorKey the key its mirrors share
     * @param notice    text and mapped label
     */
    public record RealNotice(String source, LocalDate published, String mirrorKey, LabelledNotice notice) {}

    private RealNotices() {}

    /**
     * The shipped set, mapped through {@code mapper}; declarations that do not map or list several categories
     * ({@link DeclaredSubject#trainable()}) are counted in {@code skipped[0]}.
     */
    public static List<RealNotice> shipped(DeclaredCategoryMapper mapper, int[] skipped) {
        try (InputStream in = RealNotices.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), mapper, skipped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads notices; the first of several mirrors is kept, the others are counted in {@code skipped[0]}. */
    public static List<RealNotice> read(Reader jsonl, DeclaredCategoryMapper mapper, int[] skipped) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        BufferedReader lines = new BufferedReader(jsonl);
        List<RealNotice> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            DeclaredSubject declared = mapper.map(node.path("subject_raw").asString(null));
            String title = node.path("title").asString("");
            String body = node.path("body").asString("");
            String key = MirrorKey.of(title, body);
            if (!declared.trainable() || !seen.add(key)) {
                skipped[0]++;
                continue;
            }
            out.add(new RealNotice(
                    node.path("source_repo").asString("unknown"),
                    date(node.path("published").asString(null)),
                    key,
                    new LabelledNotice(
                            title, body, "", node.path("publisher").asString(null), learnable(declared.node()))));
        }
        return out;
    }

    /** The node a declared category teaches: {@code 一级\其他} teaches its first level. */
    static SubjectNode learnable(SubjectNode node) {
        return "其他".equals(node.second()) ? node.firstLevel() : node;
    }

    private static LocalDate date(String value) {
        if (value == null || value.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(value.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Notices grouped by source, in order of first appearance. */
    public static Map<String, List<RealNotice>> bySource(List<RealNotice> notices) {
        Map<String, List<RealNotice>> out = new LinkedHashMap<>();
        for (RealNotice n : notices) {
            out.computeIfAbsent(n.source(), s -> new ArrayList<>()).add(n);
        }
        return out;
    }

    /**
     * Time split of one source: oldest first (unknown dates first, then by mirror key for a stable order); the
     * newest {@code testShare} are the test set, the {@code calibrationShare} before them calibration, the rest
     * training. Returns [train, calibration, test].
     */
    public static List<List<RealNotice>> byTime(List<RealNotice> source, double calibrationShare, double testShare) {
        List<RealNotice> sorted = new ArrayList<>(source);
        sorted.sort(Comparator.comparing(RealNotice::published, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(RealNotice::mirrorKey));
        int n = sorted.size();
        int test = (int) Math.round(n * testShare);
        int cal = (int) Math.round(n * calibrationShare);
        return List.of(
                List.copyOf(sorted.subList(0, n - test - cal)),
                List.copyOf(sorted.subList(n - test - cal, n - test)),
                List.copyOf(sorted.subList(n - test, n)));
    }

    /**
     * The notices whose declared category names a subject: without those declared as the first level {@code 其他}
     * alone, a portal's catch-all (Hebei files a third of its notices there, toll-road 复函 and nature reserves among
     * them) that no text can be recognised by.
     */
    public static List<RealNotice> subjectBearing(List<RealNotice> notices) {
        return notices.stream().filter(n -> !catchAll(n.notice().label())).toList();
    }

    /** Whether a declared node is the first level {@code 其他}: a catch-all, never learnt as a subject. */
    public static boolean catchAll(SubjectNode node) {
        return "其他".equals(node.first());
    }

    /** The labelled notices of a list. */
    public static List<LabelledNotice> notices(List<RealNotice> notices) {
        return notices.stream().map(RealNotice::notice).toList();
    }
}
