package org.tuskgrid.store;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.store.StoreTestSupport.Db;
import org.tuskgrid.testing.ClusterExtension;

/** The store contract on Sqlite ({@link Db#SQLITE}). */
class SqliteStoreIT extends StoreModesContract {
    @RegisterExtension
    static final ClusterExtension CLUSTER = cluster(Db.SQLITE);

    @Override
    ClusterExtension cluster() {
        return CLUSTER;
    }

    @Override
    Db db() {
        return Db.SQLITE;
    }
}
