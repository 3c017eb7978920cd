package dev.worldlens.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time that other processes (outside this JVM) took while a figure was timed, in cores, from /proc/stat and
 * this process's CPU time: on a shared machine it says when a timing is not to be trusted.
 */
public final class CpuLoad {
    private static final double USER_HZ = 100;
    private final long busyTicks;
    private final long ownNanos;
    private final long wallNanos;

    private CpuLoad(long busyTicks, long ownNanos, long wallNanos) {
        this.busyTicks = busyTicks;
        this.ownNanos = ownNanos;
        this.wallNanos = wallNanos;
    }

    /** Starts watching: {@link #otherCores()} covers the time from here. */
    public static CpuLoad start() {
        return new CpuLoad(busyTicks(), ownCpuNanos(), System.nanoTime());
    }

    /** Cores' worth of CPU used by other processes since start; NaN where it cannot be told. */
    public double otherCores() {
        long busy = busyTicks();
        long own = ownCpuNanos();
        double wall = (System.nanoTime() - wallNanos) / 1e9;
        if (busy < 0 || busyTicks < 0 || own < 0 || wall <= 0) {
            return Double.NaN;
        }
        double others = (busy - busyTicks) / USER_HZ - (own - ownNanos) / 1e9;
        return Math.max(0, others / wall);
    }

    /** The note printed after a timing ("   [other processes: 1.2 cores, timing disturbed]"); empty for NaN. */
    public static String note(double otherCores) {
        if (Double.isNaN(otherCores)) {
            return "";
        }
        return String.format("   [other processes: %.1f cores%s]", otherCores,
                otherCores > 0.25 ? ", timing disturbed" : "");
    }

    private static long ownCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    private static long busyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle and iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
