package org.gongkai.enrich.classify;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which part of the evaluation slice the {@link ContinuousTrainer} may compare a candidate with the registry's current
 * model on. A key is on the evaluation side of every {@code --eval-percent} above its hash bucket ({@link
 * CrawlExamples#evaluation(int)}); so a model promoted by a trainer with a smaller percentage (the operator raised the
 * flag) trained on the rest of today's slice and would be scored in-sample there, favoured over every candidate.
 * Every promotion's history note records the percentage its candidate was trained with ({@link #note}); when the
 * current model's is smaller than the trainer's, the comparison is made on the keys under it only (which neither
 * model trained on) and that is said once (WARN). A lower percentage than the model's needs nothing: the model never
 * trained on today's slice. The shipped model never trained on crawled notices (its base copies are left out
 * elsewhere). A registry version whose note records no percentage (promoted before session 20) is compared on the
 * whole slice, and a WARN line says once that it is favoured if it was trained with a smaller percentage.
 *
 * <p>Not thread-safe (the trainer's thread). Logged by the trainer's logger.
 */
final class CurrentModelSplit {

    private static final Logger log = LoggerFactory.getLogger(ContinuousTrainer.class);
    private static final Pattern RECORDED = Pattern.compile("trained with --eval-percent (\\d+)");

    private final int evalPercent;
    private String version; // the registry's current version last seen ("" for the shipped model)
    private int percent;

    /** @param evalPercent the trainer's {@code --eval-percent} */
    CurrentModelSplit(int evalPercent) {
        this.evalPercent = evalPercent;
    }

    /** What a promotion's history note says of the split its candidate was trained with. */
    String note() {
        return "trained with --eval-percent " + evalPercent;
    }

    /**
     * The percentage of keys (hash bucket under it) to compare on with the registry's current version {@code
     * current} (empty: the shipped model): the trainer's, or the current model's when that is smaller.
     */
    int percent(ModelRegistry registry, Optional<String> current) throws IOException {
        String seen = current.orElse("");
        if (seen.equals(version)) {
            return percent;
        }
        version = seen;
        percent = evalPercent;
        if (current.isEmpty()) {
            return percent;
        }
        OptionalInt recorded = recorded(registry.history(), seen);
        if (recorded.isEmpty()) {
            log.warn(
                    "the current model {} does not record the --eval-percent it was trained with (promoted"
                            + " before session 20, or not by the trainer): if it was smaller than {}, {} trained on"
                            + " part of the evaluation slice and is favoured over every candidate; keep --eval-percent"
                            + " fixed for a registry's life",
                    seen,
                    evalPercent,
                    seen);
        } else if (recorded.getAsInt() < evalPercent) {
            percent = recorded.getAsInt();
            log.warn(
                    "the current model {} was trained with --eval-percent {}, this trainer uses {}: {} trained on"
                            + " part of the evaluation slice, so candidates are compared with it on the {} % of mirror"
                            + " keys it never trained on, until one trained with {} is promoted",
                    seen, percent, evalPercent, seen, percent, evalPercent);
        }
        return percent;
    }

    /** The percentage the last promotion of {@code version} in {@code history} records, if any. */
    static OptionalInt recorded(List<String> history, String version) {
        for (int i = history.size() - 1; i >= 0; i--) {
            String[] columns = history.get(i).split("\t", 4);
            if (columns.length == 4 && columns[1].equals("promote") && columns[2].equals(version)) {
                Matcher m = RECORDED.matcher(columns[3]);
                return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }
}
