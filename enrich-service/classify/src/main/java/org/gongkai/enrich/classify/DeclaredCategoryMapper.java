package org.gongkai.enrich.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps a page's declared subject category (主题分类) to the national taxonomy: national names ({@code 一级},
 * {@code 一级\二级}), a second-level name alone when only one first level has it, and local names through a
 * synonym table (the shipped {@code classify/subject-synonyms.tsv}, extended or overridden by operators' files).
 * A value that lists several categories maps to the first listed one that maps ({@link DeclaredSubject.Match#LISTED}).
 * Unknown values are kept raw and flagged, never forced onto a node. Values are expected in Simplified script (the
 * normaliser folds Traditional ones first); widths, spaces and the list separator style are ignored. Immutable and
 * thread-safe.
 */
public final class DeclaredCategoryMapper {

    /** Classpath location of the shipped synonym table. */
    public static final String SYNONYMS_RESOURCE = "/classify/subject-synonyms.tsv";

    /** Level separators seen on real sites (after width folding). */
    private static final String LEVEL_SEPARATORS = "\\/>→》|";

    /** Between whole categories of a value that lists several (tried only when the whole value does not map). */
    private static final Pattern CATEGORY_LIST_SEPARATOR = Pattern.compile("[,，;；]");

    private final Taxonomy taxonomy;
    private final Map<String, SubjectNode> exact = new HashMap<>();
    private final Map<String, SubjectNode> synonyms = new HashMap<>();
    /** Second-level key → node, or null value when several first levels share the name (ambiguous). */
    private final Map<String, SubjectNode> secondLevelNames = new HashMap<>();

    private DeclaredCategoryMapper(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
        for (String first : taxonomy.firstLevels()) {
            SubjectNode firstNode = SubjectNode.of(first);
            exact.put(key(first), firstNode);
            for (String second : taxonomy.children(first)) {
                SubjectNode node = new SubjectNode(first, second);
                exact.put(key(first) + '\\' + key(second), node);
                String name = key(second);
                secondLevelNames.put(name, secondLevelNames.containsKey(name) ? null : node);
            }
        }
    }

    /** The national taxonomy with the shipped synonym table. */
    public static DeclaredCategoryMapper standard() {
        return create(Taxonomy.national(), List.of());
    }

    /**
     * A mapper with the shipped synonyms, then each extra table in order (later entries override earlier ones).
     *
     * @throws IllegalArgumentException when a table maps to a node that is not in the taxonomy or is malformed
     * @throws UncheckedIOException     when a table cannot be read
     */
    public static DeclaredCategoryMapper create(Taxonomy taxonomy, List<Path> extraSynonymTables) {
        DeclaredCategoryMapper mapper = new DeclaredCategoryMapper(taxonomy);
        try (InputStream in = DeclaredCategoryMapper.class.getResourceAsStream(SYNONYMS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SYNONYMS_RESOURCE);
            }
            mapper.addSynonyms(new InputStreamReader(in, StandardCharsets.UTF_8), SYNONYMS_RESOURCE);
            for (Path table : extraSynonymTables) {
                try (Reader reader = Files.newBufferedReader(table, StandardCharsets.UTF_8)) {
                    mapper.addSynonyms(reader, table.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mapper;
    }

    private void addSynonyms(Reader reader, String source) throws IOException {
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException(source + ":" + number + ": expected variant<TAB>target");
            }
            SubjectNode target = exact.get(levelKey(parts[1]));
            if (target == null) {
                throw new IllegalArgumentException(
                        source + ":" + number + ": target '" + parts[1].strip() + "' is not in the taxonomy");
            }
            synonyms.put(levelKey(parts[0]), target);
        }
    }

    /**
     * Maps a declared value; {@code null} or blank gives {@link DeclaredSubject#ABSENT}. A value that does not map as a
     * whole but lists several categories between commas or semicolons (Jiangxi's {@code 工业、交通,商贸、海关}: the
     * 、 inside a name, the comma between names) maps to the first listed one that maps, as
     * {@link DeclaredSubject.Match#LISTED} with that one's node; the raw value is kept whole.
     */
    public DeclaredSubject map(String declared) {
        if (declared == null || declared.isBlank()) {
            return DeclaredSubject.ABSENT;
        }
        DeclaredSubject whole = mapOne(declared);
        if (whole.mapped()) {
            return whole;
        }
        for (String part : CATEGORY_LIST_SEPARATOR.split(declared)) {
            if (!part.isBlank() && !part.equals(declared)) {
                DeclaredSubject listed = mapOne(part);
                if (listed.mapped()) {
                    return new DeclaredSubject(declared, DeclaredSubject.Match.LISTED, listed.node());
                }
            }
        }
        return whole;
    }

    private DeclaredSubject mapOne(String declared) {
        String whole = levelKey(declared);
        SubjectNode node = exact.get(whole);
        if (node != null) {
            return new DeclaredSubject(declared, DeclaredSubject.Match.EXACT, node);
        }
        node = synonyms.get(whole);
        if (node != null) {
            return new DeclaredSubject(declared, DeclaredSubject.Match.SYNONYM, node);
        }
        int split = whole.indexOf('\\');
        if (split >= 0) {
            String firstKey = whole.substring(0, split);
            String secondKey = whole.substring(split + 1);
            SubjectNode first = resolveFirst(firstKey);
            if (first != null) {
                SubjectNode child = resolveChild(first.first(), secondKey);
                if (child != null) {
                    return new DeclaredSubject(declared, DeclaredSubject.Match.SYNONYM, child);
                }
                if (first.second() == null) {
                    return new DeclaredSubject(declared, DeclaredSubject.Match.FIRST_LEVEL_ONLY, first);
                }
                // the synonym already names a second level: keep it
                return new DeclaredSubject(declared, DeclaredSubject.Match.SYNONYM, first);
            }
            // unknown first level: the second level alone may still identify the node
            whole = secondKey;
        }
        node = secondLevelNames.get(whole);
        if (node != null) {
            return new DeclaredSubject(declared, DeclaredSubject.Match.SECOND_LEVEL_NAME, node);
        }
        node = synonyms.get(whole);
        if (node != null && split >= 0) {
            return new DeclaredSubject(declared, DeclaredSubject.Match.SYNONYM, node);
        }
        return new DeclaredSubject(declared, DeclaredSubject.Match.UNMAPPED, null);
    }

    private SubjectNode resolveFirst(String firstKey) {
        SubjectNode node = exact.get(firstKey);
        return node != null ? node : synonyms.get(firstKey);
    }

    private SubjectNode resolveChild(String first, String secondKey) {
        SubjectNode node = exact.get(key(first) + '\\' + secondKey);
        if (node != null) {
            return node;
        }
        SubjectNode named = secondLevelNames.get(secondKey);
        if (named != null && named.first().equals(first)) {
            return named;
        }
        SubjectNode synonym = synonyms.get(secondKey);
        return synonym != null && synonym.first().equals(first) && synonym.second() != null ? synonym : null;
    }

    /** The taxonomy this mapper maps to. */
    public Taxonomy taxonomy() {
        return taxonomy;
    }

    /** Widths folded, spaces removed, list separators unified to 、, level separators to a backslash. */
    static String levelKey(String value) {
        String folded = key(value);
        StringBuilder out = new StringBuilder(folded.length());
        boolean split = false;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (LEVEL_SEPARATORS.indexOf(c) >= 0) {
                if (!split && out.length() > 0) {
                    out.append('\\');
                    split = true;
                }
            } else {
                out.append(c);
            }
        }
        int end = out.length();
        return end > 0 && out.charAt(end - 1) == '\\' ? out.substring(0, end - 1) : out.toString();
    }

    private static String key(String value) {
        String folded = Normalizer.normalize(value, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            out.append(
                    switch (c) {
                        case ',', ';', '，', '；', '､' -> '、';
                        default -> c;
                    });
        }
        return out.toString().replace("其它", "其他");
    }
}
