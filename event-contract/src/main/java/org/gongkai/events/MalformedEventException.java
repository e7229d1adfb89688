package org.gongkai.events;

/** An event value that cannot be read: not JSON, wrong shape, missing required fields or unknown schema version. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
