package org.gongkai.local;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The crawl part of {@code gongkai status}: ingest-service's {@code /actuator/crawl} as one line per site, with the
 * last crawl's first problems under it. "skipped" are fetched pages that are no notice, with the count per reason
 * (those that are faults — cut at the body cap, not text, a broken link — are among the problems too), "not due" known pages left
 * for a later crawl, "denied" pages robots.txt disallows (never fetched), "missing" published notices that answered
 * 404/410 once (removed at the second), "deleted" those removed, "faulted" pages whose fault in an earlier crawl
 * waits for its own retry time (listed among the problems with their reasons), "given up" pages known only by their
 * faults that the crawl forgot (failing for {@code state.forget-faulted-after}, no list links them any more), "list
 * pages not modified" list pages and feeds that answered 304 (nothing new there; shown only when there are any), "N
 * links to other hosts not followed (host n, …)" the distinct links of the lists and feeds to other hosts, never
 * requested, with the three most linked hosts (session 17; shown only when there are any; no skipped pages). "N
 * notices known (M URLs, K known only by faults)": the notices in the crawl state, and all its URLs of the site where
 * they differ (redirect aliases, navigation pages, pages known only by their faults), with the last of these where
 * there are any (they are retried until given up).
 */
final class CrawlStatus {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CrawlStatus() {}

    /** Lines for the sites in an {@code /actuator/crawl} answer. */
    static List<String> lines(String crawlJson) {
        JsonNode root = JSON.readTree(crawlJson);
        List<String> lines = new ArrayList<>();
        for (JsonNode site : root.path("sites")) {
            StringBuilder line =
                    new StringBuilder(String.format("%-20s", site.path("id").asString()));
            JsonNode progress = site.path("progress");
            if (progress.isObject()) {
                line.append(String.format(
                        " crawling: %d pages done, %d queued, %d failed, %d waiting for politeness;",
                        progress.path("pagesDone").asInt(),
                        progress.path("queued").asInt(),
                        progress.path("failed").asInt(),
                        progress.path("waitingForPoliteness").asInt()));
            }
            JsonNode last = site.path("lastCrawl");
            if (last.isObject()) {
                line.append(String.format(
                        " last crawl: %d published, %d unchanged, %d not due, %d skipped%s, %d failed, %d deferred,"
                                + " %d denied, %d missing, %d deleted, %d unpublishable, %d faulted, %d given up%s;",
                        last.path("published").asInt(),
                        last.path("unchanged").asInt(),
                        last.path("notDue").asInt(),
                        last.path("skipped").asInt(),
                        skippedFor(last),
                        last.path("failed").asInt(),
                        last.path("deferred").asInt(),
                        last.path("denied").asInt(),
                        last.path("missing").asInt(),
                        last.path("deleted").asInt(),
                        last.path("unpublishable").asInt(),
                        last.path("faulted").asInt(),
                        last.path("givenUp").asInt(),
                        notModified(last)
                                + otherHosts(last)
                                + (last.path("complete").asBoolean(true) ? "" : " (incomplete)")
                                + stopped(last)));
            } else if (!progress.isObject()) {
                line.append(" not crawled yet;");
            }
            long notices = site.path("knownNotices").asLong();
            line.append(" ").append(notices).append(" notices known");
            long urls = site.path("knownUrls").asLong(notices);
            if (urls != notices) {
                // aliases, navigation pages and pages known only by faults (session 15)
                line.append(" (").append(urls).append(" URLs");
                long faultedOnly = site.path("knownFaultedOnly").asLong();
                if (faultedOnly > 0) {
                    line.append(", ").append(faultedOnly).append(" known only by faults");
                }
                line.append(")");
            }
            if (progress.hasNonNull("startedAt")) {
                // while a crawl runs, nextCrawl is still its own (past) start: say when it started instead
                line.append(", crawl started ")
                        .append(progress.path("startedAt").asString());
            } else if (site.hasNonNull("nextCrawl")) {
                line.append(", next crawl ").append(site.path("nextCrawl").asString());
            }
            lines.add(line.toString());
            int shown = 0;
            for (JsonNode problem : last.path("problems")) {
                if (shown++ == 5) {
                    lines.add("    …");
                    break;
                }
                lines.add("    " + problem.path("url").asString() + ": "
                        + problem.path("reason").asString());
            }
        }
        return lines;
    }

    /** Why pages were skipped, e.g. {@code " (no notice metadata 3, not text 1)"}; empty when none or not given. */
    private static String skippedFor(JsonNode last) {
        List<String> reasons = new ArrayList<>();
        for (var entry : last.path("skippedFor").properties()) {
            reasons.add(entry.getKey() + " " + entry.getValue().asInt());
        }
        return reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")";
    }

    /**
     * The lists' links to other hosts (not followed; session 17), e.g. {@code ", 14 links to other hosts not followed
     * (www.gov.cn 12, xxgk.x.gov.cn 2)"}: the three most linked hosts, "…" when there are more; empty when none.
     */
    private static String otherHosts(JsonNode last) {
        int links = last.path("otherHostLinks").asInt();
        if (links == 0) {
            return "";
        }
        List<String> hosts = new ArrayList<>();
        for (var entry : last.path("otherHosts").properties()) {
            if (hosts.size() == 3) {
                hosts.add("…");
                break;
            }
            hosts.add(entry.getKey() + " " + entry.getValue().asInt());
        }
        return ", " + links + " links to other hosts not followed"
                + (hosts.isEmpty() ? "" : " (" + String.join(", ", hosts) + ")");
    }

    /**
     * The error that ended the last crawl, e.g. {@code " (stopped: crawl state not stored: the broker failed 9 state
     * record(s))"}, as ingest-service logs it: such a crawl is no success (session 19's re-trial: only
     * /actuator/crawl said so); empty when none.
     */
    private static String stopped(JsonNode last) {
        return last.hasNonNull("error") ? " (stopped: " + last.path("error").asString() + ")" : "";
    }

    private static String notModified(JsonNode last) {
        int n = last.path("listPagesNotModified").asInt();
        return n > 0 ? ", " + n + " list pages not modified" : "";
    }
}
