package org.gongkai.local;

import java.io.IOException;
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
import java.util.TreeSet;
import org.gongkai.local.Judgements.JudgedQuery;
import org.gongkai.portal.query.Parameter;
import org.gongkai.portal.query.PortalQuery;
import tools.jackson.databind.JsonNode;

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
 * <p>The corpus and its loading are {@link RelevanceCorpus}; the figures and the report, {@link RelevanceResult}.
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

    private RelevanceEvaluation() {}

    /**
     * Runs the evaluation against the node at {@code esUrl}; the judged notices must already be searchable there.
     *
     * @throws IllegalStateException when a judged notice is not in the corpus, the template is missing, or the node
     *                               rejects a request
     */
    public static RelevanceResult evaluate(String esUrl, Settings settings) {
        ElasticsearchJson es = new ElasticsearchJson(esUrl);
        RelevanceCorpus corpus = RelevanceCorpus.read(es, settings.siteId());
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
        corpus.loadInto(es, PLUGIN_INDEX, EvaluationIndices.plugin(template));
        corpus.loadInto(es, STANDARD_INDEX, EvaluationIndices.standard(template));
        return new RelevanceResult(
                settings,
                corpus.sources().size(),
                corpus.titlesByPath(),
                rank(es, PLUGIN_INDEX, settings, corpus),
                rank(es, STANDARD_INDEX, settings, corpus));
    }

    private static RelevanceResult.Variant rank(
            ElasticsearchJson es, String index, Settings settings, RelevanceCorpus corpus) {
        List<RelevanceResult.Ranked> results = new ArrayList<>();
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
            results.add(new RelevanceResult.Ranked(
                    query,
                    paths,
                    titles,
                    RelevanceMetrics.rank1(paths, query.relevant()),
                    RelevanceMetrics.reciprocalRank(paths, query.relevant()),
                    RelevanceMetrics.ndcg(paths, query.relevant(), DEPTH)));
        }
        return new RelevanceResult.Variant(index, results);
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
        RelevanceResult result;
        if (options.containsKey("es")) {
            // A stack started a moment ago may still be crawling.
            RelevanceCorpus.awaitCorpus(
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
    private static RelevanceResult withLocalStack(Path repo, Settings settings) throws Exception {
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
            RelevanceCorpus.awaitCorpus(esUrl, settings.siteId(), paths, Duration.ofMinutes(5));
            return evaluate(esUrl, settings);
        } finally {
            stack.stop();
            System.out.println("[relevance] the stack's state and logs stay in " + home);
        }
    }
}
