package org.gongkai.enrich.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Page furniture of an HTML notice page: scripts, styles, forms' widgets, media, and elements whose class or id names
 * navigation, footers, share widgets or pagers. Removed before the page is read. Stateless, thread-safe.
 */
final class PageFurniture {

    private PageFurniture() {}

    private static final Set<String> JUNK_TAGS = Set.of(
            "script",
            "style",
            "noscript",
            "template",
            "iframe",
            "object",
            "embed",
            "svg",
            "canvas",
            "select",
            "button",
            "input",
            "textarea",
            "nav",
            "footer",
            "map",
            "audio",
            "video");

    /** Class or id tokens of navigation, footers and share widgets. */
    private static final Pattern JUNK_NAMES = Pattern.compile(
            "(?i)(?:^|[\\s_-])(?:nav|navbar|menu|footer|foot|bottom|breadcrumbs?|crumbs?|position|location|share|"
                    + "bdshare|jiathis|toolbar|copyright|sidebar|topbar|friendlink|print|pager|pagination)"
                    + "(?:$|[\\s_-])");

    /** Removes furniture elements from {@code doc}, never one that holds main content. */
    static void remove(Document doc) {
        List<Element> junkTags = new ArrayList<>();
        for (Element element : doc.getAllElements()) {
            if (JUNK_TAGS.contains(element.normalName())) {
                junkTags.add(element);
            }
        }
        junkTags.forEach(Element::remove);
        List<Element> junk = new ArrayList<>();
        for (Element element : doc.body().getAllElements()) {
            if (element == doc.body() || element.attributesSize() == 0) {
                continue; // no class and no id: nothing to name it furniture
            }
            // never <form>: ASP.NET pages wrap the whole page in one
            String names = element.className() + " " + element.id();
            if (!names.isBlank() && JUNK_NAMES.matcher(names).find() && !MainContent.holdsContent(element)) {
                junk.add(element);
            }
        }
        junk.forEach(Element::remove);
    }
}
