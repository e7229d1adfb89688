package org.gongkai.ingest.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * Linear scanning for the XML-like elements of list data ({@code <record>}, {@code <nextgroup>}) in a page's
 * text. Regular expressions with a lazy group ({@code <record>(.*?)</record>}) retried from every opening tag are
 * quadratic on a page of openings that never close (a 1 MB page took minutes); these scans read every character a
 * bounded number of times. Stateless.
 */
final class Tags {

    private static final String CDATA_OPEN = "<![CDATA[";
    private static final String CDATA_CLOSE = "]]>";

    private Tags() {}

    /** The first index of {@code needle} (ASCII, lower case) at or after {@code from}, ignoring case; -1 if none. */
    static int indexOfIgnoreCase(String text, String needle, int from) {
        char first = needle.charAt(0);
        int last = text.length() - needle.length();
        for (int i = Math.max(from, 0); i <= last; i++) {
            i = text.indexOf(first, i);
            if (i < 0 || i > last) {
                return -1;
            }
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The CDATA contents of every {@code <tag>}, optional white space, {@code <![CDATA[}, content up to the first
     * {@code ]]>} that is followed by optional white space and {@code </tag>} (tag names and {@code CDATA}
     * case-insensitive): what {@code <tag>\s*<!\[CDATA\[(.*?)]]>\s*</tag>} found, scanning each character a
     * bounded number of times. Once no such end follows an opening, none follows a later one either: the scan stops.
     */
    static List<String> cdataOf(String text, String tag) {
        String open = "<" + tag + ">";
        String close = "</" + tag + ">";
        List<String> contents = new ArrayList<>();
        int at = 0;
        while ((at = indexOfIgnoreCase(text, open, at)) >= 0) {
            int start = skipSpace(text, at + open.length());
            if (!text.regionMatches(true, start, CDATA_OPEN, 0, CDATA_OPEN.length())) {
                at = start;
                continue;
            }
            int contentStart = start + CDATA_OPEN.length();
            int[] end = cdataEnd(text, contentStart, close);
            if (end == null) {
                break;
            }
            contents.add(text.substring(contentStart, end[0]));
            at = end[1];
        }
        return contents;
    }

    /**
     * The content of the first {@code <tag>…</tag>} (case-insensitive), as {@code
     * <tag>\s*(?:<!\[CDATA\[(.*?)]]>|(.*?))\s*</tag>} found it: the CDATA content when the element starts
     * with a CDATA section that ends before a closing tag, else the content stripped; null when no closing tag
     * follows.
     */
    static String firstContent(String text, String tag) {
        String open = "<" + tag + ">";
        String close = "</" + tag + ">";
        int at = indexOfIgnoreCase(text, open, 0);
        if (at < 0) {
            return null;
        }
        int start = skipSpace(text, at + open.length());
        if (text.regionMatches(true, start, CDATA_OPEN, 0, CDATA_OPEN.length())) {
            int[] end = cdataEnd(text, start + CDATA_OPEN.length(), close);
            if (end != null) {
                return text.substring(start + CDATA_OPEN.length(), end[0]);
            }
        }
        int end = indexOfIgnoreCase(text, close, start);
        return end < 0 ? null : text.substring(start, end).stripTrailing();
    }

    /**
     * The first {@code ]]>} at or after {@code from} followed by optional white space and {@code close}: {index of
     * {@code ]]>}, index after {@code close}}, or null. Each {@code ]]>} is looked at once.
     */
    private static int[] cdataEnd(String text, int from, String close) {
        int end = from;
        while ((end = text.indexOf(CDATA_CLOSE, end)) >= 0) {
            int after = skipSpace(text, end + CDATA_CLOSE.length());
            if (text.regionMatches(true, after, close, 0, close.length())) {
                return new int[] {end, after + close.length()};
            }
            end += CDATA_CLOSE.length();
        }
        return null;
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
