package org.tuskgrid.tasks.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.tuskgrid.tasks.Args;
import org.tuskgrid.tasks.GridTask;
import org.tuskgrid.tasks.JobContext;
import org.tuskgrid.tasks.Json;

/** Estimates pi from random points in the unit square, split evenly over every node. {@code {"samples": N}}. */
public final class MonteCarloPiTask implements GridTask {
    static final long DEFAULT_SAMPLES = 1_000_000L;
    static final long MAX_SAMPLES = 10_000_000_000L;

    @Override
    public String name() {
        return "montecarlo-pi";
    }

    @Override
    public String description() {
        return "Estimates pi by Monte Carlo sampling, one share per node. Args: {\"samples\": N} (default 1000000)";
    }

    @Override
    public boolean broadcast() {
        return true;
    }

    @Override
    public void validate(JsonNode args) {
        Args.requireObject(args);
        Args.integer(args, "samples", DEFAULT_SAMPLES, 1, MAX_SAMPLES);
    }

    @Override
    public List<JsonNode> split(JsonNode args, int nodes) {
        long samples = Args.integer(args, "samples", DEFAULT_SAMPLES, 1, MAX_SAMPLES);
        List<JsonNode> jobs = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            jobs.add(LongNode.valueOf(samples / nodes + (i < samples % nodes ? 1 : 0)));
        }
        return jobs;
    }

    @Override
    public JsonNode run(JsonNode job, JobContext ctx) {
        long samples = job.asLong();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long inside = 0;
        for (long i = 0; i < samples; i++) {
            double x = rnd.nextDouble();
            double y = rnd.nextDouble();
            if (x * x + y * y <= 1.0) {
                inside++;
            }
            if ((i & 0xFFFFF) == 0 && ctx.isCancelled()) {
                throw new IllegalStateException("cancelled");
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("inside", inside);
        out.put("samples", samples);
        out.put("node", String.valueOf(ctx.ignite().cluster().localNode().consistentId()));
        return out;
    }

    @Override
    public JsonNode reduce(JsonNode args, List<JsonNode> results) {
        long inside = 0;
        long total = 0;
        Map<String, Long> perNode = new TreeMap<>();
        for (JsonNode r : results) {
            inside += r.get("inside").asLong();
            total += r.get("samples").asLong();
            perNode.merge(r.get("node").asText(), r.get("samples").asLong(), Long::sum);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("pi", 4.0 * inside / total);
        out.put("samples", total);
        ObjectNode nodes = out.putObject("samplesPerNode");
        perNode.forEach(nodes::put);
        return out;
    }
}
