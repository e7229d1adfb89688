package org.gongkai.index.write;

import java.io.IOException;
import java.util.List;

/** Sends one {@code _bulk} request. Implementations are thread-safe. */
@FunctionalInterface
public interface BulkExecutor {

    /**
     * Sends {@code operations} as one request.
     *
     * @return one result per operation, in the same order; a request refused as a whole yields its status for
     *     every item
     * @throws IOException when no response arrived (connection refused, timeout)
     */
    List<ItemResult> execute(List<IndexOperation> operations) throws IOException;
}
