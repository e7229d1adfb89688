package org.gongkai.ingest.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

class IngestPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IngestProperties.class)
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaults() {
        runner.run(context -> {
            IngestProperties p = context.getBean(IngestProperties.class);
            assertThat(p.userAgent()).isEqualTo("Gongkai/0.1 (government disclosure notice indexer)");
            assertThat(p.initialDelay()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.crawlInterval()).isEqualTo(Duration.ofHours(1));
            assertThat(p.fetch().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(p.fetch().readTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(p.fetch().maxBodyBytes()).isEqualTo(DataSize.ofMegabytes(10));
            assertThat(p.fetch().maxBodyBytes().toBytes()).isEqualTo(10 * 1024 * 1024);
            assertThat(p.publish().maxUnacknowledged()).isEqualTo(32);
            assertThat(p.publish().rawBytes()).isFalse();
            assertThat(p.publish().brokerWaitWarning()).isEqualTo(Duration.ofSeconds(10));
            assertThat(p.fetch().maxRedirects()).isEqualTo(5);
            assertThat(p.fetch().retries()).isEqualTo(2);
            assertThat(p.fetch().totalTimeout()).isEqualTo(Duration.ofMinutes(2));
            assertThat(p.politeness().minDelay()).isEqualTo(Duration.ofSeconds(1));
            assertThat(p.politeness().maxConcurrentRequests()).isEqualTo(16);
            assertThat(p.maxConcurrentSites()).isEqualTo(256);
            assertThat(p.politeness().maxCrawlDelay()).isEqualTo(Duration.ofSeconds(60));
            assertThat(p.politeness().backoffBase()).isEqualTo(Duration.ofSeconds(2));
            assertThat(p.politeness().pauseAfterFailures()).isEqualTo(6);
            assertThat(p.robots().enabled()).isTrue();
            assertThat(p.robots().cacheTtl()).isEqualTo(Duration.ofHours(12));
            assertThat(p.state().topic()).isEqualTo("notices.crawl-state");
            assertThat(p.state().revisitMin()).isEqualTo(Duration.ofHours(1));
            assertThat(p.state().revisitMax()).isEqualTo(Duration.ofDays(7));
            assertThat(p.state().store()).isEqualTo(IngestProperties.State.Store.ROCKSDB);
            assertThat(p.state().storeDirectory())
                    .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "gongkai-ingest-state"));
            assertThat(p.state().cacheSize()).isEqualTo(DataSize.ofMegabytes(16));
            assertThat(p.state().writeBufferSize()).isEqualTo(DataSize.ofMegabytes(4));
            assertThat(p.state().listFullWalkInterval()).isEqualTo(Duration.ofDays(1));
            assertThat(p.state().navigationRevisit()).isEqualTo(Duration.ofDays(1));
            assertThat(p.state().forgetFaultedAfter()).isEqualTo(Duration.ofDays(30));
            assertThat(p.attachments()).isEqualTo(AttachmentProperties.defaults());
            assertThat(p.attachments().enabled()).isTrue();
            assertThat(p.attachments().maxCount()).isEqualTo(20);
            assertThat(p.attachments().maxBytes()).isEqualTo(DataSize.ofMegabytes(20));
            assertThat(p.attachments().maxTextChars()).isEqualTo(1 << 20);
            assertThat(p.attachments().parseTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(p.attachments().extensions()).contains("pdf", "docx", "wps", "et", "dps");
            assertThat(p.sites()).isEmpty();
        });
    }

    @Test
    void theLeadsDemoSiteBinds() {
        runner.withPropertyValues(
                        "gongkai.ingest.initial-delay=1s",
                        "gongkai.ingest.politeness.min-delay=50ms",
                        "gongkai.ingest.sites[0].id=demo",
                        "gongkai.ingest.sites[0].name=Gongkai demo portal",
                        "gongkai.ingest.sites[0].list-urls[0]=http://127.0.0.1:18080/xxgk/index.html",
                        "gongkai.ingest.sites[0].allowed-networks=127.0.0.0/8,fd00:1::/64",
                        "gongkai.ingest.sites[1].id=gov-2",
                        "gongkai.ingest.sites[1].list-urls=https://a.test/xxgk/,https://a.test/zcwj/",
                        "gongkai.ingest.sites[1].charset=gbk",
                        "gongkai.ingest.sites[1].link-selector=ul.list a",
                        "gongkai.ingest.sites[1].max-pages=20",
                        "gongkai.ingest.sites[1].pagination=none",
                        "gongkai.ingest.sites[1].max-list-pages=3",
                        "gongkai.ingest.sites[1].schedule=15m",
                        "gongkai.ingest.sites[1].feed-urls[0]=https://b.test/rss.xml",
                        "gongkai.ingest.sites[1].politeness.min-delay=5s",
                        "gongkai.ingest.sites[1].revisit-min=30m",
                        "gongkai.ingest.sites[1].revisit-max=2d",
                        "gongkai.ingest.attachments.max-count=5",
                        "gongkai.ingest.attachments.max-bytes=5MB",
                        "gongkai.ingest.attachments.extensions=PDF,.docx",
                        "gongkai.ingest.attachments.parse-timeout=10s")
                .run(context -> {
                    IngestProperties p = context.getBean(IngestProperties.class);
                    assertThat(p.initialDelay()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(p.politeness().minDelay()).isEqualTo(Duration.ofMillis(50));
                    Site demo = p.site("demo").orElseThrow();
                    assertThat(demo.name()).isEqualTo("Gongkai demo portal");
                    assertThat(demo.listUris()).containsExactly(URI.create("http://127.0.0.1:18080/xxgk/index.html"));
                    assertThat(demo.networks().networks()).containsExactly("127.0.0.0/8", "fd00:1::/64");
                    assertThat(demo.maxPages()).isEqualTo(500);
                    assertThat(demo.charsetOverride()).isEmpty();
                    assertThat(demo.pagination()).isEqualTo(Site.Pagination.AUTO);
                    assertThat(demo.maxListPages()).isEqualTo(10);
                    Site second = p.site("gov-2").orElseThrow();
                    assertThat(second.name()).isEqualTo("gov-2");
                    assertThat(second.networks()).isSameAs(org.gongkai.ingest.url.AllowedNetworks.NONE);
                    assertThat(second.listUrls()).hasSize(2);
                    assertThat(second.charsetOverride()).contains(Charset.forName("GBK"));
                    assertThat(second.linkSelector()).isEqualTo("ul.list a");
                    assertThat(second.maxPages()).isEqualTo(20);
                    assertThat(second.pagination()).isEqualTo(Site.Pagination.NONE);
                    assertThat(second.maxListPages()).isEqualTo(3);
                    assertThat(second.crawlInterval(p.crawlInterval())).isEqualTo(Duration.ofMinutes(15));
                    assertThat(demo.schedule()).isNull();
                    assertThat(demo.minDelay()).isEmpty();
                    assertThat(second.minDelay()).contains(Duration.ofSeconds(5));
                    assertThat(second.hosts()).containsExactly("a.test", "b.test");
                    assertThat(demo.crawlInterval(p.crawlInterval())).isEqualTo(p.crawlInterval());
                    assertThat(second.revisitMin(p.state().revisitMin())).isEqualTo(Duration.ofMinutes(30));
                    assertThat(second.revisitMax(p.state().revisitMax())).isEqualTo(Duration.ofDays(2));
                    assertThat(demo.revisitMin(p.state().revisitMin())).isEqualTo(Duration.ofHours(1));
                    assertThat(demo.revisitMax(p.state().revisitMax())).isEqualTo(Duration.ofDays(7));
                    assertThat(p.attachments().maxCount()).isEqualTo(5);
                    assertThat(p.attachments().maxBytes()).isEqualTo(DataSize.ofMegabytes(5));
                    assertThat(p.attachments().extensions()).containsExactly("pdf", "docx");
                    assertThat(p.attachments().parseTimeout()).isEqualTo(Duration.ofSeconds(10));
                });
    }

    @Test
    void invalidSitesAreRejectedAtStartUp() {
        String url = "gongkai.ingest.sites[0].list-urls[0]=http://a.test/";
        assertRejected("id", "gongkai.ingest.sites[0].id=Demo Site", url);
        assertRejected("id", url);
        assertRejected("listUrls", "gongkai.ingest.sites[0].id=demo");
        assertRejected("listUrls", "gongkai.ingest.sites[0].id=demo", "gongkai.ingest.sites[0].list-urls[0]=ftp://a/");
        assertRejected("listUrls", "gongkai.ingest.sites[0].id=demo", "gongkai.ingest.sites[0].list-urls[0]=a.test/x");
        assertRejected("charset", "gongkai.ingest.sites[0].id=demo", url, "gongkai.ingest.sites[0].charset=klingon");
        assertRejected(
                "linkSelector", "gongkai.ingest.sites[0].id=demo", url, "gongkai.ingest.sites[0].link-selector=ul[");
        assertRejected("maxPages", "gongkai.ingest.sites[0].id=demo", url, "gongkai.ingest.sites[0].max-pages=0");
        assertRejected(
                "siteIdsUnique",
                "gongkai.ingest.sites[0].id=demo",
                url,
                "gongkai.ingest.sites[1].id=demo",
                "gongkai.ingest.sites[1].list-urls[0]=http://b.test/");
        assertRejected("schedule", "gongkai.ingest.sites[0].id=demo", url, "gongkai.ingest.sites[0].schedule=0s");
        assertRejected(
                "min-delay",
                "gongkai.ingest.sites[0].id=demo",
                url,
                "gongkai.ingest.sites[0].politeness.min-delay=-1s");
        assertRejected(
                "revisit",
                "gongkai.ingest.sites[0].id=demo",
                url,
                "gongkai.ingest.sites[0].revisit-min=2h",
                "gongkai.ingest.sites[0].revisit-max=1h");
        assertRejected("revisit", "gongkai.ingest.sites[0].id=demo", url, "gongkai.ingest.sites[0].revisit-max=0s");
        // A site's revisit-min above the global revisit-max (7d) it does not override.
        assertRejected(
                "site 'demo': revisit-min 8d (gongkai.ingest.sites[0].revisit-min) must not exceed its revisit-max 7d"
                        + " (gongkai.ingest.state.revisit-max, the default)",
                "gongkai.ingest.sites[0].id=demo",
                url,
                "gongkai.ingest.sites[0].revisit-min=8d");
        assertRejected(
                "cloud metadata",
                "gongkai.ingest.sites[0].id=demo",
                url,
                "gongkai.ingest.sites[0].allowed-networks=10.1.2.0/24,169.254.169.254/32");
        assertRejected(
                "allowedNetworksValid",
                "gongkai.ingest.sites[0].id=demo",
                url,
                "gongkai.ingest.sites[0].allowed-networks=fe80::/10");
        assertRejected(
                "allowedNetworksValid",
                "gongkai.ingest.sites[0].id=demo",
                url,
                "gongkai.ingest.sites[0].allowed-networks=intranet");
        // The removed boolean fails with a message naming what replaces it.
        assertRejected(
                "list the networks the site may reach instead, e.g. allowed-networks",
                "gongkai.ingest.sites[0].id=demo",
                url,
                "gongkai.ingest.sites[0].allow-private-network=true");
        assertRejected("maxCount", "gongkai.ingest.attachments.max-count=-1");
        assertRejected("attachments", "gongkai.ingest.attachments.parse-timeout=0s");
        assertRejected("maxRedirects", "gongkai.ingest.fetch.max-redirects=-1");
        assertRejected("scheduleValid", "gongkai.ingest.crawl-interval=0s");
        assertRejected("maxConcurrentRequests", "gongkai.ingest.politeness.max-concurrent-requests=0");
        assertRejected("durationsValid", "gongkai.ingest.politeness.backoff-base=-1s");
    }

    @Test
    void aSiteIsAMirrorOnlyWhenItsOperatorSaysSoAndANonBooleanIsRejected() {
        String url = "gongkai.ingest.sites[0].list-urls[0]=http://a.test/";
        runner.withPropertyValues(
                        "gongkai.ingest.sites[0].id=dept",
                        url,
                        "gongkai.ingest.sites[1].id=portal-copies",
                        "gongkai.ingest.sites[1].list-urls[0]=http://b.test/",
                        "gongkai.ingest.sites[1].mirror=true")
                .run(context -> {
                    IngestProperties p = context.getBean(IngestProperties.class);
                    assertThat(p.site("dept").orElseThrow().mirror()).isFalse();
                    assertThat(p.site("portal-copies").orElseThrow().mirror()).isTrue();
                });
        runner.withPropertyValues("gongkai.ingest.sites[0].id=demo", url, "gongkai.ingest.sites[0].mirror=perhaps")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("gongkai.ingest.sites[0].mirror")
                        .rootCause()
                        .hasMessageContaining("'perhaps'"));
    }

    @Test
    void theStateStoreIsChosenAndPlacedByConfiguration() {
        runner.withPropertyValues(
                        "gongkai.ingest.state.store=memory", "gongkai.ingest.state.directory=/var/lib/gongkai/state")
                .run(context -> {
                    IngestProperties.State state =
                            context.getBean(IngestProperties.class).state();
                    assertThat(state.store()).isEqualTo(IngestProperties.State.Store.MEMORY);
                    assertThat(state.storeDirectory()).isEqualTo(Path.of("/var/lib/gongkai/state"));
                });
        assertRejected("storeMemoryValid", "gongkai.ingest.state.cache-size=512KB");
        assertRejected("storeMemoryValid", "gongkai.ingest.state.write-buffer-size=10MB");
        assertRejected("Store", "gongkai.ingest.state.store=leveldb");
        assertRejected("listFullWalkIntervalValid", "gongkai.ingest.state.list-full-walk-interval=-1h");
        assertRejected("navigationRevisitValid", "gongkai.ingest.state.navigation-revisit=0s");
        assertRejected("navigationRevisitValid", "gongkai.ingest.state.navigation-revisit=-1h");
        assertRejected("brokerWaitWarningValid", "gongkai.ingest.publish.broker-wait-warning=0s");
        runner.withPropertyValues("gongkai.ingest.state.list-full-walk-interval=0s")
                .run(context -> assertThat(
                                context.getBean(IngestProperties.class).state().listFullWalkInterval())
                        .as("0s: every walk a full one")
                        .isZero());
    }

    @Test
    void forgetFaultedAfterIsZeroForNeverOrAtLeastEveryRevisitMax() {
        String url = "gongkai.ingest.sites[0].list-urls[0]=https://portal.test/xxgk/index.html";
        assertRejected("forgetFaultedAfterValid", "gongkai.ingest.state.forget-faulted-after=-1d");
        // below the global revisit-max (7d)
        assertRejected(
                "gongkai.ingest.state.forget-faulted-after (6d) must be 0s (never) or at least",
                "gongkai.ingest.state.forget-faulted-after=6d");
        // below a site's own revisit-max
        assertRejected(
                "site 'demo' has revisit-max 40d (gongkai.ingest.sites[0].revisit-max)",
                "gongkai.ingest.sites[0].id=demo",
                url,
                "gongkai.ingest.sites[0].revisit-max=40d");
        runner.withPropertyValues("gongkai.ingest.state.forget-faulted-after=0s")
                .run(context -> {
                    IngestProperties.State state =
                            context.getBean(IngestProperties.class).state();
                    assertThat(state.forgetFaultedAfter()).as("0s: never").isZero();
                    assertThat(state.forgetsFaulted()).isFalse();
                });
        runner.withPropertyValues(
                        "gongkai.ingest.state.forget-faulted-after=7d",
                        "gongkai.ingest.sites[0].id=demo",
                        url,
                        "gongkai.ingest.sites[0].revisit-max=2d")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aForgetFaultedAfterBelowARevisitMaxIsRejectedNamingTheKeysTheSiteAndTheValues() {
        // session 16's trial: forget-faulted-after 30s, a site's revisit-max 120s, state.revisit-max left at 7d
        runner.withPropertyValues(
                        "gongkai.ingest.state.forget-faulted-after=30s",
                        "gongkai.ingest.state.revisit-min=10s",
                        "gongkai.ingest.sites[0].id=s16",
                        "gongkai.ingest.sites[0].list-urls[0]=http://127.0.0.61:18691/list.html",
                        "gongkai.ingest.sites[0].revisit-min=60s",
                        "gongkai.ingest.sites[0].revisit-max=120s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable cause = context.getStartupFailure();
                    while (!(cause instanceof BindValidationException) && cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    assertThat(cause).isInstanceOf(BindValidationException.class);
                    List<ObjectError> errors = ((BindValidationException) cause)
                            .getValidationErrors()
                            .getAllErrors();
                    assertThat(errors).as("%s", errors).hasSize(1);
                    assertThat(errors.get(0))
                            .as("the key the operator writes, as the start-up failure shows it: %s", errors.get(0))
                            .isInstanceOfSatisfying(FieldError.class, error -> {
                                assertThat(error.getObjectName() + "." + error.getField())
                                        .isEqualTo("gongkai.ingest.state.forget-faulted-after");
                                assertThat(error.getRejectedValue()).isEqualTo(Duration.ofSeconds(30));
                            });
                    assertThat(errors.get(0).getDefaultMessage())
                            .isEqualTo(
                                    "gongkai.ingest.state.forget-faulted-after (30s) must be 0s (never) or at least"
                                            + " gongkai.ingest.state.revisit-max and each site's revisit-max, but"
                                            + " gongkai.ingest.state.revisit-max is 7d, the default; site 's16' has"
                                            + " revisit-max 2m (gongkai.ingest.sites[0].revisit-max): raise it (or set it to 0s) or lower those");
                });
    }

    @Test
    void aSiteWhoseRevisitMinExceedsItsRevisitMaxIsRejectedOnceOnItsOwnKey() {
        // session 17's trial: a second error on a pseudo-property (sites[0].revisitValid, "false") said it again
        List<FieldError> errors = bindErrors(
                "gongkai.ingest.sites[0].id=s17",
                "gongkai.ingest.sites[0].list-urls[0]=http://127.0.0.64:18791/list",
                "gongkai.ingest.sites[0].revisit-min=5m",
                "gongkai.ingest.sites[0].revisit-max=120s");
        assertThat(errors)
                .extracting(error -> error.getObjectName() + "." + error.getField())
                .containsExactly("gongkai.ingest.sites[0].revisit-min");
        assertThat(errors.get(0).getDefaultMessage())
                .isEqualTo("site 's17': revisit-min 5m (gongkai.ingest.sites[0].revisit-min) must not exceed its"
                        + " revisit-max 2m (gongkai.ingest.sites[0].revisit-max)");
    }

    @Test
    void aNegativeRevisitMinAndAZeroRevisitMaxAreRejectedOnTheirOwnKeys() {
        // field constraints: Spring names the field as bound (revisitMin), a key relaxed binding reads too
        List<FieldError> errors = bindErrors(
                "gongkai.ingest.sites[0].id=s17",
                "gongkai.ingest.sites[0].list-urls[0]=http://127.0.0.64:18791/list",
                "gongkai.ingest.sites[0].revisit-min=-1s",
                "gongkai.ingest.sites[0].revisit-max=0s");
        assertThat(errors)
                .extracting(error -> error.getObjectName() + "." + error.getField())
                .containsExactlyInAnyOrder("gongkai.ingest.sites[0].revisitMin", "gongkai.ingest.sites[0].revisitMax");
        assertThat(errors)
                .extracting(FieldError::getDefaultMessage)
                .containsExactlyInAnyOrder("must not be negative", "must be positive");
    }

    /** The field errors of a start-up that fails at binding these properties. */
    private List<FieldError> bindErrors(String... properties) {
        List<FieldError> errors = new java.util.ArrayList<>();
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable cause = context.getStartupFailure();
            while (!(cause instanceof BindValidationException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(BindValidationException.class);
            for (ObjectError error :
                    ((BindValidationException) cause).getValidationErrors().getAllErrors()) {
                assertThat(error)
                        .as("an error on a key the operator writes: %s", error)
                        .isInstanceOf(FieldError.class);
                errors.add((FieldError) error);
            }
        });
        return errors;
    }

    private void assertRejected(String field, String... properties) {
        runner.withPropertyValues(properties)
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(field));
    }
}
