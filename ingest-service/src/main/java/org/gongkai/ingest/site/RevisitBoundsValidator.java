package org.gongkai.ingest.site;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.time.Duration;
import java.util.List;

/**
 * Checks {@link RevisitBounds}. Each failure is reported on the key to change ({@code state.forget-faulted-after},
 * {@code sites[i].revisit-min}, {@code state.revisit-min}, in their kebab-case spelling), so the start-up failure names
 * {@code gongkai.ingest.…} keys and not a pseudo-property, and its message gives the site and the values it
 * compared, the ones taken from defaults marked so (session 16's trial: {@code forgetFaultedAfterAtLeastRevisitMax
 * Value: "false"}). Stateless, thread-safe.
 */
public final class RevisitBoundsValidator implements ConstraintValidator<RevisitBounds, IngestProperties> {

    private static final String STATE = "gongkai.ingest.state.";

    @Override
    public boolean isValid(IngestProperties properties, ConstraintValidatorContext context) {
        if (properties == null || properties.state() == null) {
            return true;
        }
        IngestProperties.State state = properties.state();
        Duration min = state.revisitMin();
        Duration max = state.revisitMax();
        Duration after = state.forgetFaultedAfter();
        if (min == null || max == null) {
            return true;
        }
        boolean valid = true;
        context.disableDefaultConstraintViolation();
        if (min.compareTo(max) > 0) {
            valid = false;
            report(
                    context,
                    "state",
                    "revisit-min",
                    -1,
                    STATE + "revisit-min (" + format(min) + ") must not exceed " + STATE + "revisit-max (" + format(max)
                            + ")");
        }
        List<Site> sites = properties.sites();
        for (int i = 0; i < sites.size(); i++) {
            Site site = sites.get(i);
            if (site == null) {
                continue;
            }
            Duration siteMin = site.revisitMin(min);
            Duration siteMax = site.revisitMax(max);
            if (siteMin.compareTo(siteMax) > 0 && site.revisitMin() != null) {
                valid = false;
                report(
                        context,
                        "sites",
                        "revisit-min",
                        i,
                        "site " + name(site) + ": revisit-min " + siteMinOf(site, i, min) + " must not exceed its"
                                + " revisit-max " + siteMaxOf(site, i, max));
            } else if (siteMin.compareTo(siteMax) > 0) {
                valid = false;
                report(
                        context,
                        "sites",
                        "revisit-max",
                        i,
                        "site " + name(site) + ": revisit-max " + siteMaxOf(site, i, max) + " must not be below"
                                + " its revisit-min " + siteMinOf(site, i, min));
            }
        }
        if (after == null || after.isZero()) {
            return valid;
        }
        StringBuilder below = new StringBuilder();
        if (after.compareTo(max) < 0) {
            below.append(STATE).append("revisit-max is ").append(format(max)).append(defaultMark(max));
        }
        for (int i = 0; i < sites.size(); i++) {
            Site site = sites.get(i);
            if (site != null && site.revisitMax() != null && after.compareTo(site.revisitMax()) < 0) {
                below.append(below.isEmpty() ? "" : "; ")
                        .append("site ")
                        .append(name(site))
                        .append(" has revisit-max ")
                        .append(siteMaxOf(site, i, max));
            }
        }
        if (!below.isEmpty()) {
            valid = false;
            report(
                    context,
                    "state",
                    "forget-faulted-after",
                    -1,
                    STATE + "forget-faulted-after (" + format(after) + ") must be 0s (never) or at least "
                            + STATE + "revisit-max and each site's revisit-max, but " + below
                            + ": raise it (or set it to 0s) or lower those");
        }
        return valid;
    }

    private static String name(Site site) {
        return "'" + site.id() + "'";
    }

    /** The site's revisit-min and where it comes from. */
    private static String siteMinOf(Site site, int index, Duration global) {
        return site.revisitMin() != null
                ? format(site.revisitMin()) + " (gongkai.ingest.sites[" + index + "].revisit-min)"
                : format(global) + " (" + STATE + "revisit-min" + defaultMark(global, Duration.ofHours(1)) + ")";
    }

    /** The site's revisit-max and where it comes from. */
    private static String siteMaxOf(Site site, int index, Duration global) {
        return site.revisitMax() != null
                ? format(site.revisitMax()) + " (gongkai.ingest.sites[" + index + "].revisit-max)"
                : format(global) + " (" + STATE + "revisit-max" + defaultMark(global) + ")";
    }

    private static String defaultMark(Duration revisitMax) {
        return defaultMark(revisitMax, Duration.ofDays(7));
    }

    private static String defaultMark(Duration value, Duration byDefault) {
        return value.equals(byDefault) ? ", the default" : "";
    }

    /** A duration as the operator writes it: {@code 7d}, {@code 2m}, {@code 90s} (else ISO-8601). */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toNanosPart() != 0 || d.isNegative()) {
            return d.toMillis() * 1_000_000 == d.toNanos() && !d.isNegative() ? d.toMillis() + "ms" : d.toString();
        }
        long s = d.getSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /**
     * Adds the violation on {@code node} of the properties (of {@code sites[index]} when index is not -1), its
     * message taken literally (message interpolation would read braces, {@code $} and backslashes).
     */
    private static void report(
            ConstraintValidatorContext context, String parent, String node, int index, String message) {
        String literal = message.replaceAll("([\\\\{}$])", "\\\\$1");
        var builder = context.buildConstraintViolationWithTemplate(literal).addPropertyNode(parent);
        if (index >= 0) {
            builder.addPropertyNode(node).inIterable().atIndex(index).addConstraintViolation();
        } else {
            builder.addPropertyNode(node).addConstraintViolation();
        }
    }
}
