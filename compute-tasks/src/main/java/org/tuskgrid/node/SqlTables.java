package org.tuskgrid.node;

/** What every TuskGrid SQL table shares. */
public final class SqlTables {
    /**
     * Index bytes inlined per row, for every TuskGrid table and index. Ignite's default (10 bytes) holds
     * a short string and little else, and our keys share long prefixes (time-ordered job ids, sensor ids):
     * every insert then compared rows by reading them whole from data pages and unmarshalling their keys,
     * which was half the CPU of a job registry write (profiled with JFR). 64 bytes hold the indexed
     * columns and the key that every secondary index ends with.
     */
    public static final int INDEX_INLINE_SIZE = 64;

    private SqlTables() {
    }
}
