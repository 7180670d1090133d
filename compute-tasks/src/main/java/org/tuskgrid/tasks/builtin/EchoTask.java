package org.tuskgrid.tasks.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import org.tuskgrid.tasks.GridTask;
import org.tuskgrid.tasks.JobContext;

/** Returns its arguments: the smallest possible task, for tests, demos and the compute benchmark. */
public final class EchoTask implements GridTask {
    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "Returns its arguments unchanged. Args: any JSON";
    }

    @Override
    public JsonNode run(JsonNode args, JobContext ctx) {
        return args;
    }
}
