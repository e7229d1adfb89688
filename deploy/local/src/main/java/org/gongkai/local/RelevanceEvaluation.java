package org.gongkai.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.gongkai.local.Judgements.JudgedQuery;
import org.gongkai.portal.query.Parameter;
import org.gongkai.portal.query.PortalQuery;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relevance of the portal's full-text query over the demo corpus, with the analysis plugin's analyzers and with the
 * standard analyzer.
 *
 * <p>Given an Elasticsearch node whose {@code notices} alias holds the crawled demo portal, it reads every document
 * of the demo site (search_after), reads the installed index template ({@code GET _index_template/notices-template})
 * and creates two indices from it, {@value #PLUGIN_INDEX} (the template as it is) and {@value #STANDARD_INDEX}
 * (standard analyzer, see {@link EvaluationIndices}); loads the same documents into both; then runs every judged
 * query ({@link Judgements}) through the portal's query file {@code docs/portal-queries/full-text.json}, in which
 * the JSON string {@code "{{q}}"} stands for the user's query, and scores the top {@value #DEPTH} hits by rank-1
 * accuracy, MRR and nDCG@10 ({@link RelevanceMetrics}).
 *
 * <p>Usage (see docs/relevance.md): {@code RelevanceEvaluation [--es URL] [--repo DIR] [--query FILE]
 * [--judgements FILE] [--out FILE] [--site ID]}. With {@code --es} it waits (up to 3 minutes) until every judged
 * notice is searchable there. Without {@code --es} it starts the local stack ({@link LocalStack}) in a fresh state
 * folder, waits until every catalogue notice is searchable, evaluates and stops the stack. Exit status: 0 when the plugin's rank-1 accuracy reaches {@value #TARGET_RANK1}, 3 when it
 * does not, 1 when the evaluation could not run, 2 on a usage error.
 *
 * <p>Not thread-safe: one evaluation at a time per Elasticsearch node (it recreates the two indices).
 */
public final class RelevanceEvaluation {

    public static final String PLUGIN_INDEX = "relevance-plugin";
    public static final String STANDARD_INDEX = "relevance-standard";
    public static final String TEMPLATE = "notices-template";
    public static final String ALIAS = "notices";
    public static final String PLACEHOLDER = "\"{{q}}\"";
    public static final int DEPTH = 10;
    public static final double TARGET_RANK1 = 0.90;

    /**
     * What to evaluate.
     *
     * @param siteId        the site whose documents make up the corpus ({@code demo})
     * @param queryTemplate the portal's search request body with {@value #PLACEHOLDER} for the user's query
     * @param queryName     where the query comes from, for the report
     * @param judgements    the judged queries
     */
    public record Settings(String siteId, String queryTemplate, String queryName, Judgements judgements) {

        public Settings {
            if (!queryTemplate.contains(PLACEHOLDER)) {
                throw new IllegalArgumentException(queryName + " has no " + PLACEHOLDER + " placeholder");
            }
        }

        /** The shipped judgements and the repository's portal query. */
        public static Settings defaults(Path repo) throws IOException {
            Path query = repo.resolve("docs/portal-queries/full-text.json");
            return new Settings(
                    "demo", Files.readString(query), "docs/portal-queries/full-text.json", Judgements.shipped());
        }
    }

    /**
     * One query's ranking on one index.
     *
     * @param paths          portal paths of the hits, best first
     * @param titles         their titles
     * @param rank1          {@link RelevanceMetrics#rank1}
     * @param reciprocalRank {@link RelevanceMetrics#reciprocalRank}
     * @param ndcg           {@link RelevanceMetrics#ndcg} at {@value #DEPTH}
     */
    public record Ranked(
            JudgedQuery query,
            List<String> paths,
            List<String> titles,
            double rank1,
            double reciprocalRank,
            double ndcg) {

        /** 1-based rank of the first notice sought, 0 when it is not in the top {@value #DEPTH}. */
        public int firstSoughtRank() {
            return reciprocalRank == 0 ? 0 : (int) Math.round(1 / reciprocalRank);
        }
    }

    /** Means over a set of queries. */
    public record Summary(int queries, double rank1, double mrr, double ndcg) {

        static Summary of(List<Ranked> results) {
            return new Summary(
                    results.size(),
                    mean(results, Ranked::rank1),
                    mean(results, Ranked::reciprocalRank),
                    mean(results, Ranked::ndcg));
        }

        private static double mean(List<Ranked> results, ToDoubleFunction<Ranked> metric) {
            return results.stream().mapToDouble(metric).average().orElse(0);
        }
    }

    /** The results on one index. */
    public record Variant(String index, List<Ranked> results) {

        public Summary overall() {
            return Summary.of(results);
        }

        /** Summaries per kind, in the order of {@link Judgements#KINDS}. */
        public Map<String, Summary> byKind() {
            Map<String, Summary> kinds = new LinkedHashMap<>();
            for (String kind : Judgements.KINDS) {
                List<Ranked> ofKind = results.stream()
                        .filter(r -> r.query().kind().equals(kind))
                        .toList();
                if (!ofKind.isEmpty()) {
                    kinds.put(kind, Summary.of(ofKind));
                }
            }
            return kinds;
        }

        /** Queries whose first hit is not a notice sought. */
        public List<Ranked> failures() {
            return results.stream().filter(r -> r.rank1() < 1).toList();
        }
    }

    /**
     * The evaluation's outcome.
     *
     * @param notices number of documents in the corpus
     * @param titles  title of every document, by portal path
     */
    public record Result(Settings settings, int notices, Map<String, String> titles, Variant plugin, Variant standard) {

        public boolean targetMet() {
            return plugin.overall().rank1() >= TARGET_RANK1;
        }

        /** The report as Markdown: the figures per kind and overall, then the failing queries of each index. */
        public String markdown() {
            StringBuilder md = new StringBuilder();
            md.append(String.format(
                    Locale.ROOT,
                    "%d judged queries over %d notices of site `%s`; query `%s`; index `%s` (the template's"
                            + " analyzers) versus `%s` (standard analyzer, keyword for identifiers). Target: plugin rank-1 ≥ %.0f %%: %s.%n%n",
                    settings.judgements().queries().size(),
                    notices,
                    settings.siteId(),
                    settings.queryName(),
                    plugin.index(),
                    standard.index(),
                    TARGET_RANK1 * 100,
                    targetMet() ? "met" : "MISSED"));
            md.append("| kind | queries | rank-1 plugin | rank-1 standard | MRR plugin | MRR standard |"
                    + " nDCG@10 plugin | nDCG@10 standard |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            Map<String, Summary> pluginKinds = plugin.byKind();
            Map<String, Summary> standardKinds = standard.byKind();
            for (String kind : pluginKinds.keySet()) {
                row(md, kind, pluginKinds.get(kind), standardKinds.get(kind));
            }
            row(md, "**all**", plugin.overall(), standard.overall());
            failures(md, plugin);
            failures(md, standard);
            return md.toString();
        }

        private static void row(StringBuilder md, String label, Summary p, Summary s) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f %% | %.1f %% | %.3f | %.3f | %.3f | %.3f |%n",
                    label,
                    p.queries(),
                    p.rank1() * 100,
                    s.rank1() * 100,
                    p.mrr(),
                    s.mrr(),
                    p.ndcg(),
                    s.ndcg()));
        }

        private void failures(StringBuilder md, Variant variant) {
            List<Ranked> failures = variant.failures();
            md.append(String.format(
                    "%n#### Queries whose first hit is not a notice sought: `%s` (%d)%n%n",
                    variant.index(), failures.size()));
            if (failures.isEmpty()) {
                md.append("None.\n");
                return;
            }
            md.append("| id | kind | query | sought | first hit (grade) | rank of the first sought |\n");
            md.append("|---|---|---|---|---|---:|\n");
            for (Ranked r : failures) {
                String sought = r.query().relevant().entrySet().stream()
                        .filter(e -> e.getValue() == RelevanceMetrics.SOUGHT)
                        .map(e -> titles.getOrDefault(e.getKey(), e.getKey()))
                        .reduce((a, b) -> a + "; " + b)
                        .orElse("");
                String first = r.paths().isEmpty()
                        ? "(no hit)"
                        : r.titles().get(0) + " ("
                                + r.query().relevant().getOrDefault(r.paths().get(0), 0) + ")";
                md.append(String.format(
                        "| %s | %s | %s | %s | %s | %s |%n",
                        r.query().id(),
                        r.query().kind(),
                        cell(r.query().query()),
                        cell(sought),
                        cell(first),
                        r.firstSoughtRank() == 0 ? "not in top " + DEPTH : Integer.toString(r.firstSoughtRank())));
            }
        }

        private static String cell(String text) {
            return text.replace("|", "\\|");
        }
    }

    private RelevanceEvaluation() {}

    /**
     * Runs the evaluation against the node at {@code esUrl}; the judged notices must already be searchable there.
     *
     * @throws IllegalStateException when a judged notice is not in the corpus, the template is missing, or the node
     *                               rejects a request
     */
    public static Result evaluate(String esUrl, Settings settings) {
        ElasticsearchJson es = new ElasticsearchJson(esUrl);
        Corpus corpus = Corpus.read(es, settings.siteId());
        Set<String> missing = new TreeSet<>(settings.judgements().judgedPaths());
        missing.removeAll(corpus.pathsById().values());
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "judged notices not in the " + ALIAS + " alias (site " + settings.siteId() + "): " + missing);
        }
        JsonNode templates = es.ok("GET", "/_index_template/" + TEMPLATE, null).path("index_templates");
        if (templates.isEmpty()) {
            throw new IllegalStateException("no index template " + TEMPLATE);
        }
        JsonNode template = templates.get(0).path("index_template");
        load(es, PLUGIN_INDEX, EvaluationIndices.plugin(template), corpus);
        load(es, STANDARD_INDEX, EvaluationIndices.standard(template), corpus);
        return new Result(
                settings,
                corpus.sources().size(),
                corpus.titlesByPath(),
                rank(es, PLUGIN_INDEX, settings, corpus),
                rank(es, STANDARD_INDEX, settings, corpus));
    }

    /** The documents of one site behind the read alias, by id, with their portal paths. */
    record Corpus(Map<String, JsonNode> sources, Map<String, String> pathsById) {

        static Corpus read(ElasticsearchJson es, String siteId) {
            Map<String, JsonNode> sources = new LinkedHashMap<>();
            Map<String, String> paths = new LinkedHashMap<>();
            JsonNode after = null;
            while (true) {
                ObjectNode request = ElasticsearchJson.JSON.createObjectNode();
                request.put("size", 500);
                request.putObject("query").putObject("term").put("siteId", siteId);
                request.putArray("sort").addObject().put("noticeId", "asc");
                if (after != null) {
                    request.set("search_after", after);
                }
                JsonNode hits = es.ok("POST", "/" + ALIAS + "/_search", request.toString())
                        .path("hits")
                        .path("hits");
                if (hits.isEmpty()) {
                    break;
                }
                for (JsonNode hit : hits) {
                    String id = hit.path("_id").asString();
                    sources.put(id, hit.path("_source"));
                    paths.put(
                            id,
                            URI.create(hit.path("_source").path("url").asString())
                                    .getPath());
                    after = hit.path("sort");
                }
            }
            return new Corpus(sources, paths);
        }

        Map<String, String> titlesByPath() {
            Map<String, String> titles = new TreeMap<>();
            sources.forEach((id, source) ->
                    titles.put(pathsById.get(id), source.path("title").asString()));
            return titles;
        }
    }

    private static void load(ElasticsearchJson es, String index, ObjectNode body, Corpus corpus) {
        ElasticsearchJson.Response deleted = es.send("DELETE", "/" + index, null);
        if (deleted.status() != 200 && deleted.status() != 404) {
            throw new IllegalStateException("cannot delete " + index + ": " + deleted.body());
        }
        es.ok("PUT", "/" + index, body.toString());
        StringBuilder bulk = new StringBuilder();
        int pending = 0;
        for (var entry : corpus.sources().entrySet()) {
            ObjectNode action = ElasticsearchJson.JSON.createObjectNode();
            action.putObject("index").put("_index", index).put("_id", entry.getKey());
            bulk.append(action).append('\n').append(entry.getValue()).append('\n');
            if (++pending == 200) {
                bulk(es, bulk);
                pending = 0;
            }
        }
        if (pending > 0) {
            bulk(es, bulk);
        }
        es.ok("POST", "/" + index + "/_refresh", null);
        long count = es.ok("GET", "/" + index + "/_count", null).path("count").asLong();
        if (count != corpus.sources().size()) {
            throw new IllegalStateException(index + " holds " + count + " documents, expected "
                    + corpus.sources().size());
        }
    }

    private static void bulk(ElasticsearchJson es, StringBuilder ndjson) {
        ElasticsearchJson.Response response = es.send("POST", "/_bulk", ndjson.toString(), "application/x-ndjson");
        if (response.status() != 200 || response.body().path("errors").asBoolean()) {
            throw new IllegalStateException("bulk load failed: " + response.body());
        }
        ndjson.setLength(0);
    }

    private static Variant rank(ElasticsearchJson es, String index, Settings settings, Corpus corpus) {
        List<Ranked> results = new ArrayList<>();
        for (JudgedQuery query : settings.judgements().queries()) {
            // filled by the portal-query library, the code search-service runs
            String body = PortalQuery.parse(settings.queryName(), settings.queryTemplate())
                    .with(Parameter.Q, query.query())
                    .toJson();
            JsonNode hits =
                    es.ok("POST", "/" + index + "/_search", body).path("hits").path("hits");
            List<String> paths = new ArrayList<>();
            List<String> titles = new ArrayList<>();
            for (JsonNode hit : hits) {
                if (paths.size() == DEPTH) {
                    break;
                }
                paths.add(corpus.pathsById()
                        .getOrDefault(
                                hit.path("_id").asString(), hit.path("_id").asString()));
                titles.add(hit.path("_source").path("title").asString());
            }
            results.add(new Ranked(
                    query,
                    paths,
                    titles,
                    RelevanceMetrics.rank1(paths, query.relevant()),
                    RelevanceMetrics.reciprocalRank(paths, query.relevant()),
                    RelevanceMetrics.ndcg(paths, query.relevant(), DEPTH)));
        }
        return new Variant(index, results);
    }

    /** Waits until every path in {@code paths} is a document of the site behind the read alias. */
    static void awaitCorpus(String esUrl, String siteId, Set<String> paths, Duration timeout)
            throws InterruptedException {
        ElasticsearchJson es = new ElasticsearchJson(esUrl);
        Instant deadline = Instant.now().plus(timeout);
        Set<String> missing = new TreeSet<>(paths);
        while (true) {
            try {
                missing.removeAll(Corpus.read(es, siteId).pathsById().values());
            } catch (IllegalStateException e) {
                // the alias does not exist yet: nothing indexed so far
            }
            if (missing.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(missing.size() + " notices still not indexed after " + timeout
                        + ", e.g. " + missing.iterator().next());
            }
            Thread.sleep(2000); // waiting for the crawl, an external process, with a deadline
        }
    }

    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length || args[i].equals("--help")) {
                System.err.println("usage: RelevanceEvaluation [--es URL] [--repo DIR] [--query FILE]"
                        + " [--judgements FILE] [--out FILE] [--site ID]");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        Set<String> known = new LinkedHashSet<>(List.of("es", "repo", "query", "judgements", "out", "site"));
        if (!known.containsAll(options.keySet())) {
            System.err.println("unknown option among " + options.keySet() + "; known: " + known);
            System.exit(2);
        }
        try {
            System.exit(run(options));
        } catch (Exception e) {
            System.err.println("[relevance] failed: " + e);
            System.exit(1);
        }
    }

    private static int run(Map<String, String> options) throws Exception {
        Path repo = Path.of(options.getOrDefault("repo", System.getenv().getOrDefault("GONGKAI_REPO", ".")))
                .toAbsolutePath()
                .normalize();
        Settings defaults = Settings.defaults(repo);
        Settings settings = new Settings(
                options.getOrDefault("site", defaults.siteId()),
                options.containsKey("query")
                        ? Files.readString(Path.of(options.get("query")))
                        : defaults.queryTemplate(),
                options.getOrDefault("query", defaults.queryName()),
                options.containsKey("judgements")
                        ? Judgements.read(Path.of(options.get("judgements")))
                        : defaults.judgements());
        Path out = Path.of(options.getOrDefault(
                "out", repo.resolve("deploy/local/target/relevance.md").toString()));
        Instant start = Instant.now();
        Result result;
        if (options.containsKey("es")) {
            // A stack started a moment ago may still be crawling.
            awaitCorpus(
                    options.get("es"), settings.siteId(), settings.judgements().judgedPaths(), Duration.ofMinutes(3));
            result = evaluate(options.get("es"), settings);
        } else {
            result = withLocalStack(repo, settings);
        }
        String markdown = result.markdown();
        System.out.println(markdown);
        System.out.printf(
                Locale.ROOT,
                "[relevance] %d queries on 2 indices; %.1f s in all%s%n",
                settings.judgements().queries().size(),
                Duration.between(start, Instant.now()).toMillis() / 1000.0,
                options.containsKey("es") ? "" : " (starting the local stack and the crawl included)");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, markdown);
        System.out.println("[relevance] written to " + out);
        return result.targetMet() ? 0 : 3;
    }

    /** Starts the local stack in a fresh state folder, evaluates once the catalogue is indexed, stops the stack. */
    private static Result withLocalStack(Path repo, Settings settings) throws Exception {
        Path home = Files.createTempDirectory("gongkai-relevance-");
        LocalStack stack = new LocalStack(repo, home);
        String esUrl = "http://127.0.0.1:" + System.getenv().getOrDefault("GONGKAI_ES_PORT", "9200");
        try {
            if (stack.startOrCleanUp() != 0) {
                throw new IllegalStateException("the local stack did not start; logs in " + home.resolve("logs"));
            }
            Set<String> paths = new TreeSet<>(settings.judgements().judgedPaths());
            DemoCatalogue.shipped().notices().forEach(n -> paths.add(n.path()));
            System.out.println(
                    "[relevance] waiting until the " + paths.size() + " judged and catalogue notices are indexed …");
            awaitCorpus(esUrl, settings.siteId(), paths, Duration.ofMinutes(5));
            return evaluate(esUrl, settings);
        } finally {
            stack.stop();
            System.out.println("[relevance] the stack's state and logs stay in " + home);
        }
    }
}
