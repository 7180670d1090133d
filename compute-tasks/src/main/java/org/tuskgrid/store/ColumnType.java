package org.tuskgrid.store;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Map;
import java.util.UUID;

/**
 * The Java types TuskGrid tables declare in their {@code QueryEntity} fields, with how each is bound
 * to a statement and read back so that the grid sees exactly the type its SQL schema expects.
 */
enum ColumnType {
    STRING(String.class, Types.VARCHAR),
    LONG(Long.class, Types.BIGINT),
    INT(Integer.class, Types.INTEGER),
    SHORT(Short.class, Types.SMALLINT),
    DOUBLE(Double.class, Types.DOUBLE),
    FLOAT(Float.class, Types.REAL),
    BOOLEAN(Boolean.class, Types.BOOLEAN),
    DECIMAL(BigDecimal.class, Types.DECIMAL),
    TIMESTAMP(Timestamp.class, Types.TIMESTAMP),
    DATE(java.sql.Date.class, Types.DATE),
    UUID_TYPE(UUID.class, Types.VARCHAR),
    BYTES(byte[].class, Types.BINARY);

    private static final Map<String, ColumnType> BY_JAVA_NAME = Map.ofEntries(
        Map.entry("java.lang.String", STRING), Map.entry("java.lang.Long", LONG), Map.entry("long", LONG),
        Map.entry("java.lang.Integer", INT), Map.entry("int", INT), Map.entry("java.lang.Short", SHORT), Map.entry("short", SHORT),
        Map.entry("java.lang.Double", DOUBLE), Map.entry("double", DOUBLE), Map.entry("java.lang.Float", FLOAT), Map.entry("float", FLOAT),
        Map.entry("java.lang.Boolean", BOOLEAN), Map.entry("boolean", BOOLEAN), Map.entry("java.math.BigDecimal", DECIMAL),
        Map.entry("java.sql.Timestamp", TIMESTAMP), Map.entry("java.util.Date", TIMESTAMP), Map.entry("java.sql.Date", DATE),
        Map.entry("java.util.UUID", UUID_TYPE), Map.entry("[B", BYTES), Map.entry("byte[]", BYTES));

    final Class<?> javaClass;
    final int jdbcType;

    ColumnType(Class<?> javaClass, int jdbcType) {
        this.javaClass = javaClass;
        this.jdbcType = jdbcType;
    }

    /** @throws IllegalArgumentException naming the type when no database column can hold it */
    static ColumnType of(String javaTypeName) {
        ColumnType t = BY_JAVA_NAME.get(javaTypeName);
        if (t == null) {
            throw new IllegalArgumentException("unsupported column type " + javaTypeName);
        }
        return t;
    }

    void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, jdbcType);
            return;
        }
        switch (this) {
            case STRING -> ps.setString(i, (String) v);
            case LONG -> ps.setLong(i, ((Number) v).longValue());
            case INT -> ps.setInt(i, ((Number) v).intValue());
            case SHORT -> ps.setShort(i, ((Number) v).shortValue());
            case DOUBLE -> ps.setDouble(i, ((Number) v).doubleValue());
            case FLOAT -> ps.setFloat(i, ((Number) v).floatValue());
            case BOOLEAN -> ps.setBoolean(i, (Boolean) v);
            case DECIMAL -> ps.setBigDecimal(i, (BigDecimal) v);
            case TIMESTAMP -> ps.setTimestamp(i, v instanceof Timestamp ts ? ts : new Timestamp(((java.util.Date) v).getTime()));
            case DATE -> ps.setDate(i, v instanceof java.sql.Date d ? d : new java.sql.Date(((java.util.Date) v).getTime()));
            case UUID_TYPE -> ps.setString(i, v.toString());
            case BYTES -> ps.setBytes(i, (byte[]) v);
            default -> throw new IllegalStateException(name());
        }
    }

    Object read(ResultSet rs, int i) throws SQLException {
        Object v = switch (this) {
            case STRING -> rs.getString(i);
            case LONG -> rs.getLong(i);
            case INT -> rs.getInt(i);
            case SHORT -> rs.getShort(i);
            case DOUBLE -> rs.getDouble(i);
            case FLOAT -> rs.getFloat(i);
            case BOOLEAN -> rs.getBoolean(i);
            case DECIMAL -> rs.getBigDecimal(i);
            case TIMESTAMP -> rs.getTimestamp(i);
            case DATE -> rs.getDate(i);
            case UUID_TYPE -> {
                String s = rs.getString(i);
                yield s == null ? null : UUID.fromString(s);
            }
            case BYTES -> rs.getBytes(i);
        };
        return rs.wasNull() ? null : v;
    }
}
