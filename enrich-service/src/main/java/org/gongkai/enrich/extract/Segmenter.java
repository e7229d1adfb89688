package org.gongkai.enrich.extract;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Cuts a DOM into text segments: the text of one block element (or of a run of text between blocks or
 * {@code <br>}s), split into pieces at the block's inline children so {@code <span>索引号</span><span>…</span>}
 * stays recognisable. Text inside {@code <pre>} keeps its line breaks: each line is a segment and a row of its own
 * (mirror sites serve crawl extracts that way, one metadata row or paragraph a line). Iterative (deeply nested pages cannot overflow the stack). Not thread-safe: one instance
 * per page.
 */
final class Segmenter {

    static final Set<String> BLOCKS = Set.of(
            "address",
            "article",
            "aside",
            "blockquote",
            "body",
            "center",
            "dd",
            "details",
            "dialog",
            "dir",
            "div",
            "dl",
            "dt",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "form",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hgroup",
            "hr",
            "html",
            "li",
            "main",
            "menu",
            "nav",
            "ol",
            "p",
            "pre",
            "section",
            "summary",
            "table",
            "tbody",
            "thead",
            "tfoot",
            "tr",
            "td",
            "th",
            "caption",
            "ul",
            "br");

    /**
     * One segment.
     *
     * @param pieces text of the block's inline children and text runs, whitespace collapsed
     * @param text   the pieces joined and trimmed (kept: the body and metadata searches read it several times)
     * @param block  innermost block element holding the text
     * @param line   whether the segment is one line of preformatted text ({@code <pre>}): a row of its own
     */
    record Segment(List<String> pieces, String text, Element block, boolean line) {

        Segment(List<String> pieces, Element block, boolean line) {
            // most segments are one piece: its text as it is, not a joined copy
            this(pieces, Text.trim(pieces.size() == 1 ? pieces.get(0) : String.join("", pieces)), block, line);
        }

        boolean inTableCell() {
            return block.nameIs("td") || block.nameIs("th");
        }

        /**
         * Segments of one row share this key (compared by identity): the {@code <tr>} of a cell, the segment
         * itself for a line of preformatted text, else the block's parent.
         */
        Object rowKey() {
            if (line) {
                return this;
            }
            if (inTableCell()) {
                Element tr = block.parent();
                return tr != null ? tr : block;
            }
            Element parent = block.parent();
            return parent != null ? parent : block;
        }
    }

    private final List<Segment> segments = new ArrayList<>();
    private final Deque<Element> blocks = new ArrayDeque<>();
    private List<String> pieces = new ArrayList<>();
    /** The piece being read; reused (emptied) after each piece, so it is not grown again for each. */
    private final StringBuilder piece = new StringBuilder();
    /** How many {@code <pre>} elements the traversal is inside. */
    private int preformatted;

    private Segmenter() {}

    static List<Segment> segments(Element root) {
        Segmenter segmenter = new Segmenter();
        segmenter.blocks.push(root);
        NodeTraversor.filter(segmenter.new Filter(), root);
        segmenter.flush();
        return segmenter.segments;
    }

    private final class Filter implements NodeFilter {

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode text) {
                if (preformatted > 0) {
                    appendLines(text.getWholeText());
                } else {
                    piece.append(text.text());
                }
            } else if (node instanceof Element element && depth > 0) {
                if (isBlock(element)) {
                    flush();
                    if (!element.nameIs("br")) {
                        blocks.push(element);
                    }
                    if (element.nameIs("pre")) {
                        preformatted++;
                    }
                } else if (element.parent() == blocks.peek()) {
                    endPiece();
                }
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element element && depth > 0) {
                if (isBlock(element)) {
                    if (!element.nameIs("br")) {
                        flush();
                        blocks.pop();
                    }
                    if (element.nameIs("pre")) {
                        preformatted--;
                    }
                } else if (element.parent() == blocks.peek()) {
                    endPiece();
                }
            }
            return FilterResult.CONTINUE;
        }
    }

    private static boolean isBlock(Element element) {
        return BLOCKS.contains(element.normalName());
    }

    /** Preformatted text: every line break ends a segment. */
    private void appendLines(String text) {
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            piece.append(text, start, nl);
            flush();
            start = nl + 1;
        }
        piece.append(text, start, text.length());
    }

    private void endPiece() {
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
            piece.setLength(0);
        }
    }

    private void flush() {
        endPiece();
        if (!pieces.isEmpty()) {
            Segment segment = new Segment(pieces, blocks.peek(), preformatted > 0);
            if (segment.text().isEmpty()) {
                pieces.clear();
            } else {
                // the list goes to the segment as it is (never changed after this), a new one takes the next pieces
                segments.add(segment);
                pieces = new ArrayList<>(4);
            }
        }
    }
}
