package org.tuskgrid.bench;

import java.util.Map;
import org.tuskgrid.cli.CliExtension;

/** Adds {@code bench} to {@code ./tuskgrid}. */
public final class BenchCliExtension implements CliExtension {
    @Override
    public Map<String, Object> commands() {
        return Map.of("bench", new BenchCommand());
    }
}
