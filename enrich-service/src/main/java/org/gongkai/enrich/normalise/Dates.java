package org.gongkai.enrich.normalise;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the date forms of disclosure pages to {@link OffsetDateTime} at China Standard Time (+08:00).
 *
 * <p>Accepted: {@code 2023-08-03 11:20}, {@code 2023-08-03}, {@code 2023年8月3日}, {@code 2023/8/3},
 * {@code 2023.08.03}, {@code 20230803}, with or without a time ({@code 11:20}, {@code 11:20:05},
 * {@code 11时20分}), full-width digits, and dates written in Chinese numerals ({@code 二〇二三年八月三日}). A date
 * without a time is midnight. Impossible dates (2023-02-30) and years outside 1900–2100 are rejected.
 * Thread-safe.
 */
public final class Dates {

    public static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private static final Pattern NUMERIC = Pattern.compile("(?<!\\d)(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*"
            + "(\\d{1,2})(?!\\d)\\s*日?"
            + "(?:\\s*T?\\s*(\\d{1,2})\\s*[:时點点]\\s*(\\d{1,2})(?:\\s*[:分]\\s*(\\d{1,2}))?)?");
    private static final Pattern COMPACT = Pattern.compile("(?<!\\d)(\\d{4})(\\d{2})(\\d{2})(?!\\d)");
    private static final Pattern CHINESE =
            Pattern.compile("([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日");
    private static final String CHINESE_DIGITS = "〇一二三四五六七八九";

    private Dates() {}

    /** The first date in the value, or empty when there is none or it is impossible. */
    public static Optional<OffsetDateTime> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = Normalizer.normalize(value, Normalizer.Form.NFKC);
        Matcher m = NUMERIC.matcher(text);
        if (m.find()) {
            return build(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6));
        }
        m = CHINESE.matcher(text.replace('○', '〇').replace('零', '〇'));
        if (m.find()) {
            StringBuilder year = new StringBuilder();
            m.group(1).chars().forEach(c -> year.append(CHINESE_DIGITS.indexOf(c)));
            return build(
                    year.toString(),
                    Integer.toString(chineseNumber(m.group(2))),
                    Integer.toString(chineseNumber(m.group(3))),
                    null,
                    null,
                    null);
        }
        m = COMPACT.matcher(text);
        if (m.find()) {
            return build(m.group(1), m.group(2), m.group(3), null, null, null);
        }
        return Optional.empty();
    }

    private static Optional<OffsetDateTime> build(
            String year, String month, String day, String hour, String minute, String second) {
        try {
            int y = Integer.parseInt(year);
            if (y < 1900 || y > 2100) {
                return Optional.empty();
            }
            LocalDate date = LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day));
            LocalTime time = hour == null
                    ? LocalTime.MIDNIGHT
                    : LocalTime.of(
                            Integer.parseInt(hour),
                            Integer.parseInt(minute),
                            second == null ? 0 : Integer.parseInt(second));
            return Optional.of(OffsetDateTime.of(date, time, CHINA));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** 1–31 written as 三, 十, 十二, 二十, 二十三, 三十一; -1 when malformed. */
    static int chineseNumber(String text) {
        int ten = text.indexOf('十');
        if (ten < 0) {
            return text.length() == 1 ? CHINESE_DIGITS.indexOf(text.charAt(0)) : -1;
        }
        int tens = ten == 0 ? 1 : CHINESE_DIGITS.indexOf(text.charAt(0));
        int units = ten == text.length() - 1 ? 0 : CHINESE_DIGITS.indexOf(text.charAt(ten + 1));
        if (tens < 0 || units < 0 || ten > 1 || text.length() - ten > 2) {
            return -1;
        }
        return tens * 10 + units;
    }
}
