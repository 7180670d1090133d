package org.tuskgrid.store;

import java.util.Map;
import org.tuskgrid.cli.CliExtension;

/** Adds {@code load} to {@code ./tuskgrid}. */
public final class StoreCliExtension implements CliExtension {
    @Override
    public Map<String, Object> commands() {
        return Map.of("load", new LoadCommand());
    }
}
