package org.gongkai.search.api;

import org.gongkai.portal.query.BadParameterException;
import org.gongkai.search.elasticsearch.SearchUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 9457 problem details ({@code application/problem+json}): a refused parameter is 400 with the
 * parameter's name in {@code parameter}, and so is one Spring refuses before the route runs (a required one missing,
 * one of the wrong type, e.g. {@code size=abc}: the request's own name in {@code parameter}); other malformed requests
 * are the base class's 400s; an unknown notice 404; Elasticsearch not answering or failing 503, logged, without its details in the answer.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler
    ProblemDetail badParameter(BadParameterException e) {
        return badParameter(e.parameter(), e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e.getParameterName();
        return handleExceptionInternal(e, badParameter(name, name + ": must be given"), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName();
        if (name == null) {
            return super.handleTypeMismatch(e, headers, status, request);
        }
        Class<?> type = e.getRequiredType();
        String expected = type != null && (type == int.class || Number.class.isAssignableFrom(type))
                ? "a whole number"
                : "of type " + (type == null ? "?" : type.getSimpleName());
        String detail = name + ": must be " + expected + ", not '" + e.getValue() + "'";
        return handleExceptionInternal(e, badParameter(name, detail), headers, status, request);
    }

    private static ProblemDetail badParameter(String parameter, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Bad parameter");
        problem.setProperty("parameter", parameter);
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
