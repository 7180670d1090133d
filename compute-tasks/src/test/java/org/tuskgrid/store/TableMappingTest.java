package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import org.apache.ignite.cache.QueryEntity;
import org.apache.ignite.configuration.CacheConfiguration;
import org.junit.jupiter.api.Test;

class TableMappingTest {
    private static CacheConfiguration<Object, Object> alerts(String keyField) {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put("ID", "java.lang.Long");
        f.put("RULE", "java.lang.String");
        f.put("VALUE", "java.lang.Double");
        f.put("ACKED", "java.lang.Boolean");
        f.put("RAISED_AT", "java.sql.Timestamp");
        return new CacheConfiguration<>("ALERTS").setQueryEntities(List.of(new QueryEntity("java.lang.Long", "Alert")
            .setTableName("ALERTS").setKeyFieldName(keyField).setFields(f)));
    }

    @Test
    void derivesColumnsFromTheQueryEntityWithTheKeyFirst() {
        TableMapping m = TableMapping.of(alerts("ID"));
        assertThat(m.table()).isEqualTo("alerts");
        assertThat(m.valueType()).isEqualTo("Alert");
        assertThat(m.columnNames()).containsExactly("id", "rule", "value", "acked", "raised_at");
        assertThat(m.key().type()).isEqualTo(ColumnType.LONG);
    }

    @Test
    void createsTablesWithEachDatabasesTypes() {
        TableMapping m = TableMapping.of(alerts("ID"));
        assertThat(m.createTable(Dialect.POSTGRESQL)).isEqualTo("CREATE TABLE IF NOT EXISTS \"alerts\" (\"id\" BIGINT PRIMARY KEY, "
            + "\"rule\" TEXT, \"value\" DOUBLE PRECISION, \"acked\" BOOLEAN, \"raised_at\" TIMESTAMP)");
        assertThat(m.createTable(Dialect.MARIADB)).isEqualTo("CREATE TABLE IF NOT EXISTS `alerts` (`id` BIGINT PRIMARY KEY, "
            + "`rule` LONGTEXT, `value` DOUBLE, `acked` BOOLEAN, `raised_at` DATETIME(6))");
        assertThat(m.createTable(Dialect.SQLITE)).isEqualTo("CREATE TABLE IF NOT EXISTS \"alerts\" (\"id\" INTEGER PRIMARY KEY, "
            + "\"rule\" TEXT, \"value\" REAL, \"acked\" INTEGER, \"raised_at\" INTEGER)");
    }

    @Test
    void upsertsTheWayEachDatabaseSaysIt() {
        TableMapping m = TableMapping.of(alerts("ID"));
        assertThat(m.upsert(Dialect.POSTGRESQL)).isEqualTo("INSERT INTO \"alerts\" (\"id\", \"rule\", \"value\", \"acked\", \"raised_at\") "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (\"id\") DO UPDATE SET \"rule\" = excluded.\"rule\", \"value\" = excluded.\"value\", "
            + "\"acked\" = excluded.\"acked\", \"raised_at\" = excluded.\"raised_at\"");
        assertThat(m.upsert(Dialect.MARIADB)).endsWith("ON DUPLICATE KEY UPDATE `rule` = VALUES(`rule`), `value` = VALUES(`value`), "
            + "`acked` = VALUES(`acked`), `raised_at` = VALUES(`raised_at`)");
        assertThat(m.upsert(Dialect.SQLITE)).contains("ON CONFLICT (\"id\") DO UPDATE SET");
    }

    @Test
    void aCacheWithoutASingleColumnKeyOrWithAnUnknownTypeIsRefusedByName() {
        assertThatThrownBy(() -> TableMapping.of(alerts(null))).hasMessage("cache ALERTS needs a single-column key (QueryEntity keyFieldName)");
        CacheConfiguration<Object, Object> odd = alerts("ID");
        odd.getQueryEntities().iterator().next().getFields().put("WHERE", "java.time.Instant");
        assertThatThrownBy(() -> TableMapping.of(odd)).hasMessage("cache ALERTS, field WHERE: unsupported column type java.time.Instant");
    }

    @Test
    void theDatabaseIsKnownByItsUrl() {
        assertThat(Dialect.of("jdbc:postgresql://h/db")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.of("jdbc:mariadb://h/db")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.of("jdbc:sqlite:/tmp/x.db")).isEqualTo(Dialect.SQLITE);
        assertThatThrownBy(() -> Dialect.of("jdbc:oracle:thin:@h")).hasMessageStartingWith("unsupported JDBC URL jdbc:oracle:thin:@h");
    }

    @Test
    void aMySqlUrlGoesToTheShippedMariaDbDriver() {
        assertThat(Dialect.MYSQL.driverUrl("jdbc:mysql://h/db")).isEqualTo("jdbc:mysql://h/db?permitMysqlScheme");
        assertThat(Dialect.MYSQL.driverUrl("jdbc:mysql://h/db?useSSL=false")).isEqualTo("jdbc:mysql://h/db?useSSL=false&permitMysqlScheme");
        assertThat(Dialect.MYSQL.driverUrl("jdbc:mysql://h/db?permitMysqlScheme")).isEqualTo("jdbc:mysql://h/db?permitMysqlScheme");
        assertThat(Dialect.MARIADB.driverUrl("jdbc:mariadb://h/db")).isEqualTo("jdbc:mariadb://h/db");
        assertThat(StoreMode.parse("Write-Behind")).isEqualTo(StoreMode.WRITE_BEHIND);
        assertThatThrownBy(() -> StoreMode.parse("lazy")).hasMessageContaining("read-through, write-through or write-behind");
    }

    @Test
    void aTableMayOptOutOfReadThrough() {
        assertThat(TableStorage.parse("write-behind")).isEqualTo(new TableStorage(StoreMode.WRITE_BEHIND, true, false));
        assertThat(TableStorage.parse("Write-Through ,  No-Read-Through")).isEqualTo(new TableStorage(StoreMode.WRITE_THROUGH, false, false));
        assertThat(TableStorage.parse("write-through, load-on-start")).isEqualTo(new TableStorage(StoreMode.WRITE_THROUGH, true, true));
        assertThatThrownBy(() -> TableStorage.parse("write-behind, lazy"))
            .hasMessage("unknown store option 'lazy' in 'write-behind, lazy' (expected no-read-through or load-on-start)");
        assertThatThrownBy(() -> TableStorage.parse("read-through, no-read-through")).hasMessageContaining("nothing to do");
        assertThatThrownBy(() -> TableStorage.parse("eager, no-read-through")).hasMessageContaining("unknown store mode 'eager'");
    }

    @Test
    void showsTheSettingAsWritten() {
        assertThat(TableStorage.parse("Write-Behind").text()).isEqualTo("write-behind");
        assertThat(TableStorage.parse("write-behind,no-read-through").text()).isEqualTo("write-behind, no-read-through");
        assertThat(TableStorage.parse("write-through, LOAD-ON-START").text()).isEqualTo("write-through, load-on-start");
    }
}
