package org.gongkai.enrich.normalise;

import java.util.List;

/**
 * Canonical metadata fields and the label variants (normalised, Simplified) that real sites use for them.
 *
 * <p>The order of {@link #labels()} is the preference when a page carries several variants of one field, e.g.
 * 发布机构 wins over 来源. {@link #metaName()} names the {@code <meta>} tag used as a fallback, or is null.
 */
public enum Field {
    TITLE(List.of("标题", "名称", "文件名称", "信息名称", "公文标题", "文件标题"), "ArticleTitle"),
    INDEX_NUMBER(List.of("索引号", "信息索引号", "统一编号"), null),
    /** 组配分类 is a different axis: it is not a variant here and stays in the labels only. */
    SUBJECT_CATEGORY(List.of("主题分类", "信息分类", "分类"), null),
    PUBLISHER(List.of("发布机构", "发文机关", "发文单位", "所属机构", "发布单位", "发布机关", "来源", "信息来源", "报送单位"), "ContentSource"),
    WRITTEN_AT(List.of("成文日期", "生成日期", "产生日期", "发文日期", "制发日期", "成文时间", "生成时间"), null),
    PUBLISHED_AT(List.of("发布日期", "公开日期", "发布时间", "公开时间"), "PubDate"),
    DOCUMENT_NUMBER(List.of("文号", "发文字号", "文件编号", "发文文号"), null),
    VALIDITY(List.of("有效性", "是否有效", "效力状态", "时效性"), null),
    DISCLOSURE_MODE(List.of("公开方式", "公开属性", "公开形式"), null),
    DISCLOSURE_SCOPE(List.of("公开范围"), null),
    KEYWORDS(List.of("主题词", "关键词", "关键字"), "Keywords"),
    GENRE(List.of("体裁", "公文种类", "文种", "体裁分类"), null),
    DISCLOSURE_PERIOD(List.of("公开时限", "公开期限"), null),
    REPEALED_AT(List.of("废止日期", "失效日期", "废止时间"), null);

    private final List<String> labels;
    private final String metaName;

    Field(List<String> labels, String metaName) {
        this.labels = labels;
        this.metaName = metaName;
    }

    /** Normalised label variants, preferred first. */
    public List<String> labels() {
        return labels;
    }

    /** Name of the {@code <meta>} tag that may carry this field, or null. */
    public String metaName() {
        return metaName;
    }

    /** Whether the date fields: their values are parsed to timestamps. */
    public boolean isDate() {
        return this == WRITTEN_AT || this == PUBLISHED_AT || this == REPEALED_AT;
    }
}
