package org.tuskgrid.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a workload's result next to plain Ignite's: a table for people and, with {@code --json},
 * a last line that is one JSON object with {@code workload, tuskgrid, baseline, ratio, unit, p50_ms, p99_ms}.
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;

    public BenchReport(PrintWriter out) {
        this.out = out;
    }

    /** One measured row: a TuskGrid figure and the plain-Ignite one for the same work. */
    public void row(String name, Measurement tuskgrid, Measurement baseline, String unit) {
        out.printf(Locale.ROOT, "%-34s %12s %12s %7.2f  p50 %7.2f / %7.2f ms  p99 %7.2f / %7.2f ms%n", name,
            String.format(Locale.ROOT, "%,.0f", tuskgrid.opsPerSecond()), String.format(Locale.ROOT, "%,.0f", baseline.opsPerSecond()),
            tuskgrid.opsPerSecond() / baseline.opsPerSecond(), tuskgrid.p50Millis(), baseline.p50Millis(),
            tuskgrid.p99Millis(), baseline.p99Millis());
        out.flush();
    }

    public void header(String unit) {
        out.printf(Locale.ROOT, "%-34s %12s %12s %7s  %-25s %-25s%n", "workload (" + unit + ")", "tuskgrid", "plain ignite",
            "ratio", "latency tuskgrid/plain", "");
        out.flush();
    }

    /** The machine-readable summary line, for the figure the workload's target is about. */
    public void json(String workload, Measurement tuskgrid, Measurement baseline, String unit, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", workload);
        m.put("tuskgrid", round(tuskgrid.opsPerSecond()));
        m.put("baseline", round(baseline.opsPerSecond()));
        m.put("ratio", Math.round(tuskgrid.opsPerSecond() / baseline.opsPerSecond() * 1000) / 1000.0);
        m.put("unit", unit);
        m.put("p50_ms", Math.round(tuskgrid.p50Millis() * 1000) / 1000.0);
        m.put("p99_ms", Math.round(tuskgrid.p99Millis() * 1000) / 1000.0);
        m.putAll(extra);
        try {
            out.println(JSON.writeValueAsString(m));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    public void progress(String line) {
        out.println("# " + line);
        out.flush();
    }
}
