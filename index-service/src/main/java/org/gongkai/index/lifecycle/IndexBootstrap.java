package org.gongkai.index.lifecycle;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.get_alias.IndexAliases;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gongkai.index.IndexNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates what the indexer writes to, idempotently: the index template, the concrete index {@code NAME-vN} and the
 * aliases; adds the template's new fields to an index that exists already ({@link MappingUpdate}).
 *
 * <p>Safe when several instances run it at once: the template put is an overwrite with the same content, an
 * index that already exists ({@code resource_already_exists_exception}) counts as created, and alias changes are one
 * atomic {@code _aliases} request whose removals tolerate missing aliases. The write alias ends on
 * {@code NAME-vN} (this instance's mapping version) unless a newer version holds it (it never moves backwards, so
 * an instance restarted with an old configuration after a migration does not undo the cut-over); the read alias is added only when no index has it, so moving
 * reads to a new version stays an explicit cut-over. Thread-safe (stateless apart from the client).
 */
public final class IndexBootstrap {

    private static final Logger log = LoggerFactory.getLogger(IndexBootstrap.class);

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final IndexTemplate template;
    private final boolean aliases;
    private final MappingUpdate mappingUpdate;

    public IndexBootstrap(ElasticsearchClient client, IndexNames names, IndexTemplate template) {
        this(client, names, template, true);
    }

    /**
     * @param aliases whether to align the aliases; {@code false} while replaying into a new index version, which
     *     stays invisible until the cut-over
     */
    public IndexBootstrap(ElasticsearchClient client, IndexNames names, IndexTemplate template, boolean aliases) {
        this.client = client;
        this.names = names;
        this.template = template;
        this.aliases = aliases;
        this.mappingUpdate = new MappingUpdate(client, template);
    }

    /**
     * Runs all steps.
     *
     * @throws IOException            when Elasticsearch does not answer
     * @throws ElasticsearchException when it refuses a step
     */
    public void run() throws IOException {
        putTemplate();
        boolean created = createIndex();
        List<String> changes = aliases ? alignAliases() : List.of("left alone (replay)");
        List<String> added = addMissingFields();
        log.info(
                "Index {} {}; aliases {}; fields {}",
                names.index(),
                created ? "created" : "already present",
                changes.isEmpty() ? "already in place" : String.join(", ", changes),
                added.isEmpty() ? "as in the template" : "added to " + String.join("; ", added));
    }

    /**
     * Adds the template's new fields to the indices this instance writes to: its own index and, in live mode, the
     * one the write alias is on (a newer version, when an instance of an older configuration runs). Before the
     * listener starts, so no document with a new field meets a mapping without it.
     */
    public List<String> addMissingFields() throws IOException {
        // one GET _mapping for both: Elasticsearch answers each concrete index once
        return mappingUpdate.addMissingFields(
                aliases ? List.of(names.index(), names.writeAlias()) : List.of(names.index()));
    }

    void putTemplate() throws IOException {
        client.indices()
                .putIndexTemplate(r -> r.name(names.template()).withJson(new ByteArrayInputStream(template.toJson())));
    }

    /** Creates the index unless it exists; returns whether this call created it. */
    boolean createIndex() throws IOException {
        try {
            client.indices().create(c -> c.index(names.index()));
            return true;
        } catch (ElasticsearchException e) {
            if ("resource_already_exists_exception".equals(e.error().type())) {
                return false;
            }
            throw e;
        }
    }

    /** The version of a concrete index {@code BASE-vN}, or 0 for another name. */
    int versionOf(String index) {
        String prefix = names.base() + "-v";
        if (!index.startsWith(prefix)) {
            return 0;
        }
        try {
            return Integer.parseInt(index.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Points the aliases at the index; returns the changes made, empty when none were needed. */
    List<String> alignAliases() throws IOException {
        Map<String, IndexAliases> current =
                client.indices().getAlias(g -> g.index(names.indexPattern())).result();
        String index = names.index();
        List<Action> actions = new ArrayList<>();
        List<String> changes = new ArrayList<>();

        IndexAliases own = current.get(index);
        var writeOnIndex = own == null ? null : own.aliases().get(names.writeAlias());
        boolean writeInPlace = writeOnIndex != null && Boolean.TRUE.equals(writeOnIndex.isWriteIndex());
        int newest = current.entrySet().stream()
                .filter(e -> e.getValue().aliases().containsKey(names.writeAlias()))
                .mapToInt(e -> versionOf(e.getKey()))
                .max()
                .orElse(0);
        if (newest > names.version()) {
            // A migration has cut over to a newer mapping: an instance still configured for an older one must not
            // pull writes back; it keeps writing through the alias to the newer index.
            log.warn(
                    "Write alias {} is on version {}, newer than this instance's {}: leaving it there",
                    names.writeAlias(),
                    newest,
                    names.version());
        } else {
            for (var entry : current.entrySet()) {
                if (!entry.getKey().equals(index) && entry.getValue().aliases().containsKey(names.writeAlias())) {
                    String other = entry.getKey();
                    actions.add(Action.of(a -> a.remove(
                            r -> r.index(other).alias(names.writeAlias()).mustExist(false))));
                    changes.add(names.writeAlias() + " removed from " + other);
                    writeInPlace = false;
                }
            }
            if (!writeInPlace) {
                actions.add(Action.of(
                        a -> a.add(r -> r.index(index).alias(names.writeAlias()).isWriteIndex(true))));
                changes.add(names.writeAlias() + " -> " + index);
            }
        }

        boolean readAnywhere =
                current.values().stream().anyMatch(aliases -> aliases.aliases().containsKey(names.readAlias()));
        if (!readAnywhere) {
            actions.add(Action.of(a -> a.add(r -> r.index(index).alias(names.readAlias()))));
            changes.add(names.readAlias() + " -> " + index);
        } else if (own == null || !own.aliases().containsKey(names.readAlias())) {
            log.warn(
                    "Read alias {} points at other indices than {}; leaving it there until reads are cut over",
                    names.readAlias(),
                    index);
        }

        if (!actions.isEmpty()) {
            client.indices().updateAliases(u -> u.actions(actions));
        }
        return changes;
    }
}
