package org.gongkai.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real notices ({@code shared/data/real-notices/notices.jsonl}, gov.cn's policy library) as the enriched events
 * index-service receives: the first {@value #GOVCN} of gov.cn's policy library that have a URL and a publisher, and
 * every jiangxi.gov.cn notice with a URL, a publisher and an 索引号 (most also have a 文号). Their title, body,
 * publisher, identifiers, dates and declared subject are real; genre is read off the title's last word as the enricher does. Synthetic,
 * and marked so here: the subject model versions (two notices predicted by a crawl model, {@link #CRAWL_MODEL}),
 * validity (two notices set to {@code expired}) and one attachment (the
 * real ones had none recorded) of the draft standard's notice, so the page's validity facet and attachment list have something to show.
 * Synthetic too: {@link #mirrors} (copies of real notices on a Traditional mirror site, one on its own site, and one
 * on a site declared a mirror).
 */
final class RealNoticeFixtures {

    static final int GOVCN = 30;

    /** A real 文号 of the set and its notice's title (江西省人民政府, 2020-03-02). */
    static final String DOCUMENT_NUMBER = "赣府发〔2020〕6号";

    static final String DOCUMENT_NUMBER_TITLE_START = "江西省人民政府关于抢时间保进度强弱项补缺口";

    /** The first real notice: 国务院办公厅关于为新冠肺炎疫情牺牲烈士和逝世同胞举行全国性哀悼活动的通知. */
    static final String MOURNING_TITLE = "国务院办公厅关于为新冠肺炎疫情牺牲烈士和逝世同胞举行全国性哀悼活动的通知";

    /** Two real notices on one draft standard (jiangxi.gov.cn, 2020-02-04 and 2020-02-18): related to each other. */
    static final String MARKET_STANDARD_CALL = "江西省市场监管局关于征集《农贸市场经营管理规范》地方标准立项意见和起草组专家的函";

    static final String MARKET_STANDARD_DRAFT = "关于征求《农贸市场经营管理规范》江西省地方标准意见的函";

    /** The synthetic attachment of {@link #MARKET_STANDARD_DRAFT} (the real page had the draft attached). */
    static final String ATTACHMENT_NAME = "《农贸市场经营管理规范》征求意见稿.docx";

    /** The site of the synthetic mirror copies. */
    static final String MIRROR_SITE = "tw-mirror";

    /** The model version every notice here carries (enrich-service's shipped model; the subjects are declared). */
    static final String SHIPPED_MODEL = "subject-7-local";

    /** Synthetic: the model of a continuous trainer's promotion, which predicted {@link #PREDICTED_BY_CRAWL_MODEL}. */
    static final String CRAWL_MODEL = "subject-crawl-20261207045735-216";

    /** Synthetic: gov.cn notices (of those no other test names) whose subject {@link #CRAWL_MODEL} predicted. */
    static final List<Integer> PREDICTED_BY_CRAWL_MODEL = List.of(10, 20);

    private static final List<String> GENRES = List.of("通知", "公告", "意见", "通告", "办法", "指引", "指南");

    private RealNoticeFixtures() {}

    static Path file() {
        Path repo = Path.of(System.getProperty("gongkai.repo", ".."))
                .toAbsolutePath()
                .normalize();
        return repo.resolveSibling("shared").resolve("data/real-notices/notices.jsonl");
    }

    static List<EnrichedNotice> load() {
        JsonMapper json = JsonMapper.builder().build();
        List<EnrichedNotice> notices = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file())) {
                JsonNode n = json.readTree(line);
                if (n.path("url").isMissingNode() || n.path("publisher").isMissingNode()) {
                    continue;
                }
                if (notices.size() < GOVCN || n.has("index_number")) {
                    notices.add(notice(n, notices.size()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return notices;
    }

    /**
     * Synthetic mirror copies, as the enricher sends a Traditional mirror's page: the first notice
     * ({@link #MOURNING_TITLE}, no 文号 or 索引号) and the one with {@link #DOCUMENT_NUMBER} (for the lookups), on
     * {@value #MIRROR_SITE}, its text already folded to Simplified, flagged
     * {@code traditional_script} and {@code mirror_artefacts}, with the original's identity. The originals here carry
     * no details, so their identity is their notice id (index-service's default), which the mirror shares as
     * enrich-service's {@code Identities} would give both the same key.
     */
    static List<EnrichedNotice> mirrors(List<EnrichedNotice> notices) {
        EnrichedNotice numbered = notices.stream()
                .filter(n -> DOCUMENT_NUMBER.equals(n.metadata().documentNumber()))
                .findFirst()
                .orElseThrow();
        return List.of(
                mirror(notices.get(0)),
                mirror(numbered),
                sameSiteCopy(notices.get(SAME_SITE_COPY_OF)),
                DeclaredMirrorCopy.of(declaredMirrorOriginal(notices)));
    }

    /** The site of {@link DeclaredMirrorCopy}: declared a mirror by its operator. */
    static final String DECLARED_MIRROR_SITE = "portal-copies";

    /** A real 文号 of the set whose notice {@link #mirrors} also copies on {@value #DECLARED_MIRROR_SITE}. */
    static final String DECLARED_MIRROR_DOCUMENT_NUMBER = "赣府字〔2020〕11号";

    static EnrichedNotice declaredMirrorOriginal(List<EnrichedNotice> notices) {
        return notices.stream()
                .filter(n -> DECLARED_MIRROR_DOCUMENT_NUMBER.equals(n.metadata().documentNumber()))
                .findFirst()
                .orElseThrow();
    }

    /** The notice (of the gov.cn ones no other test names) that {@link #mirrors} also copies on its own host. */
    static final int SAME_SITE_COPY_OF = GOVCN - 1;

    /**
     * The same notice under a second path of its own site (a portal listing it in two columns): no mirror flags, the
     * original's identity, fetched later.
     */
    private static EnrichedNotice sameSiteCopy(EnrichedNotice original) {
        URI uri = URI.create(original.url());
        String url = uri.getScheme() + "://" + uri.getRawAuthority() + "/column2" + uri.getRawPath();
        return copyAt(original, url, original.siteId(), original.flags(), identityOf(original, null, false));
    }

    /** A Traditional mirror on {@value #MIRROR_SITE}: its text already folded, flagged as the enricher flags one. */
    private static EnrichedNotice mirror(EnrichedNotice original) {
        String url = "http://tw.mirror.example.org/zh-hant/" + original.noticeId() + ".html";
        return copyAt(
                original,
                url,
                MIRROR_SITE,
                List.of("traditional_script", "mirror_artefacts"),
                identityOf(original, "traditional", true));
    }

    /** The original's text and metadata at another address, fetched ten minutes later, as a newer version. */
    private static EnrichedNotice copyAt(
            EnrichedNotice original, String url, String siteId, List<String> flags, EnrichedNotice.Details details) {
        return new EnrichedNotice(
                original.schemaVersion(),
                NoticeIds.fromUrl(url),
                url,
                siteId,
                original.fetchedAt().plusSeconds(600),
                original.version() + 1,
                original.title(),
                original.body(),
                original.metadata(),
                original.labels(),
                original.attachments(),
                flags,
                original.enricherVersion(),
                original.enrichedAt(),
                details,
                original.subject());
    }

    /** Details carrying only the original's identity, and for a mirror its script and pinyin-gloss finding. */
    private static EnrichedNotice.Details identityOf(EnrichedNotice original, String script, boolean mirrorArtefacts) {
        return new EnrichedNotice.Details(
                script,
                mirrorArtefacts,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new EnrichedNotice.Identity(original.noticeId(), "index_number"));
    }

    /**
     * The publisher as the enricher normalises gov.cn's joint issues (names apart by spaces, each of two or more
     * characters): the issuers joined by {@link EnrichedNotice.Publisher#JOINT}, {@code 市场监管总局、教育部、公安部}.
     */
    static String publisher(String raw) {
        return String.join(EnrichedNotice.Publisher.JOINT, raw.strip().split("[\\s\\u2002\\u3000]+"));
    }

    private static EnrichedNotice notice(JsonNode n, int position) {
        String url = n.path("url").asString();
        String title = n.path("title").asString();
        OffsetDateTime published =
                LocalDate.parse(n.path("published").asString()).atTime(9, 0).atOffset(ZoneOffset.ofHours(8));
        String[] subject = n.path("subject_raw").asString().split("\\\\", 2);
        String genre = GENRES.stream().filter(title::endsWith).findFirst().orElse("其他");
        String validity = position == 3 || position == 7 ? "expired" : "valid"; // synthetic
        List<RawNotice.Attachment> attachments = title.equals(MARKET_STANDARD_DRAFT) // synthetic
                ? List.of(new RawNotice.Attachment(
                        url.replace(".html", "_1.docx"),
                        ATTACHMENT_NAME,
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        "农贸市场经营管理规范（征求意见稿）",
                        false,
                        null))
                : List.of();
        Instant fetched = published.toInstant().plusSeconds(3600);
        return new EnrichedNotice(
                EnrichedNotice.SCHEMA_VERSION,
                NoticeIds.fromUrl(url),
                url,
                java.net.URI.create(url).getHost().contains("jiangxi") ? "jiangxi" : "govcn",
                fetched,
                fetched.toEpochMilli(),
                title,
                n.path("body").asString(),
                new EnrichedNotice.Metadata(
                        n.path("index_number").asString(null),
                        n.path("subject_raw").asString(),
                        publisher(n.path("publisher").asString()),
                        published,
                        published,
                        n.path("document_number").asString(null),
                        null,
                        validity,
                        "主动公开",
                        "面向全社会",
                        null,
                        genre),
                Map.of("发布机构", n.path("publisher").asString()),
                attachments,
                List.of(),
                "search-it",
                fetched,
                null,
                subject(subject[0], subject.length > 1 ? subject[1] : null, position));
    }

    /**
     * The declared subject as the enricher sends it with the shipped model's version; synthetic for
     * {@link #PREDICTED_BY_CRAWL_MODEL}: the same subject, predicted by {@link #CRAWL_MODEL}.
     */
    private static EnrichedNotice.Subject subject(String first, String second, int position) {
        boolean predicted = PREDICTED_BY_CRAWL_MODEL.contains(position);
        return new EnrichedNotice.Subject(
                first,
                second,
                predicted ? "predicted" : "declared",
                null,
                new EnrichedNotice.Subject.Predicted(first, second, 0.9, 0.6, first),
                false,
                List.of(),
                predicted ? CRAWL_MODEL : SHIPPED_MODEL);
    }
}
