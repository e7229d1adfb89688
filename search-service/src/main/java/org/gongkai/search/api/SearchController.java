package org.gongkai.search.api;

import java.util.List;
import org.gongkai.portal.query.Parameter;
import org.gongkai.portal.query.PortalQuery;
import org.gongkai.search.api.Responses.Hit;
import org.gongkai.search.api.Responses.Notice;
import org.gongkai.search.api.Responses.Page;
import org.gongkai.search.api.Responses.Suggestion;
import org.gongkai.search.elasticsearch.NoticeIndex;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The portal contract over HTTP (described in {@code /openapi.yaml}). Every request body comes from the query
 * files of {@code docs/portal-queries/} through {@link PortalQuery}; parameters are checked there (a refused value
 * is a 400 naming the parameter, see {@link ApiErrors}).
 */
@RestController
@RequestMapping(path = "/api", produces = "application/json")
public class SearchController {

    static final int DEFAULT_SIZE = 10;

    private final NoticeIndex index;

    public SearchController(NoticeIndex index) {
        this.index = index;
    }

    /**
     * Full text with highlights ({@code q} given) or the catalogue newest first (no {@code q}), with facets.
     * {@code subject_model_version} (no facet: an operator's filter) finds the notices a subject model classified.
     */
    @GetMapping("/search")
    public Page search(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) List<String> publisher,
            @RequestParam(required = false) List<String> subject,
            @RequestParam(name = "subject_second", required = false) List<String> subjectSecond,
            @RequestParam(required = false) List<String> genre,
            @RequestParam(required = false) List<String> validity,
            @RequestParam(required = false) List<String> site,
            @RequestParam(name = "subject_model_version", required = false) List<String> subjectModelVersion,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "" + DEFAULT_SIZE) int size) {
        PortalQuery query;
        if (q == null) {
            query = PortalQuery.load(PortalQuery.BROWSE);
        } else {
            query = PortalQuery.load(PortalQuery.FULL_TEXT).with(Parameter.Q, q);
        }
        optional(query, Parameter.PUBLISHERS, publisher);
        optional(query, Parameter.SUBJECTS, subject);
        optional(query, Parameter.SUBJECTS_SECOND, subjectSecond);
        optional(query, Parameter.GENRES, genre);
        optional(query, Parameter.VALIDITIES, validity);
        optional(query, Parameter.SITES, site);
        optional(query, Parameter.SUBJECT_MODEL_VERSIONS, subjectModelVersion);
        if (from != null) {
            query.with(Parameter.PUBLISHED_FROM, from);
        }
        if (to != null) {
            query.with(Parameter.PUBLISHED_TO, to);
        }
        return page(query.withFacets(), after, size);
    }

    /** 文号 lookup in any bracket form, width or script; newest first, one result per notice with its copies. */
    @GetMapping("/lookup/document-number")
    public Page documentNumber(
            @RequestParam String value,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "" + DEFAULT_SIZE) int size) {
        return page(PortalQuery.load(PortalQuery.DOCUMENT_NUMBER).with(Parameter.DOCUMENT_NUMBER, value), after, size);
    }

    /** 索引号 lookup in any case or width; newest first, one result per notice with its copies. */
    @GetMapping("/lookup/index-number")
    public Page indexNumber(
            @RequestParam String value,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "" + DEFAULT_SIZE) int size) {
        return page(PortalQuery.load(PortalQuery.INDEX_NUMBER).with(Parameter.INDEX_NUMBER, value), after, size);
    }

    /** Title suggestions for what has been typed (from one character on). */
    @GetMapping("/suggest")
    public List<Suggestion> suggest(@RequestParam String prefix) {
        return ResultMapper.suggestions(index.search(PortalQuery.load(PortalQuery.TITLE_SUGGEST)
                .with(Parameter.PREFIX, prefix)
                .build()));
    }

    /** One notice with its metadata block and attachments; 404 when there is none with this id. */
    @GetMapping("/notices/{id}")
    public ResponseEntity<Notice> notice(@PathVariable String id) {
        JsonNode hits = index.search(PortalQuery.load(PortalQuery.NOTICE)
                        .with(Parameter.NOTICE_ID, id)
                        .build())
                .path("hits")
                .path("hits");
        if (hits.isEmpty()) {
            throw new NoticeNotFoundException(id);
        }
        return ResponseEntity.ok(ResultMapper.notice(hits.get(0)));
    }

    /**
     * Related notices (more like this one): one per notice (collapsed on {@code identity}), neither the notice itself
     * nor any of its copies on other sites. One request: the query pins the notice first, so its group (it and its
     * copies) is the first hit, which is left out; a notice that is not there has no related notices (an empty list).
     */
    @GetMapping("/notices/{id}/related")
    public List<Hit> related(@PathVariable String id) {
        return ResultMapper.related(
                index.search(PortalQuery.load(PortalQuery.MORE_LIKE_THIS)
                        .with(Parameter.NOTICE_ID, id)
                        .build()),
                id);
    }

    private Page page(PortalQuery query, String after, int size) {
        query.size(size);
        if (after != null) {
            query.after(after);
        }
        ObjectNode body = query.build();
        JsonNode result = index.search(body);
        return ResultMapper.page(result, query.next(result));
    }

    private static void optional(PortalQuery query, Parameter parameter, List<String> values) {
        if (values != null && !values.isEmpty()) {
            query.with(parameter, values);
        }
    }
}
