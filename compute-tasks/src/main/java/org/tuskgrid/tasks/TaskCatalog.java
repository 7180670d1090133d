package org.tuskgrid.tasks;

import java.util.Collection;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The tasks on this node's classpath, by name (found with {@link ServiceLoader}). */
public final class TaskCatalog {
    private static final TaskCatalog INSTANCE = new TaskCatalog();

    private final Map<String, GridTask> byName = new TreeMap<>();

    private TaskCatalog() {
        for (GridTask t : ServiceLoader.load(GridTask.class)) {
            GridTask previous = byName.putIfAbsent(t.name(), t);
            if (previous != null) {
                throw new IllegalStateException("two tasks are named '" + t.name() + "': "
                    + previous.getClass().getName() + " and " + t.getClass().getName());
            }
        }
    }

    public static TaskCatalog get() {
        return INSTANCE;
    }

    /** @throws InvalidArgumentsException naming the known tasks when there is none by that name */
    public GridTask task(String name) {
        GridTask t = byName.get(name);
        if (t == null) {
            throw new InvalidArgumentsException("unknown task '" + name + "'; tasks on this cluster: " + String.join(", ", byName.keySet()));
        }
        return t;
    }

    public Collection<GridTask> all() {
        return byName.values();
    }
}
