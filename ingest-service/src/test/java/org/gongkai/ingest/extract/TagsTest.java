package org.gongkai.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The linear scans of {@code <record>} and {@code <nextgroup>} find exactly what the regular expressions they
 * replace found (kept here as the reference), and finish on adversarial pages on which those took minutes.
 */
class TagsTest {

    /** The expressions LinkExtractor and Pagination used before. */
    private static final Pattern OLD_RECORD = Pattern.compile(
            "<record>\\s*<!\\[CDATA\\[(.*?)]]>\\s*</record>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private static final Pattern OLD_NEXT_GROUP = Pattern.compile(
            "<nextgroup>\\s*(?:<!\\[CDATA\\[(.*?)]]>|(.*?))\\s*</nextgroup>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    /** Generous: the linear scans take milliseconds; the old expressions took minutes on these pages. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    private static final URI PAGE = URI.create("http://www.dhq.test/col/col1229/index.html");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<recordset><record><![CDATA[<li><a href='/art/1.html'>一</a></li>]]></record>\n"
                        + "<record>\n  <![CDATA[\n<li><a href=\"/art/2.html\">二</a></li>]]>\n</record></recordset>",
                "<RECORD><![cdata[<a href=/a.html>a</a>]]></Record><record><![CDATA[]]></record>",
                "<record>no cdata</record><record><![CDATA[<a href=/b.html>b</a>]]></record>",
                "<record><![CDATA[<a href=/c.html>]]> junk </record><record><![CDATA[<a href=/d.html>]]></record>",
                "<record><![CDATA[<a href=/e.html>]]>",
                "<record><![CDATA[<a href=/f.html>]]></recordx><record><![CDATA[x]]></record>",
                "<record ><![CDATA[<a href=/g.html>]]></record>",
                "no records at all",
                ""
            })
    void recordsAreTheOnesTheOldExpressionFound(String html) {
        List<String> old = new ArrayList<>();
        Matcher m = OLD_RECORD.matcher(html);
        while (m.find()) {
            old.add(m.group(1));
        }
        assertThat(Tags.cdataOf(html, "record")).isEqualTo(old);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<datastore><nextgroup><![CDATA[<a href=\"/x.jsp?page=2\"></a>]]></nextgroup></datastore>",
                "<nextgroup>\n  <![CDATA[<a href=/y.jsp>]]>  \n</nextgroup>",
                "<NEXTGROUP><a href=/plain.jsp>next</a>  </NextGroup>",
                "<nextgroup><![CDATA[]]></nextgroup>",
                "<nextgroup>  </nextgroup>",
                "<nextgroup><![CDATA[<a href=/z.jsp>]]> x </nextgroup> ]]></nextgroup>",
                "<nextgroup><![CDATA[<a href=/never-closed.jsp>",
                "<nextgroup><![CDATA[<a href=/q.jsp>]]></nextgroup><nextgroup><![CDATA[<a href=/r.jsp>]]></nextgroup>",
                "nothing"
            })
    void theNextGroupIsTheOneTheOldExpressionFound(String html) {
        Matcher m = OLD_NEXT_GROUP.matcher(html);
        String old = m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
        assertThat(Tags.firstContent(html, "nextgroup")).isEqualTo(old);
    }

    @Test
    void aPageOfUnclosedRecordOpeningsIsScannedInLinearTime() {
        // ~1.9 MB: 40,000 openings, no "]]>" anywhere; then the same with "]]>" but never "</record>".
        String noEnd = "<recordset>" + "<record><![CDATA[<a href='/art/1.html'>x</a>".repeat(40_000);
        String noClose = "<recordset>" + "<record><![CDATA[<a href='/art/1.html'>x</a>]]>".repeat(40_000);
        LinkExtractor extractor = new LinkExtractor();

        assertTimeoutPreemptively(BOUND, () -> {
            assertThat(extractor.extractRecords(noEnd, PAGE, null)).isEmpty();
            assertThat(extractor.extractRecords(noClose, PAGE, null)).isEmpty();
        });
    }

    @Test
    void aPageOfUnclosedNextGroupOpeningsIsScannedInLinearTime() {
        String flood = "<datastore>" + "<nextgroup><![CDATA[<a href=\"/x.jsp?page=2\">".repeat(40_000);

        assertTimeoutPreemptively(
                BOUND, () -> assertThat(Pagination.fromNextGroup(flood, PAGE)).isEmpty());
    }
}
