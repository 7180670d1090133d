package org.tuskgrid.tasks.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.QueryEntity;
import org.apache.ignite.configuration.CacheConfiguration;
import org.tuskgrid.tasks.Args;
import org.tuskgrid.tasks.GridTask;
import org.tuskgrid.tasks.InvalidArgumentsException;
import org.tuskgrid.tasks.JobContext;
import org.tuskgrid.tasks.Json;

/**
 * Counts words in a text column of a SQL table, map/reduce colocated with the data: one job per
 * node counts the rows that node holds as primary, the reduce merges the counts.
 * Args: {@code {"table": "DOCS", "column": "BODY", "top": 10}}.
 */
public final class WordCountTask implements GridTask {
    @Override
    public String name() {
        return "word-count";
    }

    @Override
    public String description() {
        return "Counts words in a table's text column where the data lives. Args: {\"table\": T, \"column\": C, \"top\": 10}";
    }

    @Override
    public boolean broadcast() {
        return true;
    }

    @Override
    public void validate(JsonNode args) {
        Args.requireObject(args);
        Args.text(args, "table");
        Args.text(args, "column");
        Args.integer(args, "top", 10, 1, 1000);
    }

    @Override
    public void validate(JsonNode args, Ignite ignite) {
        validate(args);
        String column = Args.text(args, "column").toUpperCase(Locale.ROOT);
        QueryEntity table = tableOf(ignite, Args.text(args, "table").toUpperCase(Locale.ROOT)).getValue();
        if (table.getFields().keySet().stream().noneMatch(column::equalsIgnoreCase)) {
            throw new InvalidArgumentsException("table " + table.getTableName() + " has no column '" + column + "'; its columns: "
                + String.join(", ", table.getFields().keySet()));
        }
    }

    @Override
    public List<JsonNode> split(JsonNode args, int nodes) {
        return Collections.nCopies(nodes, args);
    }

    @Override
    public JsonNode run(JsonNode args, JobContext ctx) {
        String table = Args.text(args, "table").toUpperCase(Locale.ROOT);
        String column = Args.text(args, "column").toUpperCase(Locale.ROOT);
        IgniteCache<Object, BinaryObject> cache = cacheOf(ctx.ignite(), table).withKeepBinary();
        Map<String, Long> counts = new HashMap<>();
        for (Cache.Entry<Object, BinaryObject> e : cache.localEntries(CachePeekMode.PRIMARY)) {
            Object text = e.getValue().field(column);
            if (text != null) {
                for (String w : text.toString().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
                    if (!w.isEmpty()) {
                        counts.merge(w, 1L, Long::sum);
                    }
                }
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        counts.forEach(out::put);
        return out;
    }

    private static IgniteCache<Object, BinaryObject> cacheOf(Ignite ignite, String table) {
        return ignite.cache(tableOf(ignite, table).getKey());
    }

    /** The cache holding a SQL table, with the table's definition. */
    private static Map.Entry<String, QueryEntity> tableOf(Ignite ignite, String table) {
        for (String name : ignite.cacheNames()) {
            CacheConfiguration<?, ?> cfg = ignite.cache(name).getConfiguration(CacheConfiguration.class);
            for (QueryEntity qe : cfg.getQueryEntities()) {
                if (table.equalsIgnoreCase(qe.getTableName())) {
                    return Map.entry(name, qe);
                }
            }
        }
        throw new InvalidArgumentsException("no table '" + table + "' on this cluster");
    }

    @Override
    public JsonNode reduce(JsonNode args, List<JsonNode> results) {
        Map<String, Long> total = new HashMap<>();
        for (JsonNode r : results) {
            r.fields().forEachRemaining(f -> total.merge(f.getKey(), f.getValue().asLong(), Long::sum));
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(total.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("words", total.values().stream().mapToLong(Long::longValue).sum());
        out.put("distinct", total.size());
        ArrayNode top = out.putArray("top");
        sorted.stream().limit(Args.integer(args, "top", 10, 1, 1000))
            .forEach(e -> top.addObject().put("word", e.getKey()).put("count", e.getValue()));
        return out;
    }
}
