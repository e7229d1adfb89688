package org.gongkai.search.api;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.apache.tomcat.util.http.InvalidParameterException;
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
 * are the base class's 400s; a query string that is not percent-encoded UTF-8 ({@code q=%ZZ}) a 400 naming the
 * first parameter that is not; an unknown notice 404; Elasticsearch not answering or failing 503, logged, without its details in the answer.
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

    /**
     * Tomcat (11) decodes the query string when the route first reads a parameter and throws this when it is not
     * valid percent-encoding; unhandled it became Spring Boot's error page (session 18's trial, finding 4). The
     * exception does not say which parameter, so the query string is read again here.
     */
    @ExceptionHandler
    ProblemDetail badEncoding(InvalidParameterException e, HttpServletRequest request) {
        String query = request.getQueryString() == null ? "" : request.getQueryString();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            if (!decodes(name) || !decodes(value)) {
                return badParameter(name, name + ": must be percent-encoded UTF-8, not '" + value + "'");
            }
        }
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the query string cannot be decoded");
        problem.setTitle("Bad parameter");
        return problem;
    }

    /** Whether {@code text} is ASCII whose {@code %XX} escapes are well formed and decode as UTF-8. */
    private static boolean decodes(String text) {
        ByteBuffer bytes = ByteBuffer.allocate(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7e || c < 0x20) {
                return false;
            }
            if (c == '%') {
                if (i + 2 >= text.length()
                        || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    return false;
                }
                bytes.put((byte) Integer.parseInt(text, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(bytes.flip());
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
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
