package org.tuskgrid.client;

import java.util.List;
import java.util.function.Consumer;

import org.tuskgrid.client.internal.ThinTuskGridClient;

/**
 * The entry point to a TuskGrid cluster, over Ignite's thin-client protocol. Thread-safe; one
 * instance per application is enough. Calls fail over to another of the configured addresses when
 * the node they were using goes away.
 *
 * <pre>{@code
 * try (TuskGridClient client = TuskGridClient.connect(ClientSettings.fromEnvironment())) {
 *     SqlResult r = client.sql("SELECT COUNT(*) FROM JOBS WHERE status = ?", "FAILED");
 *     System.out.println(r.rows().get(0).get(0));
 * }
 * }</pre>
 */
public interface TuskGridClient extends AutoCloseable {

    /**
     * Connects to the first reachable node of {@code settings.addresses()}.
     *
     * @throws NoNodeReachableException when none of the addresses answers
     */
    static TuskGridClient connect(ClientSettings settings) {
        return ThinTuskGridClient.connect(settings);
    }

    /**
     * Runs one SQL statement (query, DML or DDL) in the {@code PUBLIC} schema.
     *
     * @param sql  the statement, with {@code ?} for arguments
     * @param args values for the {@code ?} placeholders, in order
     * @return columns and rows; for DML the one column {@code UPDATED} with the row count
     * @throws TuskGridException with the server's message when the statement fails
     */
    SqlResult sql(String sql, Object... args);

    /**
     * Runs one SQL statement like {@link #sql} but hands the rows over as they arrive, a page at a time, instead of
     * holding the whole result: for exports of large tables.
     *
     * @param columns gets the column names once, before the first row
     * @param rows    gets each row's values, in column order
     * @throws TuskGridException with the server's message when the statement fails (rows handed over before stay handed over)
     */
    void sqlEach(String sql, Consumer<List<String>> columns, Consumer<List<?>> rows, Object... args);

    /** The server nodes, their attributes, uptime and whether each answered. */
    ClusterInfo cluster();

    /** Tasks: submit by name, follow, cancel, and the job registry. */
    TaskClient tasks();

    /** Real-time analytics: ingest measurements, manage alert rules. */
    AnalyticsClient analytics();

    /** Alerts raised by the analytics rules: list and subscribe. */
    AlertsClient alerts();

    /** Closes the connections; the client cannot be used afterwards. */
    @Override
    void close();
}
