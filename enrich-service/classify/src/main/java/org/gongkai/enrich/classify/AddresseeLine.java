package org.gongkai.enrich.classify;

/**
 * The addressee line (主送机关) of a notice's body: the list of agencies a 通知, 批复 or 复函 is sent to, standing
 * before the first colon of the text ({@code 省交通厅、省财政厅、省物价局：}, {@code 各省、自治区、直辖市人民政府，
 * 国务院各部委、各直属机构：}). In a 批复 or 复函 it names the agencies that asked, so the subject's domain; the
 * issuer stands in the title and the signature. Read by {@link TextFeatures} as a block of its own, apart from the
 * issuer's agencies.
 *
 * <p>Found without a parser of the whole document (no library parses the structure of 公文, and the hot path can
 * afford a read of the opening only): within the first {@value #WINDOW} characters of the body, the
 * first full-width or ASCII colon; the line is the text from the line break before it (or the body's start, for
 * sites that run the lines together; after a document number {@code 〔2004〕117号} when one stands before it) to the
 * colon. It counts as an addressee line only if it is short (at most {@value #MAX_LENGTH} characters), is not a
 * sentence (no {@code 。}, {@code 《}, {@code 如下}, not opening with {@code 为}, {@code 根据}, {@code 按照},
 * {@code 经}: {@code 为…，现就有关事项通知如下：} is not an addressee) and is a list (a {@code 、} or {@code ，}) or ends
 * with an organisation's or a place's last character ({@code 府 厅 局 委 部 门 位 …}: {@code 省林业局：}). Stateless,
 * thread-safe.
 */
final class AddresseeLine {

    /** Body characters searched for the line's colon. */
    static final int WINDOW = 400;

    /** The longest addressee line read: a longer run before a colon is text, not a list of agencies. */
    static final int MAX_LENGTH = 200;

    /** Last characters of an agency, unit or place name (closing brackets skipped): what a list of them ends with. */
    private static final String ENDINGS = "府厅局委部门位办会司室处团署行院校构所业心组站社关队员市县区省州盟旗镇乡人";

    private AddresseeLine() {}

    /**
     * The addressee line of {@code body}, as {@code start << 32 | end} (the colon at {@code end}), or {@code -1}
     * when the body has none.
     */
    static long find(String body) {
        if (body == null) {
            return -1;
        }
        int limit = Math.min(body.length(), WINDOW);
        int colon = -1;
        for (int i = 0; i < limit; i++) {
            char c = body.charAt(i);
            if (c == '：' || c == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            return -1;
        }
        int start = colon;
        while (start > 0 && body.charAt(start - 1) != '\n' && body.charAt(start - 1) != '\r') {
            start--;
        }
        // a document number run into the line (sites that drop line breaks): the list starts after it
        int number = body.lastIndexOf('号', colon - 1);
        if (number >= start && body.lastIndexOf('〔', number) >= start
                || number >= start && body.lastIndexOf('[', number) >= start) {
            start = number + 1;
        }
        while (start < colon && Character.isWhitespace(body.charAt(start))
                || start < colon && body.charAt(start) == '\u3000') {
            start++;
        }
        int end = colon;
        int last = end - 1;
        while (last > start && (body.charAt(last) == '）' || body.charAt(last) == ')' || body.charAt(last) == ' ')) {
            last--;
        }
        if (last <= start
                || end - start > MAX_LENGTH
                || body.startsWith("为", start)
                || body.startsWith("根据", start)
                || body.startsWith("按照", start)
                || body.startsWith("经", start)) {
            return -1;
        }
        boolean list = ENDINGS.indexOf(body.charAt(last)) >= 0;
        for (int i = start; i < end; i++) {
            char c = body.charAt(i);
            if (c == '。' || c == '《' || c == '？' || c == '！' || c == '如' && i + 1 < end && body.charAt(i + 1) == '下') {
                return -1;
            }
            list |= c == '、' || c == '，' || c == ',';
        }
        if (!list) {
            return -1;
        }
        return (long) start << 32 | end;
    }

    /** The line's text, or {@code null} when {@code body} has none (for tests and explanations). */
    static String text(String body) {
        long span = find(body);
        return span < 0 ? null : body.substring((int) (span >>> 32), (int) span);
    }

    /**
     * Whether the title names a reply (批复, 复函, 答复, a 函), the genres whose addressees asked for it: their
     * addressees are features of their own, learnt apart from those of a 通知 sent to every province.
     */
    static boolean reply(String title) {
        if (title == null) {
            return false;
        }
        int end = title.length();
        while (end > 0 && Character.isWhitespace(title.charAt(end - 1))) {
            end--;
        }
        return end > 0
                && (title.charAt(end - 1) == '函' || title.startsWith("批复", end - 2) || title.startsWith("答复", end - 2));
    }
}
