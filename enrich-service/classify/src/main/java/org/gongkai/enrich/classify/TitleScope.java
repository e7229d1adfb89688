package org.gongkai.enrich.classify;

import java.util.List;

/**
 * Which keywords of a title's subject part name its subject, and which only its scope or its kind of document
 * (session 10; {@code tools/error-analysis-session9.tsv}, cause KC). Written from how Chinese titles are built, not
 * from data:
 * <ul>
 *   <li>a keyword followed by a <b>scope word</b> ({@code 领域}, {@code 行业}, {@code 系统}, {@code 赛区},
 *       {@code 地区}) names where the subject applies, not the subject: {@code 知识产权领域…财政事权和支出责任划分
 *       改革方案} is about 财政事权;
 *   <li>a compound noun is head-final, and when its <b>head ends the subject part right after another keyword</b>,
 *       the head names the kind of document or measure and the modifier the domain: {@code 重污染天气应急预案} is
 *       about 重污染天气, {@code 人口发展规划} about 人口, {@code 医药卫生体制改革} about 医药卫生. Only a compound: in
 *       {@code 对重大项目复工复产情况进行明查暗访} the last keyword is the action, and keeps its value.
 * </ul>
 * Such a keyword keeps a feature, at the value {@link TextFeatures.Weights#scope()} instead of 1. Stateless,
 * thread-safe; reads the title only.
 */
final class TitleScope {

    private static final String[] SCOPE_WORDS = {"领域", "行业", "系统", "赛区", "地区"};

    private TitleScope() {}

    /**
     * The value of each of the first {@code count} keywords (found in order, leftmost-longest, in
     * {@code title[from, to)}): 1, or {@code scope} for a keyword in a scope position or a compound's head.
     */
    static float[] values(String title, int from, int to, List<Agencies.Agency> keywords, int count, float scope) {
        float[] values = new float[count];
        int cursor = from;
        int previousEnd = -1;
        for (int i = 0; i < count; i++) {
            values[i] = 1f;
            String name = keywords.get(i).name();
            int at = title.indexOf(name, cursor);
            if (at < 0 || at >= to) {
                continue; // not found where searched (cannot happen for keywords found there): value 1
            }
            int end = at + name.length();
            cursor = end;
            for (String word : SCOPE_WORDS) {
                if (title.startsWith(word, end)) {
                    values[i] = scope;
                }
            }
            if (i == count - 1 && at == previousEnd && endsSubject(title, end, to)) {
                values[i] = scope;
            }
            previousEnd = end;
        }
        return values;
    }

    /**
     * Whether nothing but punctuation, digits, Latin letters or a bracketed remark (a period, {@code （2021-2035年）})
     * follows {@code end} up to {@code to}.
     */
    static boolean endsSubject(String title, int end, int to) {
        int depth = 0;
        for (int i = end; i < to; i++) {
            char c = title.charAt(i);
            if (c == '（' || c == '(') {
                depth++;
            } else if (c == '）' || c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && Character.isIdeographic(c)) {
                return false;
            }
        }
        return true;
    }
}
