package org.tuskgrid.server;

import java.nio.file.Files;
import java.nio.file.Path;

/** The TuskGrid installation directory (the checkout): {@code -Dtuskgrid.home}, set by {@code ./tuskgrid} and the build, else the current directory. */
public final class Home {
    public static final String PROPERTY = "tuskgrid.home";

    private Home() {
    }

    public static Path dir() {
        return Path.of(System.getProperty(PROPERTY, ".")).toAbsolutePath().normalize();
    }

    /** The default node configuration, {@code config/server.xml}. */
    public static Path defaultConfig() {
        return dir().resolve("config/server.xml");
    }

    /** A path as typed by the user: relative to the current directory if it exists there, else to the home directory. */
    public static Path resolve(String path) {
        Path p = Path.of(path);
        if (p.isAbsolute() || Files.exists(p)) {
            return p.toAbsolutePath().normalize();
        }
        return dir().resolve(p).normalize();
    }
}
