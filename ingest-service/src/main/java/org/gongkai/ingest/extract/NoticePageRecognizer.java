package org.gongkai.ingest.extract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Recognises a notice detail page by its metadata block: at least {@value #MIN_LABELS} different known labels
 * (索引号, 主题分类, 发布机构, 成文日期, 发布日期, 生成日期, 文号/发文字号, 有效性, 公开方式, … and their common
 * variants). Labels are matched after folding traditional characters (索引號, 發布機構, …), dropping pinyin
 * glosses that mirror sites insert ({@code 索引號(hào)}) and allowing whitespace and U+3000 padding between
 * characters ({@code 索 引 号}, {@code 索　引　号}).
 *
 * <p>A label counts when it is followed by a colon ({@code 索引号：…}), or stands alone in its element with a
 * value in the next element (a {@code <td>索引号</td><td>…</td>} table). A label found three times or more is
 * ignored: repeated fields belong to a list page, and a list's header row has labels next to labels, not
 * values. Stateless and thread-safe.
 */
public final class NoticePageRecognizer {

    /** Different labels a page needs to count as a notice. */
    public static final int MIN_LABELS = 2;

    /** Label variants (simplified) and the canonical label each stands for. */
    static final Map<String, String> LABELS = labels();

    private static final String SPACE = "[\\s\\u3000\\u00a0\\u2000-\\u200b\\ufeff]*";

    /** Longest text (padding aside) that may be a bare label: 5 characters, 2 brackets, a gloss of 9 each. */
    static final int BARE_LABEL_MAX_CHARS = 64;

    private static final Pattern LABEL_ALTERNATION = Pattern.compile(LABELS.keySet().stream()
            .sorted((a, b) -> b.length() - a.length())
            .map(NoticePageRecognizer::spaced)
            .collect(Collectors.joining("|", "(", ")")));
    static final Pattern LABEL_WITH_COLON =
            Pattern.compile("(?<![\\p{IsHan}\\p{L}\\p{N}])" + LABEL_ALTERNATION.pattern() + SPACE + "[:：]");
    private static final Pattern BARE_LABEL = Pattern.compile(
            "^" + SPACE + "[【\\[]?" + SPACE + LABEL_ALTERNATION.pattern() + SPACE + "[】\\]]?" + SPACE + "$");
    private static final Set<String> INLINE =
            Set.of("b", "strong", "span", "font", "em", "i", "u", "label", "small", "big");
    /** Runs of {@link #SPACE}, taken out of a matched label to look it up. */
    private static final Pattern SPACE_RUN = Pattern.compile(SPACE);
    /** Every character of a label variant; {@link #labelsWithColon} looks back over these only. */
    private static final String LABEL_CHARS = LABELS.keySet().stream()
            .flatMapToInt(String::chars)
            .distinct()
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    /** Characters of the longest label variant (padding aside). */
    private static final int LONGEST_LABEL =
            LABELS.keySet().stream().mapToInt(String::length).max().orElseThrow();

    private static final Pattern HEADER_WORD =
            Pattern.compile("^" + SPACE + "(序号|标题|名称|文件名称|日期|时间|操作|下载)" + SPACE + "$");

    /**
     * What was found on a page.
     *
     * @param labels canonical labels found, with how often each occurred
     */
    public record Recognition(Map<String, Integer> labels) {

        public Recognition {
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        }

        /** Labels that count: found once or twice. */
        public Set<String> countedLabels() {
            return labels.entrySet().stream()
                    .filter(e -> e.getValue() <= 2)
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }

        public boolean isNotice() {
            return countedLabels().size() >= MIN_LABELS;
        }
    }

    /** Looks for metadata labels in the page's text. */
    public Recognition recognize(Document page) {
        Map<String, Integer> found = new LinkedHashMap<>();
        Element root = page.body() != null ? page.body() : page;
        NodeTraversor.traverse(
                (NodeVisitor) (node, depth) -> {
                    if (node instanceof TextNode text && !text.isBlank()) {
                        scan(text, found);
                    }
                },
                root);
        return new Recognition(found);
    }

    private static void scan(TextNode node, Map<String, Integer> found) {
        Element parent = node.parent();
        if (parent != null && (parent.nameIs("script") || parent.nameIs("style"))) {
            return;
        }
        String raw = node.getWholeText();
        boolean hasColon = raw.indexOf(':') >= 0 || raw.indexOf('：') >= 0;
        // Most text nodes (the notice's paragraphs) can match neither pattern: no colon, and too long to be a
        // bare label. Skipping them spares the folding and both regexes on the bulk of the page.
        if (!hasColon && !mayBeBareLabel(raw)) {
            return;
        }
        String text = LabelText.normalize(raw);
        boolean any = false;
        for (String label : labelsWithColon(text)) {
            count(label, found);
            any = true;
        }
        if (!any && parent != null) {
            Matcher bare = BARE_LABEL.matcher(text);
            if (bare.matches() && hasValueNext(parent)) {
                count(bare.group(1), found);
            }
        }
    }

    /**
     * The labels followed by a colon in {@code text}, in order: what {@code LABEL_WITH_COLON.matcher(text).find()}
     * finds over the whole text, found without running the pattern at every position of a long paragraph. A match
     * ends at its colon and holds nothing but label characters and padding before it (at most {@link
     * #LONGEST_LABEL} of the former), so the pattern runs only in that window before each colon; its look-behind
     * still sees the character before the window (transparent bounds).
     */
    static List<String> labelsWithColon(String text) {
        List<String> labels = new ArrayList<>(2);
        Matcher matcher = LABEL_WITH_COLON.matcher(text).useTransparentBounds(true);
        for (int colon = nextColon(text, 0); colon >= 0; colon = nextColon(text, colon + 1)) {
            int start = colon;
            int labelChars = 0;
            while (start > 0) {
                char c = text.charAt(start - 1);
                if (isSpace(c)) {
                    start--;
                } else if (labelChars < LONGEST_LABEL && LABEL_CHARS.indexOf(c) >= 0) {
                    labelChars++;
                    start--;
                } else {
                    break;
                }
            }
            if (labelChars > 0 && matcher.region(start, colon + 1).find()) {
                labels.add(matcher.group(1));
            }
        }
        return labels;
    }

    private static int nextColon(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':' || c == '：') {
                return i;
            }
        }
        return -1;
    }

    /** One character of {@link #SPACE}: {@code \s} (ASCII), U+3000, U+00A0, U+2000–U+200B, U+FEFF. */
    static boolean isSpace(char c) {
        return c == ' '
                || (c >= '\t' && c <= '\r')
                || c == '\u3000'
                || c == '\u00a0'
                || (c >= '\u2000' && c <= '\u200b')
                || c == '\ufeff';
    }

    /**
     * Whether the label's element is followed by a value, not by another label or nothing. Climbs out of
     * inline wrappers ({@code <td><b>索引号</b></td>}) but not out of the label's cell or block.
     */
    private static boolean hasValueNext(Element element) {
        Element current = element;
        while (true) {
            Node next = current.nextSibling();
            while (next != null && !(next instanceof Element) && !(next instanceof TextNode t && !t.isBlank())) {
                next = next.nextSibling();
            }
            if (next != null) {
                String value =
                        LabelText.normalize(next instanceof TextNode t ? t.getWholeText() : ((Element) next).text());
                return !value.isBlank()
                        && !BARE_LABEL.matcher(value).matches()
                        && !HEADER_WORD.matcher(value).matches()
                        && !LABEL_WITH_COLON.matcher(value).lookingAt();
            }
            if (!INLINE.contains(current.normalName()) || current.parent() == null) {
                return false;
            }
            current = current.parent();
        }
    }

    private static void count(String matched, Map<String, Integer> found) {
        String variant = matched.chars().anyMatch(c -> isSpace((char) c))
                ? SPACE_RUN.matcher(matched).replaceAll("")
                : matched;
        String canonical = LABELS.get(variant);
        if (canonical != null) {
            found.merge(canonical, 1, Integer::sum);
        }
    }

    /**
     * Whether {@code text} is short enough to be a bare label: at most {@value #BARE_LABEL_MAX_CHARS} characters
     * besides padding (the longest label, brackets and a pinyin gloss per character fit in it).
     */
    static boolean mayBeBareLabel(String text) {
        int chars = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)
                    && c != '\u3000'
                    && c != '\u00a0'
                    && c != '\ufeff'
                    && (c < '\u2000' || c > '\u200b')
                    && ++chars > BARE_LABEL_MAX_CHARS) {
                return false;
            }
        }
        return true;
    }

    private static String spaced(String label) {
        return label.chars()
                .mapToObj(c -> Pattern.quote(String.valueOf((char) c)))
                .collect(Collectors.joining(SPACE));
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        String[][] groups = {
            {"索引号", "信息索引号"},
            {"主题分类", "信息分类"},
            {"发布机构", "发文机关", "发文单位", "所属机构"},
            {"成文日期", "产生日期", "制发日期", "发文日期"},
            {"发布日期", "公开日期"},
            {"生成日期"},
            {"文号", "发文字号", "文件编号"},
            {"有效性", "是否有效"},
            {"公开方式", "公开属性"},
            {"公开范围"},
            {"公开时限"},
            {"主题词"},
            {"体裁", "公文种类"},
        };
        for (String[] group : groups) {
            for (String variant : group) {
                labels.put(variant, group[0]);
            }
        }
        return Collections.unmodifiableMap(labels);
    }
}
