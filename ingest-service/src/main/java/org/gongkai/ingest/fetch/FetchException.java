package org.gongkai.ingest.fetch;

import java.io.IOException;

/** A page could not be fetched: refused address, bad redirect, timeout, connection or protocol failure. */
public class FetchException extends IOException {

    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
