package org.gongkai.enrich.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.gongkai.analysis.fold.ScriptFolding;
import org.gongkai.analysis.fold.ScriptFolding.Script;
import org.gongkai.enrich.classify.SubjectClassification;
import org.gongkai.enrich.classify.SubjectClassifier;
import org.gongkai.enrich.extract.ContentExtractor;
import org.gongkai.enrich.extract.ExtractedPage;
import org.gongkai.enrich.extract.SiteHints;
import org.gongkai.enrich.normalise.Flags;
import org.gongkai.enrich.normalise.Identities;
import org.gongkai.enrich.normalise.MetadataNormaliser;
import org.gongkai.enrich.normalise.NormalisedMetadata;
import org.gongkai.enrich.normalise.PinyinGlosses;
import org.gongkai.enrich.normalise.Widths;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.RawNotice;

/**
 * Turns a raw notice into an enriched one: extraction ({@code extract}), normalisation ({@code normalise}), then
 * subject classification ({@code classify}) of the normalised text. Title and body lose pinyin glosses and
 * full-width forms, and are folded to Simplified script when the page is Traditional or mixed (the text before
 * folding is kept in {@code details.originalTitle/originalBody}); {@code details.identity} links mirror copies;
 * {@code subject} holds the declared and predicted subject with the model version, and the classifier's flags
 * join the notice's. Pure apart from the clock and the timers: no I/O, thread-safe (the classifier is shared).
 *
 * <p>Failure semantics: any exception from extraction, normalisation or classification, and a
 * {@link StackOverflowError}, is wrapped in {@link EnrichmentException}, which the pipeline does not retry (the same input would fail again) and sends to
 * the dead-letter topic.
 */
public class NoticeEnricher {

    private final ContentExtractor extractor = new ContentExtractor();
    private final MetadataNormaliser normaliser = new MetadataNormaliser();
    private final Map<String, SiteHints> siteHints;
    private final String enricherVersion;
    private final Clock clock;
    private final Timer extractionTimer;
    private final Timer classificationTimer;
    private final SubjectMetrics subjects;
    private final Supplier<SubjectClassifier> classifier;

    /** An enricher with the shipped subject model and no site hints. */
    public NoticeEnricher(String enricherVersion, Clock clock, MeterRegistry registry) {
        this(enricherVersion, clock, registry, Map.of());
    }

    /** An enricher with the shipped subject model (loaded once per JVM, on first use). */
    public NoticeEnricher(
            String enricherVersion, Clock clock, MeterRegistry registry, Map<String, SiteHints> siteHints) {
        this(enricherVersion, clock, registry, siteHints, StandardClassifier.INSTANCE);
    }

    /**
     * @param siteHints  extraction hints by site id ({@link RawNotice#siteId()})
     * @param classifier subject classifier, shared by all consumer threads
     */
    public NoticeEnricher(
            String enricherVersion,
            Clock clock,
            MeterRegistry registry,
            Map<String, SiteHints> siteHints,
            SubjectClassifier classifier) {
        this(enricherVersion, clock, registry, siteHints, constant(classifier));
    }

    /**
     * @param siteHints  extraction hints by site id ({@link RawNotice#siteId()})
     * @param classifier the subject classifier in use, asked once per notice (so a model reloaded meanwhile serves
     *                   the next notice, and a notice is classified and versioned by one model); thread-safe
     */
    public NoticeEnricher(
            String enricherVersion,
            Clock clock,
            MeterRegistry registry,
            Map<String, SiteHints> siteHints,
            Supplier<SubjectClassifier> classifier) {
        this.classifier = java.util.Objects.requireNonNull(classifier, "classifier");
        this.siteHints = Map.copyOf(siteHints);
        this.enricherVersion = enricherVersion;
        this.clock = clock;
        this.extractionTimer = Timer.builder("gongkai.enrich.extraction")
                .description("Time to enrich one notice: extraction, normalisation and subject classification")
                .register(registry);
        this.classificationTimer = Timer.builder("gongkai.enrich.classification")
                .description("Time to classify the subject of one notice")
                .register(registry);
        this.subjects = new SubjectMetrics(registry);
    }

    private static Supplier<SubjectClassifier> constant(SubjectClassifier classifier) {
        java.util.Objects.requireNonNull(classifier, "classifier");
        return () -> classifier;
    }

    /** The shipped classifier, loaded on first use by the constructors that take none. */
    private static final class StandardClassifier {
        static final SubjectClassifier INSTANCE = SubjectClassifier.standard();
    }

    /**
     * @throws EnrichmentException when extraction, normalisation or classification fails
     */
    public EnrichedNotice enrich(RawNotice raw) {
        Timer.Sample sample = Timer.start();
        try {
            return doEnrich(raw);
        } catch (RuntimeException | StackOverflowError e) {
            // A stack overflow comes from this notice's input (a regular expression or a recursion on a pathological
            // page), not from the service: as an Error it would stop the listener container, so it is dead-lettered
            // like any other enrichment failure. Other Errors (out of memory, linkage) stay fatal.
            throw new EnrichmentException("cannot enrich notice " + raw.noticeId() + ": " + e, e);
        } finally {
            sample.stop(extractionTimer);
        }
    }

