package org.gongkai.search.api;

import org.gongkai.portal.query.BadParameterException;
import org.gongkai.search.elasticsearch.SearchUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 9457 problem details ({@code application/problem+json}): a refused parameter is 400 with the
 * parameter's name in {@code parameter}; a missing or mistyped one is Spring's own 400 (the base class); an unknown
 * notice 404; Elasticsearch not answering or failing 503, logged, without its details in the answer.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler
    ProblemDetail badParameter(BadParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad parameter");
        problem.setProperty("parameter", e.parameter());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notFound(NoticeNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unavailable(SearchUnavailableException e) {
        log.warn("search failed: {}", e.getMessage());
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "the search index did not answer");
        problem.setTitle("Search unavailable");
        return problem;
    }
}
