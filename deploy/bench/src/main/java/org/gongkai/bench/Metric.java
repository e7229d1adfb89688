package org.gongkai.bench;

/**
 * One figure of a benchmark run, beside its baseline (the physical limit it is compared with) and its target.
 *
 * @param name     stable key, e.g. {@code crawl.pages_per_s}; {@link Comparison} matches runs by it
 * @param label    what a reader sees in the table
 * @param value    the measured figure, {@code NaN} when the stage could not measure it
 * @param unit     e.g. {@code pages/s}, {@code ms}, {@code MB}
 * @param baseline the baseline's figure in the same unit, or {@code null} where there is none
 * @param target   the target, or {@code null}
 */
public record Metric(String name, String label, double value, String unit, Double baseline, Target target) {

    /** A target: {@code value >= limit} ({@code atLeast}) or {@code value <= limit}; {@code ofBaseline}: limit × baseline. */
    public record Target(boolean atLeast, double limit, boolean ofBaseline) {

        public static Target atLeast(double limit) {
            return new Target(true, limit, false);
        }

        public static Target atMost(double limit) {
            return new Target(false, limit, false);
        }

        public static Target atLeastOfBaseline(double fraction) {
            return new Target(true, fraction, true);
        }

        /** e.g. {@code ≥ 2000} or {@code ≥ 0.9 × baseline}. */
        public String describe() {
            return (atLeast ? "≥ " : "≤ ") + Report.number(limit) + (ofBaseline ? " × baseline" : "");
        }
    }

    public static Metric of(String name, String label, double value, String unit) {
        return new Metric(name, label, value, unit, null, null);
    }

    public Metric withBaseline(double baselineValue) {
        return new Metric(name, label, value, unit, baselineValue, target);
    }

    public Metric withTarget(Target newTarget) {
        return new Metric(name, label, value, unit, baseline, newTarget);
    }

    /** value / baseline, or {@code null} without a (non-zero) baseline. */
    public Double ratio() {
        return baseline == null || baseline == 0 || Double.isNaN(value) ? null : value / baseline;
    }

    /** {@code met}, {@code missed}, or {@code null} without a target (or without a figure to judge). */
    public String verdict() {
        if (target == null || Double.isNaN(value)) {
            return null;
        }
        double compared = target.ofBaseline() ? (ratio() == null ? Double.NaN : ratio()) : value;
        if (Double.isNaN(compared)) {
            return null;
        }
        boolean met = target.atLeast() ? compared >= target.limit() : compared <= target.limit();
        return met ? "met" : "missed";
    }
}
