package org.gongkai.enrich.normalise;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.gongkai.analysis.fold.ScriptFolding;
import org.gongkai.events.EnrichedNotice.Publisher;

/**
 * Publishers (发布机构, 发文机关): the name in Simplified script, widths folded; the names of a joint issue (联合发文:
 * {@code 财政部 税务总局}, {@code 民政部、教育部}) kept apart by {@value #JOINT}. Thread-safe.
 *
 * <p>Portals separate joint issuers by spaces (45 of the 337 real notices in shared/data/real-notices, all gov.cn) but
 * also space out a single name for layout ({@code 国 务 院}) or put one between a place and its agency ({@code
 * 南昌市东湖区 退役军人事务局}). So a space separates two issuers only between names of two or more characters, and not
 * after a place ({@code …省/市/县/区/州/盟/旗/镇/乡}) or before a unit of the name on its left ({@code 办公厅}, {@code
 * 人民政府} …).
 */
public final class Publishers {

    /** Separates the names of a joint issue in the normalised name: the contract's {@link Publisher#JOINT}. */
    public static final String JOINT = Publisher.JOINT;

    private static final Pattern SEPARATORS = Pattern.compile("[、,;，；]+");

    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Zs}]+");

    /** A name ending so is a place, to which the next word belongs. */
    private static final Pattern PLACE = Pattern.compile(".*[省市县区州盟旗镇乡]$");

    /** A word starting so is part of the name before it. */
    private static final Pattern UNIT = Pattern.compile("^(人民政府|办公厅|办公室|党组|党委|机关|直属|所属).*");

    private Publishers() {}

    /** The publisher of a cleaned value, or null when absent. */
    public static Publisher parse(String cleaned) {
        if (Values.isAbsent(cleaned)) {
            return null;
        }
        return new Publisher(cleaned, normalise(cleaned));
    }

    /** The normalised name: Simplified, widths folded, joint issuers apart by {@value #JOINT}, no other spaces. */
    public static String normalise(String cleaned) {
        String text = ScriptFolding.standard().fold(Widths.fold(cleaned));
        List<String> names = new ArrayList<>();
        for (String part : SEPARATORS.split(text)) {
            String name = joinWords(SPACES.split(part.strip()));
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return String.join(JOINT, names);
    }

    private static String joinWords(String[] words) {
        boolean spacedOut = false;
        for (String w : words) {
            spacedOut |= w.codePointCount(0, w.length()) < 2;
        }
        StringBuilder out = new StringBuilder();
        String previous = null;
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            if (previous != null
                    && !spacedOut
                    && !PLACE.matcher(previous).matches()
                    && !UNIT.matcher(w).matches()) {
                out.append(JOINT);
            }
            out.append(w);
            previous = w;
        }
        return out.toString();
    }
}
