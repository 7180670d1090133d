package org.tuskgrid.tasks.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tuskgrid.tasks.Args;
import org.tuskgrid.tasks.GridTask;
import org.tuskgrid.tasks.JobContext;
import org.tuskgrid.tasks.Json;
import org.tuskgrid.tasks.RetryableException;

/** Fails with a retryable error on its first {@code failTimes} attempts, then succeeds: shows retries and backoff. */
public final class FlakyTask implements GridTask {
    private static final Logger LOG = LogManager.getLogger(FlakyTask.class);

    @Override
    public String name() {
        return "flaky";
    }

    @Override
    public String description() {
        return "Throws a retryable error on its first K attempts, then succeeds. Args: {\"failTimes\": K}";
    }

    @Override
    public void validate(JsonNode args) {
        Args.requireObject(args);
        Args.integer(args, "failTimes", 1, 0, 100);
    }

    @Override
    public JsonNode run(JsonNode args, JobContext ctx) {
        long failTimes = Args.integer(args, "failTimes", 1, 0, 100);
        if (ctx.attempt() <= failTimes) {
            LOG.info("flaky: failing attempt {} of the first {}", ctx.attempt(), failTimes);
            throw new RetryableException("flaky: planned failure " + ctx.attempt() + " of " + failTimes);
        }
        return Json.MAPPER.createObjectNode().put("attempts", ctx.attempt());
    }
}
