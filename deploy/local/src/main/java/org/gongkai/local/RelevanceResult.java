package org.gongkai.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.gongkai.local.Judgements.JudgedQuery;

/**
 * The relevance evaluation's outcome ({@link RelevanceEvaluation}): each judged query's ranking on the plugin's
 * index and on the standard one, their means, and the Markdown report.
 *
 * @param notices number of documents in the corpus
 * @param titles  title of every document, by portal path
 */
public record RelevanceResult(
        RelevanceEvaluation.Settings settings,
        int notices,
        Map<String, String> titles,
        Variant plugin,
        Variant standard) {

    /**
     * One query's ranking on one index.
     *
     * @param paths          portal paths of the hits, best first
     * @param titles         their titles
     * @param rank1          {@link RelevanceMetrics#rank1}
     * @param reciprocalRank {@link RelevanceMetrics#reciprocalRank}
     * @param ndcg           {@link RelevanceMetrics#ndcg} at {@value RelevanceEvaluation#DEPTH}
     */
    public record Ranked(
            JudgedQuery query,
            List<String> paths,
            List<String> titles,
            double rank1,
            double reciprocalRank,
            double ndcg) {

        /** 1-based rank of the first notice sought, 0 when it is not in the top {@value RelevanceEvaluation#DEPTH}. */
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

    public boolean targetMet() {
        return plugin.overall().rank1() >= RelevanceEvaluation.TARGET_RANK1;
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
                RelevanceEvaluation.TARGET_RANK1 * 100,
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
                    r.firstSoughtRank() == 0
                            ? "not in top " + RelevanceEvaluation.DEPTH
                            : Integer.toString(r.firstSoughtRank())));
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
