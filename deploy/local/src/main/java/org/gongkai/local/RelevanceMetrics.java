package org.gongkai.local;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Ranking metrics for one query: the ranking is a list of notice keys, best first; the judgements map keys to
 * grades (2 = a notice sought, 1 = also relevant; anything missing is 0). Pure functions, thread-safe.
 *
 * <ul>
 *   <li><b>rank-1</b>: 1 when the first result has the highest grade ({@value #SOUGHT}), else 0;
 *   <li><b>reciprocal rank</b>: 1 / the rank of the first result graded {@value #SOUGHT}, 0 when none is ranked;
 *   <li><b>nDCG@k</b>: DCG = Σ (2<sup>grade</sup> − 1) / log<sub>2</sub>(rank + 1) over the first k results,
 *       divided by the DCG of the judgements sorted by grade (the ideal ranking); 0 when nothing is judged.
 * </ul>
 */
public final class RelevanceMetrics {

    /** Grade of a notice the query seeks. */
    public static final int SOUGHT = 2;

    private RelevanceMetrics() {}

    /** 1 when the first result is a notice sought, 0 otherwise (also for an empty ranking). */
    public static double rank1(List<String> ranking, Map<String, Integer> grades) {
        return !ranking.isEmpty() && grade(grades, ranking.get(0)) >= SOUGHT ? 1 : 0;
    }

    /** 1 / rank of the first notice sought, 0 when none is in the ranking. */
    public static double reciprocalRank(List<String> ranking, Map<String, Integer> grades) {
        for (int i = 0; i < ranking.size(); i++) {
            if (grade(grades, ranking.get(i)) >= SOUGHT) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /** Normalised discounted cumulative gain of the first {@code k} results, in [0, 1]. */
    public static double ndcg(List<String> ranking, Map<String, Integer> grades, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            dcg += gain(grade(grades, ranking.get(i))) / log2(i + 2);
        }
        double ideal = idealDcg(grades.values(), k);
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /** DCG of the best possible ranking of the judged grades. */
    static double idealDcg(Collection<Integer> grades, int k) {
        List<Integer> sorted = grades.stream()
                .filter(g -> g > 0)
                .sorted((a, b) -> b - a)
                .limit(k)
                .toList();
        double ideal = 0;
        for (int i = 0; i < sorted.size(); i++) {
            ideal += gain(sorted.get(i)) / log2(i + 2);
        }
        return ideal;
    }

    private static double gain(int grade) {
        return Math.pow(2, grade) - 1;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }

    private static int grade(Map<String, Integer> grades, String key) {
        Integer grade = grades.get(key);
        return grade == null ? 0 : grade;
    }
}
