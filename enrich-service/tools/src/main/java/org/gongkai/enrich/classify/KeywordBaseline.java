package org.gongkai.enrich.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyword baseline the model is measured against: a hand-written lexicon per first-level category
 * ({@code classify/keyword-baseline.tsv}); a notice goes to the category with the most keyword occurrences, title
 * occurrences counting three times, ties to the earlier category; no occurrence at all means unclassified.
 * Immutable and thread-safe.
 */
public final class KeywordBaseline {

    /** Classpath location of the lexicon. */
    public static final String RESOURCE = "/classify/keyword-baseline.tsv";

    private final List<String> categories;
    private final List<String[]> keywords;

    private KeywordBaseline(List<String> categories, List<String[]> keywords) {
        this.categories = List.copyOf(categories);
        this.keywords = List.copyOf(keywords);
    }

    /** The shipped lexicon; every category must be a first-level category of the taxonomy. */
    public static KeywordBaseline standard(Taxonomy taxonomy) {
        List<String> categories = new ArrayList<>();
        List<String[]> keywords = new ArrayList<>();
        try (InputStream in = KeywordBaseline.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                if (parts.length != 2 || taxonomy.indexOf(parts[0]) < 0) {
                    throw new IllegalArgumentException("bad lexicon line: " + line);
                }
                categories.add(parts[0]);
                keywords.add(parts[1].split("\\|"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KeywordBaseline(categories, keywords);
    }

    /** The predicted first-level category, {@code null} when no keyword occurs. */
    public String predict(String title, String body, String attachments) {
        int best = -1;
        int bestHits = 0;
        for (int c = 0; c < categories.size(); c++) {
            int hits = 0;
            for (String keyword : keywords.get(c)) {
                hits += 3 * count(title, keyword) + count(body, keyword) + count(attachments, keyword);
            }
            if (hits > bestHits) {
                best = c;
                bestHits = hits;
            }
        }
        return best < 0 ? null : categories.get(best);
    }

    private static int count(String text, String keyword) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (int at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + keyword.length())) {
            n++;
        }
        return n;
    }
}
