package org.tuskgrid.server.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tuskgrid.cli.CliExtension;

/** Adds {@code server} and {@code demo} to {@code ./tuskgrid}. */
public final class ServerCliExtension implements CliExtension {
    @Override
    public Map<String, Object> commands() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", new ServerCommand());
        m.put("demo", new DemoCommand());
        return m;
    }
}
