package org.gongkai.enrich.classify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates the project's labelled training corpus ({@code classify/subject-corpus.jsonl}) from
 * {@code classify/corpus-vocabulary.tsv}: per taxonomy node, notices built from title and sentence templates in the
 * style of disclosure notices, the node's agencies (or, for 30 %, the local government, which issues notices on
 * every subject) and subject phrases, shared administrative boilerplate,
 * sentences about other subjects (as real notices have) and, for some notices, the content in an attachment;
 * then 150 background notices (generic title, boilerplate only) labelled {@code "background": true}.
 * Deterministic: same vocabulary and seed give the same bytes ({@code java.util.Random} is specified).
 *
 * <pre>java -cp … org.gongkai.enrich.classify.CorpusGenerator OUT.jsonl [SEED]</pre>
 */
public final class CorpusGenerator {

    public static final long DEFAULT_SEED = 5L;
    static final String VOCABULARY = "/classify/corpus-vocabulary.tsv";

    private static final String[] PLACES = {
        "南昌市", "东湖区", "青山湖区", "武进区", "海宁市", "江阴市", "宁乡市", "德清县", "东阳市", "遵义市",
        "红花岗区", "九江市", "柳州市", "鄞州区", "平度市", "即墨区", "汉川市", "宜兴市", "崇州市", "安吉县",
        "广州市", "天河区", "成都市", "武侯区", "长沙县", "合肥市", "包河区", "洛阳市", "西安市", "雁塔区"
    };
    private static final String[] UNITS = {"市", "区", "县"};
    private static final String[] GOVERNMENTS = {"人民政府", "人民政府办公室", "人民政府办公厅"};
    private static final int BACKGROUND = 150;
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "军", "杰", "涛", "明", "超"};
    private static final String[] TITLES = {
        "%A关于做好%Y年%T工作的通知",
        "%A关于印发《%P%T实施方案》的通知",
        "关于%T有关事项的公告",
        "%A关于%Y年%T情况的报告",
        "%P%T管理办法",
        "关于公布%Y年%T名单的通告",
        "%A%Y年%T工作要点",
        "关于%T有关问题的批复",
        "%P关于进一步加强%T的意见",
        "%A关于开展%T专项行动的通知",
        "%A关于%T工作情况的通报",
        "%P%T三年行动计划（%Y—%Z年）",
        "%A关于征求《%T若干措施（征求意见稿）》意见的公告",
        "%A%Y年度%T实施细则",
        "关于%T的答复"
    };
    /** Titles that do not name the subject: only the body tells. */
    private static final String[] GENERIC_TITLES = {
        "%A关于召开%Y年第%D次全体会议的通知",
        "%A%Y年第%D次党组会议纪要",
        "%A关于%Y年度工作总结和%Z年工作计划的报告",
        "%P关于调整有关事项的通知",
        "%A关于印发有关文件的通知",
        "%A%Y年%M月份工作动态",
        "%A关于公开征求意见的公告",
        "%P领导小组会议召开"
    };

    private static final String[] TOPIC_SENTENCES = {
        "为深入贯彻落实党中央、国务院关于%T的决策部署，进一步做好%U工作，结合我%N实际，制定本方案。",
        "各%N直有关单位：现将《%P%T实施方案》印发给你们，请结合实际认真贯彻执行。",
        "%Y年，全%N共办理%T事项%D件，%U工作取得明显成效。",
        "坚持以习近平新时代中国特色社会主义思想为指导，以%T为重点，统筹推进%U，着力解决群众急难愁盼问题。",
        "（一）加强%T。健全工作机制，细化工作措施，确保%U各项任务按期完成。",
        "（二）完善%U制度。建立健全%T长效机制，规范工作流程，提升服务水平。",
        "各地各部门要加强组织领导，明确责任分工，确保%T各项任务落到实处。",
        "%A负责%T的统筹协调和监督指导，各相关单位按照职责分工做好%U相关工作。",
        "对%T工作中发现的问题，要建立台账，限期整改，整改情况及时报送%A。",
        "根据%T有关规定，经研究，同意%U相关事项，请按程序抓好落实。",
        "截至%Y年底，%T累计完成%D项，%U覆盖面进一步扩大。",
        "请于%M月%D日前将%T工作总结和下一步%U工作计划报送%A。"
    };
    private static final String[] BOILERPLATE = {
        "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。",
        "切实加强组织领导，压实工作责任，强化督促检查。",
        "要广泛开展宣传，营造良好社会氛围。",
        "各单位要高度重视，主要负责同志亲自抓、负总责。",
        "及时报送工作进展情况，遇有重大问题及时请示报告。",
        "本方案由%A负责解释。",
        "本办法自%Y年%M月%D日起施行，有效期五年。",
        "联系人：%H，联系电话：0791-8%D%D%D%D。",
        "附件：相关表格（请登录%A网站下载）",
        "以上意见，请认真组织实施。",
        "会议强调，要以高度的政治责任感抓好各项工作，推动高质量发展。",
        "对工作不力、造成不良影响的，依规依纪严肃追责问责。"
    };
    private static final String[] CROSS_SENTENCES = {
        "同时，统筹做好%X等相关工作。", "会议还研究了%X有关事项。", "要加强与%X工作的衔接配合。", "%X工作按照有关规定另行部署。"
    };
    private static final String[] CLOSINGS = {"特此通知。", "特此公告。", "特此通报。", "", "", "此复。"};

    private record Node(SubjectNode label, String[] agencies, String[] terms) {}

    private CorpusGenerator() {}

    public static void main(String[] args) throws IOException {
        long seed = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_SEED;
        Files.writeString(Path.of(args[0]), generate(seed), StandardCharsets.UTF_8);
    }

    /** The corpus as JSONL text. */
    static String generate(long seed) throws IOException {
        List<Node> nodes = readVocabulary();
        Random random = new Random(seed);
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Integer> childrenPerFirst = new LinkedHashMap<>();
        for (Node node : nodes) {
            childrenPerFirst.merge(node.label().first(), 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            int count = Math.max(18, (int)
                    Math.ceil(110.0 / childrenPerFirst.get(node.label().first())));
            for (int i = 0; i < count; i++) {
                Map<String, String> line = notice(node, nodes, random);
                out.append(json.writeValueAsString(line)).append('\n');
            }
        }
        // background: notices with no subject content at all, which the model must leave unclassified
        Node government = new Node(null, GOVERNMENTS, new String[] {"有关工作"});
        for (int i = 0; i < BACKGROUND; i++) {
            String agency = pick(random, PLACES) + pick(random, GOVERNMENTS);
            int year = 2019 + random.nextInt(7);
            String title = fill(pick(random, GENERIC_TITLES), government, agency, "", "", year, nodes, random);
            StringBuilder body = new StringBuilder();
            for (int j = 1 + random.nextInt(4); j > 0; j--) {
                body.append(fill(pick(random, BOILERPLATE), government, agency, "", "", year, nodes, random));
            }
            body.append(pick(random, CLOSINGS));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("title", title);
            line.put("body", body.toString());
            line.put("background", true);
            out.append(json.writeValueAsString(line)).append('\n');
        }
        return out.toString();
    }

    private static Map<String, String> notice(Node node, List<Node> nodes, Random random) {
        String place = pick(random, PLACES);
        // local governments and their general offices issue notices on every subject
        String agencyName = random.nextDouble() < 0.3 ? pick(random, GOVERNMENTS) : pick(random, node.agencies());
        String agency = agencyName.startsWith("国务院")
                        || agencyName.startsWith("中央")
                        || agencyName.startsWith("国家")
                        || agencyName.startsWith("中国")
                ? agencyName
                : place + agencyName;
        String term = pick(random, node.terms());
        int year = 2019 + random.nextInt(7);
        String[] titles = random.nextDouble() < 0.25 ? GENERIC_TITLES : TITLES;
        String title = fill(pick(random, titles), node, agency, place, term, year, nodes, random);
        List<String> sentences = new ArrayList<>();
        int topical = 1 + random.nextInt(4);
        for (int i = 0; i < topical; i++) {
            sentences.add(fill(
                    pick(random, TOPIC_SENTENCES),
                    node,
                    agency,
                    place,
                    pick(random, node.terms()),
                    year,
                    nodes,
                    random));
        }
        int generic = 1 + random.nextInt(4);
        for (int i = 0; i < generic; i++) {
            sentences.add(
                    random.nextInt(sentences.size() + 1),
                    fill(pick(random, BOILERPLATE), node, agency, place, term, year, nodes, random));
        }
        int cross = random.nextDouble() < 0.4 ? 1 + random.nextInt(2) : 0;
        for (int i = 0; i < cross; i++) {
            sentences.add(
                    random.nextInt(sentences.size() + 1),
                    fill(pick(random, CROSS_SENTENCES), node, agency, place, term, year, nodes, random));
        }
        String attachments = "";
        if (random.nextDouble() < 0.15) {
            // content carried by an attachment, the page itself says little
            attachments = String.join("", sentences);
            sentences = List.of("现将有关情况公布如下，详见附件。");
        }
        String body = String.join("", sentences) + pick(random, CLOSINGS);
        Map<String, String> line = new LinkedHashMap<>();
        line.put("title", title);
        line.put("body", body);
        if (!attachments.isEmpty()) {
            line.put("attachments", attachments);
        }
        line.put("first", node.label().first());
        if (node.label().second() != null) {
            line.put("second", node.label().second());
        }
        return line;
    }

    private static String fill(
            String template,
            Node node,
            String agency,
            String place,
            String term,
            int year,
            List<Node> nodes,
            Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 == template.length()) {
                out.append(c);
                continue;
            }
            char slot = template.charAt(++i);
            switch (slot) {
                case 'A' -> out.append(agency);
                case 'P' -> out.append(place);
                case 'T' -> out.append(term);
                case 'U' -> out.append(pick(random, node.terms()));
                case 'Y' -> out.append(year);
                case 'Z' -> out.append(year + 2);
                case 'N' -> out.append(pick(random, UNITS));
                case 'D' -> out.append(1 + random.nextInt(28));
                case 'M' -> out.append(1 + random.nextInt(12));
                case 'H' -> out.append(pick(random, SURNAMES)).append(pick(random, GIVEN));
                case 'X' -> {
                    Node other = nodes.get(random.nextInt(nodes.size()));
                    out.append(pick(random, other.terms()));
                }
                default -> out.append('%').append(slot);
            }
        }
        return out.toString();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static List<Node> readVocabulary() throws IOException {
        List<Node> nodes = new ArrayList<>();
        try (InputStream in = CorpusGenerator.class.getResourceAsStream(VOCABULARY)) {
            if (in == null) {
                throw new IllegalStateException("missing " + VOCABULARY);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                String[] levels = parts[0].split("\\\\");
                SubjectNode label = new SubjectNode(levels[0], levels.length > 1 ? levels[1] : null);
                if (!Taxonomy.national().contains(label)) {
                    throw new IllegalStateException("vocabulary node not in the taxonomy: " + parts[0]);
                }
                nodes.add(new Node(label, parts[1].split("\\|"), parts[2].split("\\|")));
            }
        }
        return nodes;
    }
}
