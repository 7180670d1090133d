package org.tuskgrid.tasks.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import org.tuskgrid.tasks.Args;
import org.tuskgrid.tasks.GridTask;
import org.tuskgrid.tasks.JobContext;
import org.tuskgrid.tasks.Json;

/** Sleeps (interruptibly) for {@code {"ms": N}}: for tests and demos of timeouts, priorities and failover. */
public final class SleepTask implements GridTask {
    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public String description() {
        return "Sleeps for a while, interruptibly. Args: {\"ms\": N} (0..86400000)";
    }

    @Override
    public void validate(JsonNode args) {
        Args.requireObject(args);
        Args.integer(args, "ms", 0, 0, 86_400_000);
    }

    @Override
    public JsonNode run(JsonNode args, JobContext ctx) throws InterruptedException {
        long ms = Args.integer(args, "ms", 0, 0, 86_400_000);
        Thread.sleep(ms);
        return Json.MAPPER.createObjectNode().put("slept", ms).put("node", String.valueOf(ctx.ignite().cluster().localNode().consistentId()));
    }
}
