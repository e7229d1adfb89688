package org.gongkai.ingest.attach;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.XHTMLContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * A parser for the parse child process in tests ({@link ChildParsesTest}), on its class path as a test class:
 * plain text starting with {@code allocate} keeps allocating until the heap is exhausted, {@code spin} runs
 * forever (ignoring interrupts, as real parsers stuck in a loop do); any other text is returned as it is.
 */
public final class RunawayParser implements Parser {

    /** Keeps what was allocated reachable, so the collector cannot free it. */
    private static final List<byte[]> HOARD = new ArrayList<>();

    private static volatile long spins;

    @Override
    public Set<MediaType> getSupportedTypes(ParseContext context) {
        return Set.of(MediaType.TEXT_PLAIN);
    }

    @Override
    public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
            throws IOException, SAXException {
        String text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        if (text.startsWith("allocate")) {
            while (true) {
                HOARD.add(new byte[8 << 20]);
            }
        }
        if (text.startsWith("spin")) {
            while (true) {
                spins++;
            }
        }
        XHTMLContentHandler xhtml = new XHTMLContentHandler(handler, metadata);
        xhtml.startDocument();
        xhtml.element("p", text);
        xhtml.endDocument();
    }
}
