package org.gongkai.enrich.normalise;

import org.gongkai.analysis.fold.ScriptFolding;
import org.gongkai.events.EnrichedNotice.Publisher;

/** Publishers (发布机构): the name in Simplified script, widths folded, without spaces. Thread-safe. */
public final class Publishers {

    private Publishers() {}

    /** The publisher of a cleaned value, or null when absent. */
    public static Publisher parse(String cleaned) {
        if (Values.isAbsent(cleaned)) {
            return null;
        }
        return new Publisher(cleaned, normalise(cleaned));
    }

    /** The normalised name: Simplified, widths folded, whitespace removed. */
    public static String normalise(String cleaned) {
        String text = ScriptFolding.standard().fold(Widths.fold(cleaned));
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
