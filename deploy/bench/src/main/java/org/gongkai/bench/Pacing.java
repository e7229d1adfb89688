package org.gongkai.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * The end-to-end stage's pace: the politeness delay each site asks for (robots.txt {@code Crawl-delay}) so that all
 * sites together offer the asked rate. The crawler waits that delay between the end of one fetch of a site and the
 * start of the next, so a site's page interval is the delay plus what a page costs the crawler beyond it (the fetch,
 * and under load the wait for a core and a worker). Pure functions.
 *
 * <p>First guess, before any end-to-end page: that cost is the crawl stage's time a page (measured on an unloaded
 * crawler). It is more with all services running: in every default run of sessions 9 to 16 the rounds offered
 * 165–171 of the 200 notices/s asked. So the warm-up round, paced with the first guess on sites of its own,
 * measures the cost where it is paid, and the timed round's sites ask for the delay that cost leaves. A warm-up
 * slowed by something passing (a merge, another process) would make the timed round faster than asked, so the
 * correction takes at most a quarter of a site's share off the first guess: the timed round offers at most about
 * 4/3 of the asked rate whatever the warm-up met (and the offered rate is reported beside the asked one).
 */
final class Pacing {

    private Pacing() {}

    /**
     * The first guess.
     *
     * @param sites       sites of the round
     * @param rate        asked notices/s of all sites together
     * @param pageSeconds the crawl stage's seconds a page of one site (its sites ÷ its pages/s), 0 when unknown
     */
    static Duration firstGuess(int sites, int rate, double pageSeconds) {
        return millis((double) sites / rate - (Double.isFinite(pageSeconds) ? pageSeconds : 0.0));
    }

    /**
     * The delay for the timed round, from what the warm-up round offered with its delay.
     *
     * @param sites        sites of the timed round
     * @param rate         asked notices/s
     * @param warmDelay    the delay the warm-up round's sites asked for
     * @param warmSites    sites of the warm-up round
     * @param warmOffered  notices/s the warm-up round offered (published ÷ first to last publish); not finite or not
     *                     positive when it offered nothing measurable, and then the warm-up's delay is kept
     */
    static Duration calibrated(int sites, int rate, Duration warmDelay, int warmSites, double warmOffered) {
        if (!Double.isFinite(warmOffered) || warmOffered <= 0) {
            return warmDelay;
        }
        double share = (double) sites / rate;
        return millis(
                bound(sites, rate, warmDelay, warmSites, warmOffered)
                        ? warmDelay.toMillis() / 1000.0 - share / 4
                        : share - pageCostSeconds(warmDelay, warmSites, warmOffered));
    }

    /** Whether the warm-up's page cost asked for more than the bound lets the correction take. */
    static boolean bound(int sites, int rate, Duration warmDelay, int warmSites, double warmOffered) {
        double share = (double) sites / rate;
        return share - pageCostSeconds(warmDelay, warmSites, warmOffered) < warmDelay.toMillis() / 1000.0 - share / 4;
    }

    /** Seconds a page of one site cost the warm-up round beyond its delay (never below 0). */
    static double pageCostSeconds(Duration warmDelay, int warmSites, double warmOffered) {
        return Math.max(0.0, warmSites / warmOffered - warmDelay.toMillis() / 1000.0);
    }

    /** The note that says how the timed round was paced. */
    static String note(
            int sites, int rate, Duration warmDelay, int warmSites, double warmOffered, Duration timedDelay) {
        if (!Double.isFinite(warmOffered) || warmOffered <= 0) {
            return String.format(
                    Locale.ROOT,
                    "end to end: pace: the sites ask for %d ms between fetches (the crawl stage's time a page"
                            + " subtracted; no warm-up round to calibrate it)",
                    timedDelay.toMillis());
        }
        return String.format(
                Locale.ROOT,
                "end to end: pace: the warm-up round's sites asked for %d ms between fetches and offered %.0f of the"
                        + " %d notices/s asked (a page %.0f ms beyond the delay), so the timed round's sites ask for"
                        + " %d ms%s",
                warmDelay.toMillis(),
                warmOffered,
                rate,
                pageCostSeconds(warmDelay, warmSites, warmOffered) * 1000,
                timedDelay.toMillis(),
                bound(sites, rate, warmDelay, warmSites, warmOffered)
                        ? " (the correction's bound: a quarter of a site's share)"
                        : "");
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(Math.max(0.0, seconds) * 1000));
    }
}