    private EnrichedNotice doEnrich(RawNotice raw) {
        SiteHints hints = raw.siteId() == null ? SiteHints.NONE : siteHints.getOrDefault(raw.siteId(), SiteHints.NONE);
        ExtractedPage page = extractor.extract(raw.contentType(), raw.body(), hints);
        NormalisedMetadata normalised = normaliser.normalise(page.fields(), page.titleCandidates());

        String writtenTitle = normalised.title();
        String unglossed = PinyinGlosses.strip(page.body());
        boolean glosses = unglossed != page.body();
        String writtenBody = body(unglossed, writtenTitle);

        Set<String> flags = new LinkedHashSet<>(page.flags());
        flags.addAll(normalised.flags());
        if (writtenBody.isEmpty()) {
            flags.add(Flags.NO_BODY);
        }
        if (glosses) {
            flags.add(Flags.MIRROR_ARTEFACTS);
        }
        if (raw.mirror()) {
            flags.add(Flags.DECLARED_MIRROR);
        }
        if (raw.truncated()) {
            flags.add(Flags.TRUNCATED_SOURCE);
        }

        // Script of the whole page; the text is folded only when it has Traditional characters to speak of, so a
        // Simplified page keeps stray variant forms (乾 in 乾隆 outside a known phrase, 藉) as written.
        ScriptFolding folding = ScriptFolding.standard();
        int traditional = folding.traditionalCount(writtenTitle) + folding.traditionalCount(writtenBody);
        int simplified = folding.simplifiedCount(writtenTitle) + folding.simplifiedCount(writtenBody);
        for (var label : normalised.labels().entrySet()) {
            traditional += folding.traditionalCount(label.getValue());
            simplified += folding.simplifiedCount(label.getValue());
        }
        Script script = ScriptFolding.detect(traditional, simplified);
        String title = Widths.fold(writtenTitle);
        String body = Widths.fold(writtenBody);
        // the text as written is kept only when script folding changed it, not for width folding alone
        String originalTitle = null;
        String originalBody = null;
        if (script != Script.SIMPLIFIED) {
            String folded = folding.fold(title);
            originalTitle = folded.equals(title) ? null : writtenTitle;
            title = folded;
            folded = folding.fold(body);
            originalBody = folded.equals(body) ? null : writtenBody;
            body = folded;
            flags.add(Flags.TRADITIONAL_SCRIPT);
        }

        EnrichedNotice.Metadata metadata = normalised.metadata();
        // attachments are classified in the script of the title and body
        String attachmentText = attachmentText(raw.attachments());
        if (attachmentText != null) {
            attachmentText = Widths.fold(attachmentText);
            attachmentText = script == Script.SIMPLIFIED ? attachmentText : folding.fold(attachmentText);
        }
        String classifiedTitle = title;
        String classifiedBody = body;
        String attachments = attachmentText;
        SubjectClassification classification = classificationTimer.record(() -> classifier
                .get()
                .classify(
                        classifiedTitle,
                        classifiedBody,
                        attachments,
                        metadata.publisher(),
                        metadata.subjectCategory()));
        flags.addAll(classification.flags());
        EnrichedNotice.Subject subject = classification.toEvent();
        subjects.classified(subject);

        EnrichedNotice.Details d = normalised.details();
        EnrichedNotice.Details details = new EnrichedNotice.Details(
                script.id(),
                glosses || d.mirrorArtefacts(),
                originalTitle,
                originalBody,
                d.indexNumber(),
                d.subjectCategory(),
                d.publisher(),
                d.writtenAt(),
                d.publishedAt(),
                d.documentNumber(),
                d.validity(),
                d.disclosureMode(),
                d.disclosureScope(),
                d.disclosurePeriod(),
                d.keywords(),
                d.genre(),
                Identities.of(
                        raw.noticeId(),
                        metadata.indexNumber(),
                        d.publisher() == null ? null : d.publisher().normalised(),
                        metadata.documentNumberKey()));
        return new EnrichedNotice(
                EnrichedNotice.SCHEMA_VERSION,
                raw.noticeId(),
                raw.url(),
                raw.siteId(),
                raw.fetchedAt(),
                raw.version(),
                title,
                body,
                metadata,
                normalised.labels(),
                raw.attachments(),
                new ArrayList<>(flags),
                enricherVersion,
                clock.instant(),
                details,
                subject);
    }

    /** Attachment texts joined by newlines, {@code null} when there are none. */
    private static String attachmentText(List<RawNotice.Attachment> attachments) {
        if (attachments == null || attachments.isEmpty()) {
            return null;
        }
        String text = attachments.stream()
                .map(RawNotice.Attachment::text)
                .filter(t -> t != null && !t.isBlank())
                .collect(Collectors.joining("\n"));
        return text.isEmpty() ? null : text;
    }

    /** The body without a first line that repeats the title. */
    private static String body(String body, String title) {
        // by offsets: the lines kept, joined again, are the text from the first of them on (no split and join)
        int start = 0;
        int end = lineEnd(body, start);
        while (start < body.length() && body.substring(start, end).isBlank()) {
            start = end + 1;
            end = lineEnd(body, start);
        }
        if (start < body.length()
                && !title.isEmpty()
                && body.substring(start, end).strip().equals(title)) {
            start = end + 1;
        }
        return start >= body.length() ? "" : body.substring(start).strip();
    }

    /** End of the line starting at {@code start}: its {@code '\n'} or the end of the text. */
    private static int lineEnd(String text, int start) {
        if (start >= text.length()) {
            return text.length();
        }
        int nl = text.indexOf('\n', start);
        return nl < 0 ? text.length() : nl;
    }
}
