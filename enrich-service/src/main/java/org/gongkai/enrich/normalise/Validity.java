package org.gongkai.enrich.normalise;

import org.gongkai.analysis.fold.ScriptFolding;

/** Maps a validity value (有效性) to {@code valid}, {@code expired}, {@code repealed} or {@code unknown}. */
public final class Validity {

    public static final String VALID = "valid";
    public static final String EXPIRED = "expired";
    public static final String REPEALED = "repealed";
    public static final String UNKNOWN = "unknown";

    private Validity() {}

    /** The validity of a cleaned value; null when the value is absent. */
    public static String of(String cleaned) {
        if (Values.isAbsent(cleaned)) {
            return null;
        }
        String v = Values.withoutWhitespace(ScriptFolding.standard().fold(cleaned));
        if (v.contains("废止")) {
            return REPEALED;
        }
        if (v.contains("部分")) {
            return UNKNOWN; // 部分失效 / 部分废止: neither fully valid nor gone
        }
        if (v.contains("失效") || v.equals("无效") || v.equals("已过期")) {
            return EXPIRED;
        }
        if (v.contains("有效") || v.equals("是") || v.equals("现行")) {
            return VALID;
        }
        return UNKNOWN;
    }
}
