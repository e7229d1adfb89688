package org.gongkai.ingest.fetch;

/** The {@link AddressGuard} refused a URL before any connection was made. */
public class BlockedAddressException extends FetchException {

    public BlockedAddressException(String message) {
        super(message);
    }
}
