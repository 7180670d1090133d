package org.tuskgrid.jobs.internal;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.QueryEntity;
import org.apache.ignite.cache.QueryIndex;
import org.apache.ignite.cache.QueryIndexType;
import org.apache.ignite.configuration.CacheConfiguration;
import org.tuskgrid.node.SqlTables;

/** The {@code JOBS} table: one row per submission, the job registry anyone can query with SQL. */
final class JobsTable {
    static final String NAME = "JOBS";
    static final String VALUE_TYPE = "org.tuskgrid.jobs.JobRecord";

    static final String ID = "ID";
    static final String TASK = "TASK";
    static final String STATUS = "STATUS";
    static final String PRIORITY = "PRIORITY";
    static final String NODE = "NODE";
    static final String ATTEMPTS = "ATTEMPTS";
    static final String SUBMITTED_AT = "SUBMITTED_AT";
    static final String STARTED_AT = "STARTED_AT";
    static final String FINISHED_AT = "FINISHED_AT";
    static final String DURATION_MS = "DURATION_MS";
    static final String ERROR = "ERROR";
    static final String TRACE_ID = "TRACE_ID";
    /** Start times (epoch ms) of every attempt, comma-separated: retries and backoff are visible from SQL. */
    static final String ATTEMPT_TIMES = "ATTEMPT_TIMES";
    static final String RESULT = "RESULT";
    static final String REQUEST = "REQUEST";
    /** Id of the node that coordinates the submission now (Ignite node id). */
    static final String COORDINATOR = "COORDINATOR";
    static final String DETACHED = "DETACHED";
    static final String UPDATED_AT = "UPDATED_AT";

    private JobsTable() {
    }

    static CacheConfiguration<String, Object> cacheConfiguration() {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put(ID, String.class.getName());
        fields.put(TASK, String.class.getName());
        fields.put(STATUS, String.class.getName());
        fields.put(PRIORITY, String.class.getName());
        fields.put(NODE, String.class.getName());
        fields.put(ATTEMPTS, Integer.class.getName());
        fields.put(SUBMITTED_AT, Timestamp.class.getName());
        fields.put(STARTED_AT, Timestamp.class.getName());
        fields.put(FINISHED_AT, Timestamp.class.getName());
        fields.put(DURATION_MS, Long.class.getName());
        fields.put(ERROR, String.class.getName());
        fields.put(TRACE_ID, String.class.getName());
        fields.put(ATTEMPT_TIMES, String.class.getName());
        fields.put(RESULT, String.class.getName());
        fields.put(REQUEST, String.class.getName());
        fields.put(COORDINATOR, String.class.getName());
        fields.put(DETACHED, Boolean.class.getName());
        fields.put(UPDATED_AT, Timestamp.class.getName());

        QueryEntity entity = SqlTables.entity(String.class.getName(), VALUE_TYPE)
            .setTableName(NAME)
            .setKeyFieldName(ID)
            .setFields(fields)
            .setIndexes(List.of(
                new QueryIndex(List.of(STATUS, SUBMITTED_AT), QueryIndexType.SORTED).setName("JOBS_STATUS_SUBMITTED").setInlineSize(SqlTables.INDEX_INLINE_SIZE),
                // Every index is updated on primary and backup for each write: two are enough for the usual queries.
                new QueryIndex(SUBMITTED_AT).setName("JOBS_SUBMITTED").setInlineSize(SqlTables.INDEX_INLINE_SIZE)));

        return new CacheConfiguration<String, Object>(NAME)
            .setSqlSchema("PUBLIC")
            .setCacheMode(CacheMode.PARTITIONED)
            // Survives the loss of any one node.
            .setBackups(1)
            .setAtomicityMode(CacheAtomicityMode.ATOMIC)
            // A write counts once the backup has it too: with PRIMARY_SYNC an acknowledged row dies with its primary.
            .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
            .setSqlIndexMaxInlineSize(SqlTables.INDEX_INLINE_SIZE)
            .setQueryEntities(List.of(entity));
    }
}
