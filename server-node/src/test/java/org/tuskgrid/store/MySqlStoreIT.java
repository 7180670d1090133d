package org.tuskgrid.store;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.store.StoreTestSupport.Db;
import org.tuskgrid.testing.ClusterExtension;

/**
 * The store contract through a {@code jdbc:mysql:} URL ({@link Db#MYSQL}): the MySQL dialect, with the MariaDB driver TuskGrid ships,
 * against the MariaDB server on this machine (no MySQL server runs here; MariaDB speaks its protocol).
 */
class MySqlStoreIT extends StoreModesContract {
    @RegisterExtension
    static final ClusterExtension CLUSTER = cluster(Db.MYSQL);

    @Override
    ClusterExtension cluster() {
        return CLUSTER;
    }

    @Override
    Db db() {
        return Db.MYSQL;
    }
}
