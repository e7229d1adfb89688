package org.gongkai.enrich.normalise;

import org.gongkai.analysis.fold.ScriptFolding;
import org.gongkai.events.EnrichedNotice.SubjectCategory;

/** Subject categories (主题分类): {@code 一级\二级} split into levels, Simplified. Thread-safe. */
public final class SubjectCategories {

    /** Level separators seen on real sites: backslash, slash, arrow forms, in either width. */
    private static final String SEPARATORS = "\\/＼／>＞→》";

    private SubjectCategories() {}

    /** The levels of a cleaned value, or null when absent. */
    public static SubjectCategory parse(String cleaned) {
        if (Values.isAbsent(cleaned)) {
            return null;
        }
        String text = ScriptFolding.standard().fold(Widths.fold(cleaned));
        int split = -1;
        for (int i = 0; i < text.length(); i++) {
            if (SEPARATORS.indexOf(text.charAt(i)) >= 0) {
                split = i;
                break;
            }
        }
        if (split < 0) {
            return new SubjectCategory(cleaned, text.strip(), null);
        }
        String first = text.substring(0, split).strip();
        String second = text.substring(split + 1).strip();
        return new SubjectCategory(cleaned, first.isEmpty() ? null : first, second.isEmpty() ? null : second);
    }
}
