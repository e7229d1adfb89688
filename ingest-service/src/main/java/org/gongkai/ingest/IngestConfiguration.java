package org.gongkai.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.gongkai.events.spring.TopicsProperties;
import org.gongkai.ingest.attach.AttachmentCollector;
import org.gongkai.ingest.attach.AttachmentText;
import org.gongkai.ingest.attach.ChildParses;
import org.gongkai.ingest.crawl.BrokerWaits;
import org.gongkai.ingest.crawl.CrawlEndpoint;
import org.gongkai.ingest.crawl.CrawlScheduler;
import org.gongkai.ingest.crawl.CrawlState;
import org.gongkai.ingest.crawl.CrawlStateHealthIndicator;
import org.gongkai.ingest.crawl.CrawlStateRestorer;
import org.gongkai.ingest.crawl.Crawler;
import org.gongkai.ingest.crawl.InMemoryCrawlState;
import org.gongkai.ingest.crawl.KafkaCrawlState;
import org.gongkai.ingest.crawl.KafkaHostAssignment;
import org.gongkai.ingest.crawl.PageMeterDescriptions;
import org.gongkai.ingest.crawl.RocksDbCrawlState;
import org.gongkai.ingest.crawl.SiteCrawler;
import org.gongkai.ingest.fetch.AddressGuard;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.fetch.HostPoliteness;
import org.gongkai.ingest.fetch.HostResolver;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.HttpTransport;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.PinnedHttpTransport;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.publish.KafkaNoticePublisher;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.RecordFit;
import org.gongkai.ingest.site.AttachmentProperties;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.gongkai.ingest.trace.CurrentTrace;
import org.gongkai.ingest.warc.WarcImportRunner;
import org.gongkai.ingest.warc.WarcImporter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Wires the crawl pipeline. The seams later work plugs into are beans that can be replaced: {@link HostResolver}
 * (tests, pinned DNS), {@link HttpTransport}, {@link HostPoliteness} (politeness shared across instances) and
 * {@link CrawlState} (crawl state persisted in Kafka).
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    /** HELP text of the page-visit timers, which the observation handler registers without one. */
    @Bean
    PageMeterDescriptions pageMeterDescriptions() {
        return new PageMeterDescriptions();
    }

    @Bean
    @ConditionalOnMissingBean
    HostResolver hostResolver() {
        return HostResolver.SYSTEM;
    }

    /**
     * Connects only to the addresses the SSRF guard vetted (no DNS rebinding between check and connect). Keeps one
     * connection for each site crawled at once (at least 64), so a site's connection outlives its crawl delay.
     */
    @Bean
    @ConditionalOnMissingBean
    HttpTransport httpTransport(IngestProperties properties) {
        return new PinnedHttpTransport(
                properties.fetch().connectTimeout(), Math.max(64, properties.maxConcurrentSites()));
    }

    /** Host pauses are kept in the crawl state, so that a restarted instance (or a host's next owner) honours them. */
    @Bean
    @ConditionalOnMissingBean
    HostPoliteness hostPoliteness(IngestProperties properties, MeterRegistry meters, CrawlState state) {
        MinDelayPoliteness politeness =
                new MinDelayPoliteness(properties.politeness(), meters, state, Clock.systemUTC());
        for (Site site : properties.sites()) {
            site.minDelay().ifPresent(delay -> site.hosts().forEach(host -> politeness.minDelay(host, delay)));
        }
        return politeness;
    }

    /** Says so when a crawl waits long for the broker; one per registry (its gauge), the crawler's and the state's. */
    @Bean
    BrokerWaits brokerWaits(IngestProperties properties, MeterRegistry meters) {
        return BrokerWaits.of(properties.publish().brokerWaitWarning(), meters);
    }

    @Bean
    @ConditionalOnMissingBean
    CrawlState crawlState(
            KafkaProperties kafka, IngestProperties properties, MeterRegistry meters, BrokerWaits brokerWaits) {
        IngestProperties.State config = properties.state();
        CrawlState local = config.store() == IngestProperties.State.Store.MEMORY
                ? new InMemoryCrawlState()
                : RocksDbCrawlState.open(
                        config.storeDirectory(),
                        config.cacheSize().toBytes(),
                        config.writeBufferSize().toBytes());
        KafkaCrawlState state = new KafkaCrawlState(
                local,
                properties.state().topic(),
                kafka.buildProducerProperties(),
                kafka.buildConsumerProperties(),
                properties.state().loadTimeout(),
                meters,
                brokerWaits);
        return properties.coordination().enabled() ? state.followOtherInstances() : state;
    }

    /** Restores the crawl state from its topic as soon as the application starts (readiness waits for it). */
    @Bean
    CrawlStateRestorer crawlStateRestorer(CrawlState state) {
        return new CrawlStateRestorer(state);
    }

    /** Health component {@code crawlState}, in the readiness group: DOWN until the state is restored. */
    @Bean(name = "crawlStateHealthIndicator")
    CrawlStateHealthIndicator crawlStateHealthIndicator(CrawlState state) {
        return new CrawlStateHealthIndicator(state);
    }

    @Bean
    @ConditionalOnProperty(name = "gongkai.ingest.coordination.enabled", havingValue = "true")
    KafkaHostAssignment hostAssignment(IngestProperties properties, KafkaProperties kafka) {
        return new KafkaHostAssignment(
                properties.coordination().topic(), properties.coordination().group(), kafka.buildConsumerProperties());
    }

    @Bean
    @ConditionalOnProperty(
            name = {"gongkai.ingest.coordination.enabled", "gongkai.topics.declare"},
            havingValue = "true")
    NewTopic hostAssignmentTopic(IngestProperties properties, TopicsProperties topics) {
        return TopicBuilder.name(properties.coordination().topic())
                .partitions(topics.partitions())
                .replicas(topics.replication())
                .build();
    }

    /** The compacted crawl-state topic, declared beside the contract's topics. */
    @Bean
    @ConditionalOnProperty(name = "gongkai.topics.declare", havingValue = "true", matchIfMissing = true)
    NewTopic crawlStateTopic(IngestProperties properties, TopicsProperties topics) {
        return KafkaCrawlState.topicDeclaration(properties.state().topic(), topics.partitions(), topics.replication());
    }

    @Bean
    HttpFetcher httpFetcher(
            HttpTransport transport,
            HostResolver resolver,
            HostPoliteness politeness,
            IngestProperties properties,
            MeterRegistry meters,
            CurrentTrace trace) {
        return new HttpFetcher(
                transport,
                new AddressGuard(resolver),
                politeness,
                properties.fetch(),
                properties.userAgent(),
                meters,
                Clock.systemUTC(),
                trace::traceparent);
    }

    @Bean
    RobotsPolicy robotsPolicy(
            HttpFetcher fetcher, HostPoliteness politeness, IngestProperties properties, MeterRegistry meters) {
        return new RobotsPolicy(
                fetcher, politeness, properties.robots(), properties.userAgent(), meters, Clock.systemUTC());
    }

    /** The page visit's trace, for the records' trace id and the crawler's {@code traceparent} request header. */
    @Bean
    CurrentTrace currentTrace(ObjectProvider<Tracer> tracer) {
        return new CurrentTrace(tracer.getIfAvailable());
    }

    @Bean
    NoticePublisher noticePublisher(
            KafkaTemplate<String, Object> template,
            KafkaProperties kafka,
            CurrentTrace trace,
            IngestProperties properties,
            @Value("${spring.application.name}") String producer) {
        Object maxRequestSize = kafka.buildProducerProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int limit = maxRequestSize == null
                ? 1024 * 1024
                : Integer.parseInt(maxRequestSize.toString().strip());
        return new KafkaNoticePublisher(
                template, producer, new RecordFit(limit, properties.publish().rawBytes()), trace);
    }

    /** Attachment fetching and text extraction (Tika); closed with the context (stops the parse threads). */
    @Bean
    AttachmentCollector attachmentCollector(IngestProperties properties, MeterRegistry meters) {
        AttachmentProperties config = properties.attachments();
        return new AttachmentCollector(
                config, attachmentText(config, meters), properties.fetch().totalTimeout(), meters);
    }

    /** The text extraction in the configured {@code parse-mode}. */
    private static AttachmentText attachmentText(AttachmentProperties config, MeterRegistry meters) {
        if (config.parseMode() == AttachmentProperties.ParseMode.IN_PROCESS) {
            return new AttachmentText(
                    config.contentTypes(), config.maxTextChars(), config.parseTimeout(), config.parseThreads(), meters);
        }
        return new AttachmentText(new ChildParses(ChildParses.Settings.of(config), meters), meters);
    }

    @Bean
    SiteCrawler siteCrawler(
            ObjectProvider<HostAssignment> assignment,
            HttpFetcher fetcher,
            RobotsPolicy robots,
            NoticePublisher publisher,
            CrawlState state,
            AttachmentCollector attachments,
            IngestProperties properties,
            MeterRegistry meters,
            ObjectProvider<ObservationRegistry> observations,
            BrokerWaits brokerWaits) {
        return new SiteCrawler(
                assignment.getIfAvailable(() -> HostAssignment.ALL),
                fetcher,
                robots,
                publisher,
                state,
                properties.state(),
                properties.attachments().enabled() ? attachments : null,
                meters,
                Clock.systemUTC(),
                observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                properties.publish().maxUnacknowledged(),
                brokerWaits);
    }

    @Bean
    CrawlScheduler crawlScheduler(
            IngestProperties properties,
            Crawler crawler,
            ObjectProvider<HostAssignment> assignment,
            MeterRegistry meters) {
        return new CrawlScheduler(properties, crawler, assignment.getIfAvailable(() -> HostAssignment.ALL), meters);
    }

    @Bean
    WarcImporter warcImporter(SiteCrawler crawler, IngestProperties properties) {
        return new WarcImporter(crawler, properties);
    }

    @Bean
    WarcImportRunner warcImportRunner(
            WarcImporter importer, CrawlScheduler scheduler, ConfigurableApplicationContext context) {
        return new WarcImportRunner(importer, scheduler, context);
    }

    @Bean
    CrawlEndpoint crawlEndpoint(IngestProperties properties, CrawlScheduler scheduler, CrawlState state) {
        return new CrawlEndpoint(properties, scheduler, state);
    }
}
