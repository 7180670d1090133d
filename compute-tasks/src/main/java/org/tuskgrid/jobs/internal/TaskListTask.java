package org.tuskgrid.jobs.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.ignite.Ignite;
import org.apache.ignite.internal.processors.task.GridInternal;
import org.tuskgrid.tasks.GridTask;
import org.tuskgrid.tasks.Json;
import org.tuskgrid.tasks.TaskCatalog;

/** Lists the tasks on the answering node's classpath: {@code [{"name", "version", "description"}]}. */
@GridInternal
public final class TaskListTask extends ControlTask {
    private static final long serialVersionUID = 1L;

    @Override
    protected String run(Ignite ignite, String arg) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (GridTask t : TaskCatalog.get().all()) {
            out.addObject().put("name", t.name()).put("version", t.version()).put("description", t.description())
                .put("broadcast", t.broadcast());
        }
        return out.toString();
    }
}
