package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A site's links to other hosts are counted by host for each report (the most linked first, a bounded number of
 * hosts) and each host is logged once a site, the first time its lists link it: not in every crawl.
 */
class OtherHostLinksTest {

    private final OtherHostLinks links = new OtherHostLinks();

    @Test
    void linksAreCountedByHostTheMostLinkedFirst() {
        OtherHostLinks.Counted counted = links.count(
                "a",
                Set.of(
                        "http://www.gov.cn/",
                        "http://www.gov.cn/zhengce/",
                        "http://xxgk.x.gov.cn/doc/1.html",
                        "http://XXGK.x.gov.cn:8080/doc/2.html",
                        "http://xxgk.x.gov.cn/doc/3.html",
                        "http://beian.miit.gov.cn/"));

        assertThat(counted.top())
                .containsExactly(
                        java.util.Map.entry("xxgk.x.gov.cn", 3),
                        java.util.Map.entry("www.gov.cn", 2),
                        java.util.Map.entry("beian.miit.gov.cn", 1));
    }

    @Test
    void aHostIsNewOnceASiteAndTheReportNamesABoundedNumberOfHosts() {
        Set<String> footer = new HashSet<>();
        for (int i = 0; i < OtherHostLinks.MAX_REPORTED + 5; i++) {
            footer.add("http://portal" + i + ".gov.cn/");
        }

        OtherHostLinks.Counted first = links.count("a", footer);
        OtherHostLinks.Counted second = links.count("a", footer);
        footer.add("http://new.gov.cn/");
        OtherHostLinks.Counted third = links.count("a", footer);

        assertThat(first.firstSeen()).hasSize(OtherHostLinks.MAX_REPORTED + 5);
        assertThat(second.firstSeen())
                .as("the same footer again: nothing new to log")
                .isEmpty();
        assertThat(third.firstSeen()).containsExactly("new.gov.cn");
        assertThat(third.top()).hasSize(OtherHostLinks.MAX_REPORTED);
        assertThat(links.count("b", Set.of("http://portal1.gov.cn/")).firstSeen())
                .as("per site")
                .isEqualTo(List.of("portal1.gov.cn"));
    }
}
