package org.gongkai.index.portal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;

/**
 * The notices the portal contract is tested on: a small district catalogue with near-duplicates (three on waste
 * sorting, a republished State Council opinion), a repealed and a current version of one measure, a notice whose
 * attachment is in Traditional characters, and a rare character that occurs in one notice only.
 */
final class PortalFixtures {

    /** A fixture notice: its key in the tests and the enriched event the index-service receives. */
    record Fixture(String key, EnrichedNotice notice) {
        String id() {
            return notice.noticeId();
        }
    }

    static final String HOST = "http://www.donghu.example.gov.cn";

    static final List<Fixture> ALL = List.of(
            notice("waste-measures", "/art/2023/6/1/art_101.html")
                    .title("东湖区人民政府办公室关于印发《东湖区生活垃圾分类管理办法》的通知")
                    .body("各街道办事处、区直各单位：《东湖区生活垃圾分类管理办法》已经区政府同意，现印发给你们，请认真贯彻执行。"
                            + "本办法所称生活垃圾分为可回收物、有害垃圾、厨余垃圾和其他垃圾。厨余垃圾应当单独投放，"
                            + "不得混入其他垃圾。物业服务企业是小区生活垃圾分类的管理责任人。")
                    .publisher("东湖区人民政府办公室")
                    .numbers("11360102MB1587421X/2023-00015", "东府办发〔2023〕15号")
                    .subject("城乡建设、环境保护", "环境监测、保护与治理")
                    .genre("通知")
                    .published("2023-06-01")
                    .build(),
            notice("waste-review", "/art/2022/1/10/art_102.html")
                    .title("东湖区2021年生活垃圾分类工作总结")
                    .body("2021年，区城市管理局围绕生活垃圾分类目标，新建分类投放点120个，居民垃圾分类知晓率达到95%。" + "下一步将继续推进垃圾分类进小区、进学校、进机关。")
                    .publisher("东湖区城市管理局")
                    .numbers("11360102MB1587438Y/2022-00002", null)
                    .subject("城乡建设、环境保护", "环境监测、保护与治理")
                    .genre("报告")
                    .published("2022-01-10")
                    .build(),
            notice("waste-week", "/art/2024/3/5/art_103.html")
                    .title("关于开展2024年垃圾分类宣传周活动的通知")
                    .body("各街道办事处：为提高居民垃圾分类意识，区城市管理局决定于3月开展垃圾分类宣传周活动。" + "活动期间组织志愿者入户宣传，发放分类指南。")
                    .publisher("东湖区城市管理局")
                    .numbers("11360102MB1587438Y/2024-00011", "东城管字[2024]3号")
                    .subject("城乡建设、环境保护", "环境监测、保护与治理")
                    .genre("通知")
                    .published("2024-03-05")
                    .build(),
            notice("food-safety", "/art/2023/7/2/art_104.html")
                    .title("东湖区卫生健康委员会关于加强夏季食品安全监督检查的通知")
                    .body("各医疗卫生单位：夏季气温高，食源性疾病易发。请按照附件方案开展检查，重点检查学校食堂和餐饮服务单位。")
                    .publisher("东湖区卫生健康委员会")
                    .numbers("11360102MB1587446Q/2023-00031", "东卫发〔2023〕31号")
                    .subject("卫生、体育", "卫生")
                    .genre("通知")
                    .published("2023-07-02")
                    // the attachment of a mirror page, not folded by the enricher: the analyzer must fold it
                    .attachment("夏季食品安全監督檢查工作方案.docx", "夏季食品安全監督檢查工作方案：對學校食堂實行全覆蓋檢查。")
                    .build(),
            notice("business-opinion", "/art/2024/2/1/art_105.html")
                    .title("国务院办公厅关于进一步优化营商环境的意见")
                    .body("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：为持续优化营商环境，激发市场主体活力，经国务院同意，" + "现提出以下意见。")
                    .publisher("国务院办公厅")
                    .numbers("000014349/2024-00012", "国办发〔2024〕12号")
                    .subject("综合政务", "政务公开")
                    .genre("意见")
                    .published("2024-02-01")
                    .build(),
            // the same text republished later by the district: equal scores, so the newer ranks first
            notice("business-opinion-repost", "/art/2024/2/3/art_106.html")
                    .title("国务院办公厅关于进一步优化营商环境的意见")
                    .body("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：为持续优化营商环境，激发市场主体活力，经国务院同意，" + "现提出以下意见。")
                    .publisher("东湖区人民政府办公室")
                    .numbers("11360102MB1587421X/2024-00004", "国办发〔2024〕12号")
                    .subject("综合政务", "政务公开")
                    .genre("意见")
                    .published("2024-02-03")
                    .build(),
            notice("statistics", "/art/2024/3/20/art_107.html")
                    .title("东湖区2023年国民经济和社会发展统计公报")
                    .body("初步核算，全年全区地区生产总值（GDP）612.3亿元，比上年增长5.2%。全区持续优化营商环境，新登记市场主体1.2万户。")
                    .publisher("东湖区统计局")
                    .numbers("11360102MB1587454K/2024-00003", null)
                    .subject("国民经济管理、国有资产监管", "统计")
                    .genre("公报")
                    .published("2024-03-20")
                    .build(),
            notice("renovation-old", "/art/2019/5/1/art_108.html")
                    .title("东湖区老旧小区改造管理办法（试行）")
                    .body("为规范老旧小区改造工作，制定本办法。本办法自印发之日起试行。")
                    .publisher("东湖区人民政府")
                    .numbers("11360102MB1587413E/2019-00008", "东府发〔2019〕8号")
                    .subject("城乡建设、环境保护", "城市规划")
                    .genre("办法")
                    .validity("repealed")
                    .published("2019-05-01")
                    .build(),
            notice("renovation", "/art/2023/9/1/art_109.html")
                    .title("东湖区老旧小区改造管理办法")
                    .body("为规范老旧小区改造工作，提升居民居住品质，制定本办法。《东湖区老旧小区改造管理办法（试行）》同时废止。")
                    .publisher("东湖区人民政府")
                    .numbers("11360102MB1587413E/2023-00021", "东府发〔2023〕21号")
                    .subject("城乡建设、环境保护", "城市规划")
                    .genre("办法")
                    .published("2023-09-01")
                    .build(),
            notice("sturgeon", "/art/2022/4/15/art_110.html")
                    .title("关于禁止捕捞中华鲟等珍稀水生野生动物的通告")
                    .body("为保护珍稀水生野生动物资源，在本区水域内禁止捕捞、收购、出售中华鲟。违者依法处罚。")
                    .publisher("东湖区农业农村局")
                    .numbers("11360102MB1587462F/2022-00006", null)
                    .subject("农业、林业、水利", "渔业")
                    .genre("通告")
                    .published("2022-04-15")
                    .build(),
            notice("recruitment", "/art/2023/10/15/art_111.html")
                    .title("东湖区卫生健康委员会2023年公开招聘编外工作人员公告")
                    .body("根据工作需要，区卫生健康委员会面向社会公开招聘编外工作人员5名。报名时间为10月16日至10月20日。")
                    .publisher("东湖区卫生健康委员会")
                    .numbers("11360102MB1587446Q/2023-00040", null)
                    .subject("劳动、人事、监察", "人事工作")
                    .genre("公告")
                    .published("2023-10-15")
                    .build(),
            notice("veterans", "/art/2023/8/3/art_112.html")
                    .title("区委退役军人事务工作领导小组2023年第一次全体会议召开")
                    .body("8月2日上午，区委退役军人事务工作领导小组2023年第一次全体会议召开，区委书记主持会议并讲话。")
                    .publisher("南昌市东湖区退役军人事务局")
                    .numbers("ncsdhqtyjrswj--2023-0013", null)
                    .subject("综合政务", "其他")
                    .genre("其他")
                    .published("2023-08-03")
                    .build());

