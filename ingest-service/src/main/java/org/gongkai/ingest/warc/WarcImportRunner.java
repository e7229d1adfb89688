package org.gongkai.ingest.warc;

import java.nio.file.Path;
import java.util.List;
import org.gongkai.ingest.crawl.CrawlScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The WARC import command: {@code java -jar ingest-service.jar import-warc a.warc.gz b.warc ...} (with the usual
 * {@code --spring.kafka.bootstrap-servers=…}). Stops the crawl scheduler, imports the files in order through
 * {@link WarcImporter}, then ends the process (exit status 1 when a file failed). Without the {@code
 * import-warc} argument it does nothing.
 */
public final class WarcImportRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WarcImportRunner.class);

    private final WarcImporter importer;
    private final CrawlScheduler scheduler;
    private final ConfigurableApplicationContext context;

    public WarcImportRunner(WarcImporter importer, CrawlScheduler scheduler, ConfigurableApplicationContext context) {
        this.importer = importer;
        this.scheduler = scheduler;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> words = args.getNonOptionArgs();
        if (words.isEmpty() || !words.get(0).equals("import-warc")) {
            return;
        }
        scheduler.stop();
        int failures = 0;
        for (String file : words.subList(1, words.size())) {
            try {
                importer.importFile(Path.of(file));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures++;
                break;
            } catch (Exception e) {
                log.error("{}: import failed", file, e);
                failures++;
            }
        }
        int status = failures == 0 ? 0 : 1;
        System.exit(SpringApplication.exit(context, () -> status));
    }
}
