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
 * as its nodes are in the taxonomy. Hand-written lookup (a first-character index over a few hundred names) rather
 * than a library: it costs one hash probe per character. Immutable and thread-safe.
 */
public final class Agencies {

    /** Classpath location of the shipped table. */
    public static final String RESOURCE = "/classify/agencies.tsv";

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

    /** Names by first character, longest first. */
    private final Map<Character, Agency[]> byFirstChar;

    private final int size;

    private Agencies(Map<String, Agency> table) {
        Map<Character, List<Agency>> index = new HashMap<>();
        for (Agency agency : table.values()) {
            index.computeIfAbsent(agency.name().charAt(0), c -> new ArrayList<>())
                    .add(agency);
        }
        Map<Character, Agency[]> sorted = new HashMap<>();
        index.forEach((c, list) -> {
            list.sort(Comparator.comparingInt((Agency a) -> a.name().length())
                    .reversed()
                    .thenComparing(Agency::name));
            sorted.put(c, list.toArray(Agency[]::new));
        });
        this.byFirstChar = sorted;
        this.size = table.size();
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
        try (InputStream in = Agencies.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            read(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE, taxonomy, table);
            for (Path path : extraTables) {
                try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    read(reader, path.toString(), taxonomy, table);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Agencies(table);
    }

    private static void read(Reader source, String name, Taxonomy taxonomy, Map<String, Agency> table)
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
            table.put(agency, new Agency(agency, List.copyOf(domains)));
        }
    }

    /** Number of names. */
    public int size() {
        return size;
    }

    /**
     * Agencies named in {@code text[from, to)}, leftmost-longest, in order of appearance; a name found twice is
     * reported twice.
     */
    public void find(String text, int from, int to, List<Agency> out) {
        int end = Math.min(to, text.length());
        int i = Math.max(0, from);
        while (i < end) {
            Agency[] candidates = byFirstChar.get(text.charAt(i));
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

    /** Agencies named anywhere in {@code text}. */
    public List<Agency> find(String text) {
        List<Agency> out = new ArrayList<>();
        if (text != null) {
            find(text, 0, text.length(), out);
        }
        return out;
    }
}
