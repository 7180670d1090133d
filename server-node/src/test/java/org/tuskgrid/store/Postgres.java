package org.tuskgrid.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.tuskgrid.store.StoreTestSupport.Db;

/** Stops and starts the machine's PostgreSQL cluster; start waits until it accepts connections. */
final class Postgres {
    private Postgres() {
    }

    static void stop() throws Exception {
        ctl("stop");
    }

    static void start() throws Exception {
        ctl("start");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(Db.POSTGRES.url(), Db.POSTGRES.user, Db.POSTGRES.password)) {
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL did not accept connections within 60 s of its start", e);
                }
                Thread.sleep(200);
            }
        }
    }

    private static void ctl(String action) throws Exception {
        String[] versions = new java.io.File("/etc/postgresql").list();
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("this test needs a local PostgreSQL cluster under /etc/postgresql (pg_ctlcluster)");
        }
        Process p = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", action)
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        if (rc != 0 && !(action.equals("start") && out.contains("already running"))) {
            throw new IllegalStateException("pg_ctlcluster " + action + " failed (" + rc + "): " + out.trim());
        }
    }
}