    private PortalFixtures() {}

    /** A Traditional mirror's URL whose notice id sorts before {@code originalId} (so id order cannot pick the original). */
    static String mirrorUrlSortingBefore(String originalId) {
        for (int i = 0; ; i++) {
            String url = "http://tw.mirror.example.org/hk/2-" + i + ".html";
            if (NoticeIds.fromUrl(url).compareTo(originalId) < 0) {
                return url;
            }
        }
    }

    static Fixture get(String key) {
        return ALL.stream()
                .filter(f -> f.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fixture " + key));
    }

    static Builder notice(String key, String path) {
        return new Builder(key, HOST + path);
    }

    /** A notice on another site than the district's: {@code url} is absolute. */
    static Builder onSite(String key, String siteId, String url) {
        return new Builder(key, url).site(siteId);
    }

    /** Builds the enriched event the way enrich-service fills it for a TRS metadata-table page. */
    static final class Builder {
        private final String key;
        private final String url;
        private String title;
        private String body;
        private String publisher;
        private String indexNumber;
        private String documentNumber;
        private String first;
        private String second;
        private String subjectSource = "declared";
        private String modelVersion;
        private String genre;
        private String validity = "valid";
        private OffsetDateTime published;
        private List<RawNotice.Attachment> attachments = List.of();
        private String siteId = "donghu";
        private String identity;
        private List<String> flags = List.of();

        Builder(String key, String url) {
            this.key = key;
            this.url = url;
        }

        Builder site(String value) {
            siteId = value;
            return this;
        }

        /** The enricher's identity across sites (its details); without it the event has no details. */
        Builder identity(String key) {
            identity = key;
            return this;
        }

        Builder flags(String... values) {
            flags = List.of(values);
            return this;
        }

        String url() {
            return url;
        }

        Builder title(String value) {
            title = value;
            return this;
        }

        Builder body(String value) {
            body = value;
            return this;
        }

        Builder publisher(String value) {
            publisher = value;
            return this;
        }

        Builder numbers(String index, String document) {
            indexNumber = index;
            documentNumber = document;
            return this;
        }

        Builder subject(String firstLevel, String secondLevel) {
            first = firstLevel;
            second = secondLevel;
            return this;
        }

        /**
         * The subject model that ran on the notice ({@code subject.modelVersion}) and where the subject comes from
         * ({@code declared}, {@code predicted}); without it the subject is declared and the event has no version.
         */
        Builder classifiedBy(String version, String source) {
            modelVersion = version;
            subjectSource = source;
            return this;
        }

        Builder genre(String value) {
            genre = value;
            return this;
        }

        Builder validity(String value) {
            validity = value;
            return this;
        }

        Builder published(String date) {
            published = OffsetDateTime.parse(date + "T09:00:00+08:00");
            return this;
        }

        Builder attachment(String name, String text) {
            attachments = List.of(new RawNotice.Attachment(
                    url.replace(".html", "_1.docx"),
                    name,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    text,
                    false,
                    null));
            return this;
        }

        Fixture build() {
            Instant fetched = published.toInstant().plusSeconds(3600);
            EnrichedNotice notice = new EnrichedNotice(
                    EnrichedNotice.SCHEMA_VERSION,
                    NoticeIds.fromUrl(url),
                    url,
                    siteId,
                    fetched,
                    fetched.toEpochMilli(),
                    title,
                    body,
                    new EnrichedNotice.Metadata(
                            indexNumber,
                            first + "\\" + second,
                            publisher,
                            published,
                            published,
                            documentNumber,
                            null,
                            validity,
                            "主动公开",
                            "面向全社会",
                            null,
                            genre),
                    Map.of("发布机构", publisher),
                    attachments,
                    flags,
                    "portal-fixtures",
                    fetched,
                    identity == null ? null : details(identity),
                    new EnrichedNotice.Subject(
                            first, second, subjectSource, null, null, false, List.of(), modelVersion));
            return new Fixture(key, notice);
        }

        private EnrichedNotice.Details details(String key) {
            return new EnrichedNotice.Details(
                    flags.contains("traditional_script") ? "traditional" : "simplified",
                    flags.contains("mirror_artefacts"),
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
                    new EnrichedNotice.Identity(key, "index_number"));
        }
    }
}
