package org.gongkai.ingest.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.gongkai.ingest.site.AttachmentProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xml.sax.ContentHandler;

/** Text extraction with the real Tika parsers, on documents the test writes. */
class AttachmentTextTest {

    private static final AttachmentProperties CONFIG = AttachmentProperties.defaults();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AttachmentText text =
            new AttachmentText(CONFIG.contentTypes(), 10_000, Duration.ofSeconds(30), 2, meters);

    @AfterEach
    void close() {
        text.close();
    }

    @Test
    void pdfWordAndExcelTextIsExtracted() throws Exception {
        AttachmentText.Extracted pdf = text.extract(Documents.pdf("Notice on winter heating", "Annex 1"), "a.pdf");
        assertThat(pdf.error()).isNull();
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(pdf.text()).contains("Notice on winter heating", "Annex 1");
        assertThat(pdf.truncated()).isFalse();

        AttachmentText.Extracted docx = text.extract(Documents.docx("关于做好冬季清洁取暖工作的通知", "第二段"), "a.docx");
        assertThat(docx.contentType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(docx.text()).contains("关于做好冬季清洁取暖工作的通知", "第二段");

        AttachmentText.Extracted xlsx = text.extract(Documents.xlsx("岗位名称", "护士"), "b.xlsx");
        assertThat(xlsx.contentType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.text()).contains("岗位名称", "护士");

        assertThat(meters.get("gongkai.ingest.attachment.parse")
                        .tag("result", "ok")
                        .timer()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void wpsFilesAreReadByTheirBytesNotTheirExtension() throws Exception {
        // WPS Writer saves .wps as Word (OLE2 or OOXML), WPS Spreadsheets .et as Excel 97.
        AttachmentText.Extracted wps = text.extract(Documents.docx("招聘公告附件"), "W020231012.wps");
        AttachmentText.Extracted et = text.extract(Documents.xls("岗位表", "编外工作人员"), "W020231012.et");

        assertThat(wps.error()).isNull();
        assertThat(wps.contentType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(wps.text()).contains("招聘公告附件");
        assertThat(et.error()).isNull();
        assertThat(et.contentType()).isEqualTo("application/vnd.ms-excel");
        assertThat(et.text()).contains("编外工作人员");
    }

    @Test
    void textIsCutAtTheCharacterCap() throws Exception {
        AttachmentText small = new AttachmentText(CONFIG.contentTypes(), 100, Duration.ofSeconds(30), 1, meters);
        try {
            AttachmentText.Extracted cut = small.extract(Documents.docx("一二三四五六七八九十".repeat(50)), "long.docx");

            assertThat(cut.error()).isNull();
            assertThat(cut.truncated()).isTrue();
            assertThat(cut.text()).hasSizeLessThanOrEqualTo(100).startsWith("一二三四五");
        } finally {
            small.close();
        }
    }

    @Test
    void aCorruptPdfIsAnErrorWithoutText() throws Exception {
        AttachmentText.Extracted corrupt = text.extract(Documents.corruptPdf(), "bad.pdf");

        assertThat(corrupt.contentType()).isEqualTo("application/pdf");
        assertThat(corrupt.text()).isNull();
        assertThat(corrupt.error()).startsWith("text extraction failed:");
    }

    @Test
    void anHtmlPageIsNotAnAcceptedContentType() throws Exception {
        byte[] page = "<!DOCTYPE html><html><head><title>404</title></head><body>文件不存在</body></html>"
                .getBytes(StandardCharsets.UTF_8);

        AttachmentText.Extracted html = text.extract(page, "missing.pdf");

        assertThat(html.text()).isNull();
        assertThat(html.error()).isEqualTo("unsupported content type text/html");
    }

    @Test
    void aParseThatHangsIsAbandonedAtTheTimeoutAndABusyPoolFailsFast() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Parser hanging = new Parser() {
            @Override
            public Set<MediaType> getSupportedTypes(ParseContext context) {
                return Set.of(MediaType.application("pdf"));
            }

            @Override
            public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context) {
                started.countDown();
                // Ignores interrupts, like a parser stuck in a loop.
                while (true) {
                    try {
                        if (release.await(10, TimeUnit.SECONDS)) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        // keep hanging
                    }
                }
            }
        };
        AttachmentText slow =
                // 2 s: detection must reach the parser before the timeout even on a loaded machine.
                new AttachmentText(hanging, CONFIG.contentTypes(), 1000, Duration.ofSeconds(2), 1, meters);
        try {
            long start = System.nanoTime();
            AttachmentText.Extracted timedOut = slow.extract(Documents.pdf("x"), "slow.pdf");

            assertThat(timedOut.text()).isNull();
            assertThat(timedOut.error()).isEqualTo("text extraction timed out after PT2S");
            assertThat(started.getCount()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));

            // The only parse thread is still stuck: the next extraction fails at once instead of queueing.
            AttachmentText.Extracted busy = slow.extract(Documents.pdf("y"), "next.pdf");
            assertThat(busy.error()).contains("parse threads are still busy");
            assertThat(meters.get("gongkai.ingest.attachment.parse")
                            .tag("result", "timeout")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(meters.get("gongkai.ingest.attachment.parse")
                            .tag("result", "busy")
                            .timer()
                            .count())
                    .isEqualTo(1);
        } finally {
            release.countDown();
            slow.close();
        }
    }

    @Test
    void documentsEmbeddedInAPdfOrADocxAreNotParsed() throws Exception {
        byte[] inner = Documents.pdf("EMBEDDED SECRET TEXT");
        byte[] pdf = Documents.pdfEmbedding("Outer notice text", "inner.pdf", inner, "application/pdf");
        byte[] docx = Documents.docxEmbedding("外层通知正文", Documents.docx("EMBEDDED SECRET TEXT"));

        AttachmentText.Extracted fromPdf = text.extract(pdf, "notice.pdf");
        AttachmentText.Extracted fromDocx = text.extract(docx, "notice.docx");

        assertThat(fromPdf.error()).isNull();
        assertThat(fromPdf.text()).contains("Outer notice text").doesNotContain("EMBEDDED SECRET");
        assertThat(fromDocx.error()).isNull();
        assertThat(fromDocx.text()).contains("外层通知正文").doesNotContain("EMBEDDED SECRET");
    }

    @Test
    void cleanDropsControlCharactersAndBlankRuns() {
        assertThat(AttachmentText.clean("a\u0000b \t\r\n\n\n\n\u3000c  \n")).isEqualTo("ab\n\n\u3000c");
    }
}
