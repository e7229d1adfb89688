package org.gongkai.ingest.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.gongkai.ingest.site.AttachmentProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Text extraction in real child JVMs ({@code parse-mode: process}): a parse that exhausts the child's heap or runs
 * past its deadline ends with its process, the caller gets the failure, and the next attachment parses in a fresh
 * child. The runaway parses come from {@link RunawayParser}, a test class on the child's class path.
 */
class ChildParsesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private AttachmentText text;
    private ChildParses children;

    private void start(List<String> contentTypes, String parserClass) {
        children = new ChildParses(
                new ChildParses.Settings(
                        ChildCommand.forThisJvm("64m", List.of()),
                        contentTypes,
                        10_000,
                        TIMEOUT,
                        1,
                        Duration.ofMinutes(5),
                        "64m",
                        parserClass),
                meters);
        text = new AttachmentText(children, meters);
    }

    @AfterEach
    void close() {
        if (text != null) {
            List<ProcessHandle> left = children.childProcesses();
            text.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> left.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    @Test
    void aParseThatExhaustsTheChildHeapOrNeverEndsIsKilledWithItsProcessAndTheNextOneParses() throws Exception {
        start(List.of("text/plain"), RunawayParser.class.getName());
        int threadsBefore = parseThreads();

        AttachmentText.Extracted first = extract("第一份附件 first");
        assertThat(first.error()).isNull();
        assertThat(first.text()).isEqualTo("第一份附件 first");
        ProcessHandle firstChild = onlyChild();
        assertThat(extract("second, same child").text()).isEqualTo("second, same child");
        assertThat(onlyChild().pid()).as("a healthy child is reused").isEqualTo(firstChild.pid());

        AttachmentText.Extracted memory = extract("allocate beyond the 64m heap");
        assertThat(memory.text()).isNull();
        assertThat(memory.error())
                .startsWith("text extraction ran out of memory")
                .contains("64m");
        assertThat(firstChild.isAlive()).isFalse();
        assertThat(children.childProcesses()).isEmpty();

        assertThat(extract("after the memory bomb").text()).isEqualTo("after the memory bomb");
        ProcessHandle secondChild = onlyChild();
        assertThat(secondChild.pid()).isNotEqualTo(firstChild.pid());

        AttachmentText.Extracted forever = extract("spin forever, ignoring interrupts");
        assertThat(forever.text()).isNull();
        assertThat(forever.error()).isEqualTo("text extraction timed out after PT4S (parse process killed)");
        assertThat(secondChild.isAlive()).isFalse();
        assertThat(children.childProcesses()).isEmpty();

        assertThat(extract("after the endless loop").text()).isEqualTo("after the endless loop");
        assertThat(onlyChild().pid()).isNotIn(firstChild.pid(), secondChild.pid());

        // No thread is left behind by the killed parses: the caller's thread did the work, plus one timer thread.
        assertThat(parseThreads()).isLessThanOrEqualTo(Math.max(threadsBefore, 1));
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive))
                .as("one child serves, the killed ones are reaped")
                .hasSize(1);
        assertThat(count("started")).isEqualTo(3);
        assertThat(count("memory")).isEqualTo(1);
        assertThat(count("timeout")).isEqualTo(1);
        assertThat(parses("ok")).isEqualTo(4);
        assertThat(parses("memory")).isEqualTo(1);
        assertThat(parses("timeout")).isEqualTo(1);
    }

    @Test
    void realDocumentsParseInTheChildWithoutTheirEmbeddedDocuments() throws Exception {
        start(AttachmentProperties.defaults().contentTypes(), null);
        AttachmentText.Extracted docx = text.extract(Documents.docx("关于做好冬季清洁取暖工作的通知", "第二段"), "a.docx");
        assertThat(docx.error()).isNull();
        assertThat(docx.text()).contains("关于做好冬季清洁取暖工作的通知", "第二段");

        byte[] inner = Documents.pdf("EMBEDDED SECRET TEXT");
        AttachmentText.Extracted fromPdf = text.extract(
                Documents.pdfEmbedding("Outer notice text", "inner.pdf", inner, "application/pdf"), "notice.pdf");
        AttachmentText.Extracted fromDocx =
                text.extract(Documents.docxEmbedding("外层通知正文", Documents.docx("EMBEDDED SECRET TEXT")), "notice.docx");
        assertThat(fromPdf.error()).isNull();
        assertThat(fromPdf.text()).contains("Outer notice text").doesNotContain("EMBEDDED SECRET");
        assertThat(fromDocx.error()).isNull();
        assertThat(fromDocx.text()).contains("外层通知正文").doesNotContain("EMBEDDED SECRET");

        AttachmentText.Extracted html =
                text.extract("<html><body>404</body></html>".getBytes(StandardCharsets.UTF_8), "a.pdf");
        assertThat(html.error()).isEqualTo("unsupported content type text/html");
        AttachmentText.Extracted corrupt = text.extract(Documents.corruptPdf(), "bad.pdf");
        assertThat(corrupt.error()).startsWith("text extraction failed");
        assertThat(onlyChild()).as("parser errors do not end the child").isNotNull();
    }

    @Test
    void aChildThatCannotStartIsAClearErrorPerAttachment() throws Exception {
        children = new ChildParses(
                new ChildParses.Settings(
                        List.of("/nonexistent/bin/java"),
                        List.of("text/plain"),
                        100,
                        TIMEOUT,
                        1,
                        Duration.ofMinutes(5),
                        "64m",
                        null),
                meters);
        text = new AttachmentText(children, meters);
        AttachmentText.Extracted failed = extract("anything");
        assertThat(failed.error()).startsWith("text extraction failed: parse process did not start");
        assertThat(children.childProcesses()).isEmpty();
    }

    private AttachmentText.Extracted extract(String content) throws InterruptedException {
        return text.extract(content.getBytes(StandardCharsets.UTF_8), "a.txt");
    }

    private ProcessHandle onlyChild() {
        List<ProcessHandle> live = children.childProcesses();
        assertThat(live).hasSize(1);
        return live.get(0);
    }

    private static int parseThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("attachment-parse"))
                .count();
    }

    private double count(String event) {
        return meters.get("gongkai.ingest.attachment.parse.children")
                .tag("event", event)
                .counter()
                .count();
    }

    private long parses(String result) {
        return meters.get("gongkai.ingest.attachment.parse")
                .tag("result", result)
                .timer()
                .count();
    }
}
