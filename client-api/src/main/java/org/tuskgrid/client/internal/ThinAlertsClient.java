package org.tuskgrid.client.internal;

import static org.tuskgrid.client.internal.AnalyticsSchema.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.tuskgrid.client.Alert;
import org.tuskgrid.client.AlertFilter;
import org.tuskgrid.client.AlertSubscription;
import org.tuskgrid.client.AlertsClient;
import org.tuskgrid.client.Severity;
import org.tuskgrid.client.SqlResult;
import org.tuskgrid.client.TuskGridClient;

/** {@link AlertsClient}: SQL for listings, a thin-client continuous query for subscriptions. */
final class ThinAlertsClient implements AlertsClient {
    static final String COLUMNS = String.join(", ", ID, RULE_ID, SENSOR_ID, SEVERITY, TS, VALUE, MESSAGE, ACKNOWLEDGED, RAISED_AT);

    private final ThinTuskGridClient client;

    ThinAlertsClient(ThinTuskGridClient client) {
        this.client = client;
    }

    @Override
    public List<Alert> recent(AlertFilter filter, int limit) {
        List<Alert> latest = query(client, filter, 0, limit, true);
        Collections.reverse(latest);
        return latest;
    }

    /** Alerts raised at or after {@code since} (server time) passing the filter: the first {@code limit}, or the latest. */
    static List<Alert> query(TuskGridClient client, AlertFilter filter, long since, int limit, boolean latest) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + ALERTS + " WHERE " + RAISED_AT + " >= ?");
        args.add(since);
        List<String> severities = new ArrayList<>();
        for (Severity s : Severity.values()) {
            if (s.compareTo(filter.minSeverity()) >= 0) {
                severities.add(s.label());
            }
        }
        sql.append(" AND ").append(SEVERITY).append(" IN (").append(String.join(",", severities.stream().map(s -> "?").toList()))
            .append(')');
        args.addAll(severities);
        String order = latest ? " DESC" : "";
        sql.append(" ORDER BY ").append(RAISED_AT).append(order).append(", ").append(ID).append(order).append(" LIMIT ").append(limit);
        SqlResult r = client.sql(sql.toString(), args.toArray());
        List<Alert> out = new ArrayList<>();
        r.rows().forEach(row -> {
            Alert a = new Alert(row.getString(ID), row.getString(RULE_ID), row.getString(SENSOR_ID), Severity.parse(row.getString(SEVERITY)),
                row.getLong(TS), row.getDouble(VALUE), row.getString(MESSAGE), Boolean.TRUE.equals(row.get(ACKNOWLEDGED)),
                row.getLong(RAISED_AT));
            if (filter.test(a)) {
                out.add(a);
            }
        });
        return out;
    }

    @Override
    public AlertSubscription subscribe(AlertFilter filter, Consumer<Alert> listener) {
        return ResilientAlertSubscription.start(client, filter, listener);
    }
}
