package org.gongkai.index.lifecycle;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.get_mapping.IndexMappingRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds to an existing notice index the top-level fields the template has and the index's mapping lacks, with one
 * {@code PUT <index>/_mapping} of only those fields. Elasticsearch accepts a new field in a live mapping (it never
 * changes or removes one), so a template change that only adds fields needs no new index version: the field is
 * there before the first document that has it is written (under {@code dynamic: strict} such a document would
 * otherwise be refused). Documents indexed earlier gain the field only when they are written again; searches must
 * allow for documents without it (the portal's publisher filter and facet do, docs/portal-search.md).
 *
 * <p>Changed definitions of existing fields (an analyzer, index options, a sub-field) are not touched: they need a
 * new index version and a replay (deploy/OPERATIONS.md §4). Idempotent and safe when several instances run it at
 * once: the same field put twice with the same definition is no change. Needs the {@code indices:admin/mapping/put}
 * privilege on the index (the indexer's role has it). Thread-safe (stateless apart from the client).
 */
final class MappingUpdate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchClient client;
    private final IndexTemplate template;

    MappingUpdate(ElasticsearchClient client, IndexTemplate template) {
        this.client = client;
        this.template = template;
    }

    /**
     * Adds the missing fields to every index the {@code targets} name (indices or aliases; an index named twice is
     * changed once).
     *
     * @return one entry per index changed, {@code "<index>: <field>, …"}; empty when nothing was missing
     */
    List<String> addMissingFields(List<String> targets) throws IOException {
        Map<String, IndexMappingRecord> mappings =
                client.indices().getMapping(g -> g.index(targets)).result();
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, IndexMappingRecord> entry : mappings.entrySet()) {
            Set<String> present = entry.getValue().mappings().properties().keySet();
            ObjectNode missing = missingFields(present);
            if (missing.isEmpty()) {
                continue;
            }
            ObjectNode body = JSON.createObjectNode();
            body.set("properties", missing);
            byte[] json = JSON.writeValueAsBytes(body);
            String index = entry.getKey();
            client.indices().putMapping(p -> p.index(index).withJson(new ByteArrayInputStream(json)));
            changes.add(index + ": "
                    + String.join(
                            ", ",
                            missing.properties().stream().map(Map.Entry::getKey).toList()));
        }
        return changes;
    }

    /** The template's top-level field definitions whose names are not in {@code present}. */
    ObjectNode missingFields(Set<String> present) {
        ObjectNode missing = JSON.createObjectNode();
        JsonNode properties = template.mappings().path("properties");
        properties.fieldNames().forEachRemaining(name -> {
            if (!present.contains(name)) {
                missing.set(name, properties.get(name).deepCopy());
            }
        });
        return missing;
    }
}
