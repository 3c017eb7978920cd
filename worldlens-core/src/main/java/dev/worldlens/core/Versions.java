package dev.worldlens.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Library versions, filled in from the parent pom at build time, plus the JVM's. Recorded in every provenance. */
public final class Versions {
    private Versions() {
    }

    public static Map<String, String> all() {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = Versions.class.getResourceAsStream("/worldlens-versions.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                p.forEach((k, v) -> out.put(k.toString(), v.toString()));
            }
        } catch (IOException e) {
            out.put("error", e.getMessage());
        }
        out.put("java", System.getProperty("java.version"));
        out.put("java.vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return out;
    }

    public static String worldlens() {
        return all().getOrDefault("worldlens", "unknown");
    }
}
