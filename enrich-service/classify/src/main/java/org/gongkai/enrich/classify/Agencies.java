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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The issuing-agency table (发布机构 / 发文机关 → subject domains): national ministries, commissions and bureaus and
 * their provincial and local counterparts ({@code classify/agencies.tsv}, extended by operators' files of the same
 * format, later entries overriding earlier ones). {@link #find} reports, leftmost-longest, the agency names inside a
 * text; the classifier turns their domains into features, so a name added here works with an existing model as long
 * as its nodes are in the taxonomy.
 *
 * <p>The same object holds the subject-keyword table (主题词 → nodes, {@code classify/subject-lexicon.tsv}, written
 * from the taxonomy's own category names and domain knowledge), searched by {@link #findKeywords}: the classifier
 * turns the nodes of the keywords in a title into features, so a keyword never seen in training still points to its
 * category. Operators add keywords in their agency files as {@code 主题词:KEYWORD<TAB>node}. Hand-written lookup (a
 * first-character index over a few hundred names) rather than a library: it costs one hash probe per character.
 * Immutable and thread-safe.
 */
public final class Agencies {

    /** Classpath location of the shipped table. */
    public static final String RESOURCE = "/classify/agencies.tsv";

    /** Classpath location of the shipped subject-keyword table. */
    public static final String LEXICON_RESOURCE = "/classify/subject-lexicon.tsv";

    /** Prefix of a subject-keyword line in an operator's table. */
    public static final String KEYWORD_PREFIX = "主题词:";

    /**
     * An agency name and the nodes it covers.
     *
     * @param name    the name as it appears in text
     * @param domains the subject nodes the agency covers
     * @param keys    feature keys: each domain's first level and, for a second-level domain, its path
     */
    public record Agency(String name, List<SubjectNode> domains, List<String> keys) {

        Agency(String name, List<SubjectNode> domains) {
            this(name, domains, keys(domains));
        }

        private static List<String> keys(List<SubjectNode> domains) {
            List<String> keys = new ArrayList<>();
            for (SubjectNode d : domains) {
                if (!keys.contains(d.first())) {
                    keys.add(d.first());
                }
                if (d.second() != null && !keys.contains(d.path())) {
                    keys.add(d.path());
                }
            }
            return List.copyOf(keys);
        }
    }

    private static volatile Agencies standard;

    private final Index names;
    private final Index keywords;

    private Agencies(Map<String, Agency> agencyTable, Map<String, Agency> keywordTable) {
        this.names = new Index(agencyTable);
        this.keywords = new Index(keywordTable);
    }

    /** The shipped table over the national taxonomy (loaded once). */
    public static Agencies standard() {
        Agencies a = standard;
        if (a == null) {
            synchronized (Agencies.class) {
                if (standard == null) {
                    standard = create(Taxonomy.national(), List.of());
                }
                a = standard;
            }
        }
        return a;
    }

    /**
     * The shipped table, then each extra table in order.
     *
     * @throws IllegalArgumentException when a line is malformed or names a node outside the taxonomy (with file and
     *                                  line)
     * @throws UncheckedIOException     when a table cannot be read
     */
    public static Agencies create(Taxonomy taxonomy, List<Path> extraTables) {
        Map<String, Agency> table = new LinkedHashMap<>();
        Map<String, Agency> keywordTable = new LinkedHashMap<>();
        try {
            readResource(RESOURCE, taxonomy, table, keywordTable);
            readResource(LEXICON_RESOURCE, taxonomy, keywordTable, keywordTable);
            for (Path path : extraTables) {
                try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    read(reader, path.toString(), taxonomy, table, keywordTable);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Agencies(table, keywordTable);
    }

    private static void readResource(
            String resource, Taxonomy taxonomy, Map<String, Agency> table, Map<String, Agency> keywordTable)
            throws IOException {
        try (InputStream in = Agencies.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            read(new InputStreamReader(in, StandardCharsets.UTF_8), resource, taxonomy, table, keywordTable);
        }
    }

    private static void read(
            Reader source, String name, Taxonomy taxonomy, Map<String, Agency> table, Map<String, Agency> keywordTable)
            throws IOException {
        BufferedReader lines = new BufferedReader(source);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException(name + ":" + number + ": expected name<TAB>node[|node]");
            }
            List<SubjectNode> domains = new ArrayList<>();
            for (String path : parts[1].split("\\|")) {
                String[] levels = path.strip().split("\\\\", 2);
                SubjectNode node = new SubjectNode(levels[0], levels.length > 1 ? levels[1] : null);
                if (!taxonomy.contains(node)) {
                    throw new IllegalArgumentException(name + ":" + number + ": '" + path + "' is not in the taxonomy");
                }
                domains.add(node);
            }
            String agency = parts[0].strip();
            if (agency.startsWith(KEYWORD_PREFIX) && agency.length() > KEYWORD_PREFIX.length()) {
                String keyword = agency.substring(KEYWORD_PREFIX.length());
                keywordTable.put(keyword, new Agency(keyword, List.copyOf(domains)));
            } else {
                table.put(agency, new Agency(agency, List.copyOf(domains)));
            }
        }
    }

    /** Number of agency names. */
    public int size() {
        return names.size;
    }

    /** Number of subject keywords. */
    public int keywordCount() {
        return keywords.size;
    }

    /**
     * Agencies named in {@code text[from, to)}, leftmost-longest, in order of appearance; a name found twice is
     * reported twice.
     */
    public void find(String text, int from, int to, List<Agency> out) {
        names.find(text, from, to, out);
    }

    /** Agencies named anywhere in {@code text}. */
    public List<Agency> find(String text) {
        List<Agency> out = new ArrayList<>();
        if (text != null) {
            find(text, 0, text.length(), out);
        }
        return out;
    }

    /**
     * Subject keywords in {@code text[from, to)}, leftmost-longest, in order of appearance (as {@link Agency} records:
     * the keyword and its nodes).
     */
    public void findKeywords(String text, int from, int to, List<Agency> out) {
        keywords.find(text, from, to, out);
    }

    /** Subject keywords anywhere in {@code text}. */
    public List<Agency> findKeywords(String text) {
        List<Agency> out = new ArrayList<>();
        if (text != null) {
            findKeywords(text, 0, text.length(), out);
        }
        return out;
    }

    /**
     * Names by first character, longest first: an array indexed by the char (256 KB of references) rather than a
     * map, so the probe per character of body text costs no boxing.
     */
    private static final class Index {
        private final Agency[][] byFirstChar = new Agency[Character.MAX_VALUE + 1][];
        /** Bit per char that starts a name (8 KB, cache-resident): most characters start none. */
        private final long[] firstChars = new long[(Character.MAX_VALUE + 1) >> 6];

        private final int size;

        Index(Map<String, Agency> table) {
            Map<Character, List<Agency>> index = new HashMap<>();
            for (Agency agency : table.values()) {
                index.computeIfAbsent(agency.name().charAt(0), c -> new ArrayList<>())
                        .add(agency);
            }
            index.forEach((c, list) -> {
                list.sort(Comparator.comparingInt((Agency a) -> a.name().length())
                        .reversed()
                        .thenComparing(Agency::name));
                byFirstChar[c] = list.toArray(Agency[]::new);
                firstChars[c >> 6] |= 1L << c;
            });
            this.size = table.size();
        }

        void find(String text, int from, int to, List<Agency> out) {
            int end = Math.min(to, text.length());
            int i = Math.max(0, from);
            while (i < end) {
                char ch = text.charAt(i);
                if ((firstChars[ch >> 6] & 1L << ch) == 0) {
                    i++;
                    continue;
                }
                Agency[] candidates = byFirstChar[ch];
                int next = i + 1;
                if (candidates != null) {
                    for (Agency candidate : candidates) {
                        String n = candidate.name();
                        if (i + n.length() <= end && text.startsWith(n, i)) {
                            out.add(candidate);
                            next = i + n.length();
                            break;
                        }
                    }
                }
                i = next;
            }
        }
    }
}
