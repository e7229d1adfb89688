package org.gongkai.enrich.pipeline;

/** Extraction or normalisation failed for one notice: deterministic, so never retried; dead-lettered. */
public class EnrichmentException extends RuntimeException {

    public EnrichmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
