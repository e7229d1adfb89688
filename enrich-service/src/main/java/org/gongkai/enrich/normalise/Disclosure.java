package org.gongkai.enrich.normalise;

import org.gongkai.analysis.fold.ScriptFolding;
import org.gongkai.events.EnrichedNotice.Choice;

/**
 * Disclosure mode (公开方式), scope (公开范围) and period (公开时限) mapped to closed lists, raw values kept.
 * Matching is on the Simplified value without spaces. Thread-safe.
 */
public final class Disclosure {

    public static final String UNKNOWN = "unknown";

    private Disclosure() {}

    /** 主动公开 → proactive, 依申请公开 → on_request, 不予公开 → not_disclosed. */
    public static Choice mode(String cleaned) {
        String v = key(cleaned);
        if (v == null) {
            return null;
        }
        String id;
        if (v.contains("依申请")) {
            id = "on_request";
        } else if (v.contains("不予公开") || v.contains("不公开") || v.contains("免予公开")) {
            id = "not_disclosed";
        } else if (v.contains("主动")) {
            id = "proactive";
        } else {
            id = UNKNOWN;
        }
        return new Choice(cleaned, id);
    }

    /** 面向全社会 / 面向社会 / 社会公众 → public, 面向申请人 → applicant, 内部 / 特定对象 → restricted. */
    public static Choice scope(String cleaned) {
        String v = key(cleaned);
        if (v == null) {
            return null;
        }
        String id;
        if (v.contains("申请人")) {
            id = "applicant";
        } else if (v.contains("社会") || v.contains("公众")) {
            id = "public";
        } else if (v.contains("内部") || v.contains("特定") || v.contains("系统内")) {
            id = "restricted";
        } else {
            id = UNKNOWN;
        }
        return new Choice(cleaned, id);
    }

    /** 长期公开 → long_term, 限时公开 → time_limited. */
    public static Choice period(String cleaned) {
        String v = key(cleaned);
        if (v == null) {
            return null;
        }
        String id = v.contains("长期") ? "long_term" : v.contains("限时") || v.contains("限期") ? "time_limited" : UNKNOWN;
        return new Choice(cleaned, id);
    }

    private static String key(String cleaned) {
        if (Values.isAbsent(cleaned)) {
            return null;
        }
        return Values.withoutWhitespace(ScriptFolding.standard().fold(cleaned));
    }
}
