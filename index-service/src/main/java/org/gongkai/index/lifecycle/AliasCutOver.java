package org.gongkai.index.lifecycle;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.get_alias.IndexAliases;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gongkai.index.IndexNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a migration: moves the read alias {@code NAME} and the write alias {@code NAME-write} from
 * whatever indices hold them to {@code NAME-vN}, in one {@code _aliases} request, which Elasticsearch applies
 * atomically: every search sees either the old index or the new one, never none or both.
 *
 * <p>Refuses when the new index does not exist or holds fewer documents than the index reads come from (the replay
 * has not caught up), unless forced. Idempotent: a second run finds the aliases in place and changes nothing.
 */
public final class AliasCutOver {

    private static final Logger log = LoggerFactory.getLogger(AliasCutOver.class);

    private final ElasticsearchClient client;
    private final IndexNames names;

    public AliasCutOver(ElasticsearchClient client, IndexNames names) {
        this.client = client;
        this.names = names;
    }

    /**
     * Moves both aliases to {@code names.index()}.
     *
     * @param force cut over even when the new index holds fewer documents than the current read index
     * @return the changes made, empty when the aliases were in place already
     * @throws IllegalStateException when the new index is missing or behind (and not forced)
     */
    public List<String> run(boolean force) throws IOException {
        String target = names.index();
        if (!client.indices().exists(e -> e.index(target)).value()) {
            throw new IllegalStateException("no index " + target + " to cut over to: replay into it first");
        }
        Map<String, IndexAliases> current =
                client.indices().getAlias(g -> g.index(names.indexPattern())).result();
        List<String> readers = holders(current, names.readAlias());
        if (!force) {
            client.indices().refresh(r -> r.index(names.indexPattern()));
            long targetCount = count(target);
            for (String reader : readers) {
                long readerCount = count(reader);
                if (!reader.equals(target) && readerCount > targetCount) {
                    throw new IllegalStateException(target + " holds " + targetCount + " documents, " + reader + " "
                            + readerCount + ": let the replay catch up first (or force)");
                }
            }
        }
        List<Action> actions = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (String reader : readers) {
            if (!reader.equals(target)) {
                actions.add(Action.of(a -> a.remove(r -> r.index(reader).alias(names.readAlias()))));
                changes.add(names.readAlias() + " removed from " + reader);
            }
        }
        if (!readers.contains(target)) {
            actions.add(Action.of(a -> a.add(r -> r.index(target).alias(names.readAlias()))));
            changes.add(names.readAlias() + " -> " + target);
        }
        List<String> writers = holders(current, names.writeAlias());
        for (String writer : writers) {
            if (!writer.equals(target)) {
                actions.add(Action.of(a -> a.remove(r -> r.index(writer).alias(names.writeAlias()))));
                changes.add(names.writeAlias() + " removed from " + writer);
            }
        }
        if (!writers.contains(target)) {
            actions.add(Action.of(
                    a -> a.add(r -> r.index(target).alias(names.writeAlias()).isWriteIndex(true))));
            changes.add(names.writeAlias() + " -> " + target);
        }
        if (!actions.isEmpty()) {
            client.indices().updateAliases(u -> u.actions(actions));
        }
        log.info("Cut over to {}: {}", target, changes.isEmpty() ? "aliases already in place" : changes);
        return changes;
    }

    private static List<String> holders(Map<String, IndexAliases> current, String alias) {
        return current.entrySet().stream()
                .filter(e -> e.getValue().aliases().containsKey(alias))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private long count(String index) throws IOException {
        return client.count(c -> c.index(index)).count();
    }
}
