package dev.worldlens.cli;

import dev.worldlens.nn.MatmulRate;
import dev.worldlens.nn.Torch;
import dev.worldlens.probe.FrameFeatures;
import dev.worldlens.probe.MlpProbe;
import dev.worldlens.probe.MlpProbeConfig;
import dev.worldlens.probe.PairMode;
import dev.worldlens.probe.PairSet;
import dev.worldlens.probe.RidgeConfig;
import dev.worldlens.probe.RidgeProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Probe training speed: the study's MLP probe (D -> 256 -> 128 -> A, Adam, 3,000 steps of 256) on random data
 * against its FLOP floor (6 FLOPs per weight per sample for forward and backward, at the engine's measured matmul
 * rate on the probe's 256 x 768 x 256 shape), and the ridge probe's closed-form fit; with the Python peers
 * (PyTorch 1.13 and scikit-learn from Debian, bench/peers/probe_peer.py) when they are installed.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Seconds to train the MLP probe (vs its FLOP floor) and to fit ridge, and ratios to the peers.")
final class ProbeBenchmark implements Callable<Integer> {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String PEER = "bench/peers/probe_peer.py";

    @Option(names = "--n", defaultValue = "20000", description = "Training pairs (default: ${DEFAULT-VALUE}).")
    int n;
    @Option(names = "--width", defaultValue = "768", description = "MLP input width D (default: ${DEFAULT-VALUE}).")
    int width;
    @Option(names = "--actions", defaultValue = "4,7", split = ",",
            description = "Action widths A to time (default: ${DEFAULT-VALUE}).")
    List<Integer> actions;
    @Option(names = "--steps", defaultValue = "3000", description = "Adam steps (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--batch", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--rounds", defaultValue = "2", description = "Timed rounds, the best reported; ridge, ours and "
            + "the peer's, runs at least 3 (default: ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--threads", defaultValue = "0", description = "PyTorch intra-op threads, ours and the peer's; 0: "
            + "the engine's default (default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--ridge-n", defaultValue = "20000", description = "Ridge rows (default: ${DEFAULT-VALUE}).")
    int ridgeN;
    @Option(names = "--ridge-width", defaultValue = "1024", description = "Ridge input width (default: "
            + "${DEFAULT-VALUE}).")
    int ridgeWidth;
    @Option(names = "--ridge-actions", defaultValue = "7", description = "Ridge outputs (default: ${DEFAULT-VALUE}).")
    int ridgeActions;
    @Option(names = "--no-peer", description = "Skip the Python peers.")
    boolean noPeer;

    @Override
    public Integer call() throws Exception {
        if (ridgeWidth % 2 != 0) {
            throw new IllegalArgumentException("--ridge-width must be even (two concatenated frames)");
        }
        Torch.setThreads(threads);
        int used = Torch.threads();
        MlpProbeConfig config = MlpProbeConfig.defaults().withSteps(steps).withBatch(batch).withThreads(threads);
        System.out.printf("Probe benchmark: MLP %d -> %s -> A, %d steps of %d, n = %d; ridge %d x %d -> %d; %d cores, "
                        + "%d intra-op threads, native allocator tuned: %s, Java %s%n", width, joined(config.hidden()),
                steps, batch, n, ridgeN, ridgeWidth, ridgeActions, Runtime.getRuntime().availableProcessors(), used,
                Torch.tuneNativeAllocator() ? "yes" : "no", System.getProperty("java.version"));
        CpuLoad matmulLoad = CpuLoad.start();
        MatmulRate.Result square = MatmulRate.square(512, 1.0);
        MatmulRate.Result probeShape = MatmulRate.measure(batch, width, 256, 1.0, 3);
        double matmulOthers = matmulLoad.otherCores();
        System.out.printf("%-52s %12.1f%n", "matmul GFLOP/s, " + square.shape(), square.gflops());
        System.out.printf("%-52s %12.1f%s%n", "matmul GFLOP/s, " + probeShape.shape(), probeShape.gflops(),
                CpuLoad.note(matmulOthers));

        Map<Integer, Double> ours = new LinkedHashMap<>();
        Map<Integer, Double> others = new LinkedHashMap<>();
        for (int a : actions) {
            float[][] x = gaussianRows(n, width, 1);
            float[][] y = gaussianRows(n, a, 2);
            MlpProbe probe = new MlpProbe(config);
            new MlpProbe(config.withSteps(Math.min(steps, 200))).fit(x, y, 0); // warm-up
            double best = Double.MAX_VALUE;
            double othersAtBest = 0;
            for (int r = 0; r < rounds; r++) {
                CpuLoad load = CpuLoad.start();
                double s = probe.fit(x, y, r + 1).fitSeconds();
                if (s < best) {
                    best = s;
                    othersAtBest = load.otherCores();
                }
            }
            ours.put(a, best);
            others.put(a, othersAtBest);
        }
        // the rate again after the fits: the floor uses the better of the two measurements (the stricter floor)
        CpuLoad againLoad = CpuLoad.start();
        MatmulRate.Result again = MatmulRate.measure(batch, width, 256, 1.0, 3);
        System.out.printf("%-52s %12.1f%s%n", "matmul GFLOP/s, " + again.shape() + ", after the fits",
                again.gflops(), CpuLoad.note(againLoad.otherCores()));
        double rate = Math.max(probeShape.gflops(), again.gflops()) * 1e9;
        for (Map.Entry<Integer, Double> e : ours.entrySet()) {
            int a = e.getKey();
            double best = e.getValue();
            long params = config.parameterCount(width, a);
            double floor = 6.0 * params * batch * steps / rate;
            System.out.printf("%-52s %12.2f   floor %.2f s (%d params at %.0f GFLOP/s), measured/floor %.2f "
                            + "(goal <= 1.5)%s%n", "MLP probe A=" + a + ", seconds for " + steps + " steps", best,
                    floor, params, rate / 1e9, best / floor, CpuLoad.note(others.get(a)));
        }

        CpuLoad ridgeLoad = CpuLoad.start();
        RidgeProbe.Phases phases = ridgePhases();
        double ridge = phases.totalSeconds();
        System.out.printf("%-52s %12.3f   build inputs %.3f, X'X and X'Y %.3f, standardise and solve %.3f%s%n",
                "ridge fit seconds, " + ridgeN + " x " + ridgeWidth + " -> " + ridgeActions, ridge,
                phases.buildSeconds(), phases.gramSeconds(), phases.solveSeconds(),
                CpuLoad.note(ridgeLoad.otherCores()));

        if (noPeer) {
            return 0;
        }
        Path script = findPeer();
        if (script == null || !peerInstalled()) {
            System.out.println("peer not installed: run bench/peers/install.sh");
            return 0;
        }
        String json = runPeer(script, used);
        if (json == null) {
            return 0;
        }
        System.out.printf("peer: torch %s, scikit-learn %s, %s threads (%s)%n", field(json, "torch"),
                field(json, "sklearn"), field(json, "threads"), script);
        for (Map.Entry<Integer, Double> e : ours.entrySet()) {
            String s = field(json, String.valueOf(e.getKey()));
            if (s != null) {
                double peer = Double.parseDouble(s);
                System.out.printf("%-52s %12.2f   ours/peer %.2f%n", "peer MLP probe A=" + e.getKey() + ", seconds",
                        peer, e.getValue() / peer);
            }
        }
        String r = field(json, "ridge");
        if (r != null) {
            double peer = Double.parseDouble(r);
            System.out.printf("%-52s %12.3f   ours/peer %.2f%n", "peer ridge (sklearn cholesky), seconds", peer,
                    ridge / peer);
        }
        return 0;
    }

    /**
     * RidgeProbe with one fixed penalty on pairs of random frames (two frames of width/2 concatenated): the parts of
     * the fastest of the timed fits (after one warm-up fit).
     */
    private RidgeProbe.Phases ridgePhases() {
        int d = ridgeWidth / 2;
        SplittableRandom rng = new SplittableRandom(3);
        float[] z = new float[Math.multiplyExact(2 * ridgeN, d)];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        int[] first = new int[ridgeN];
        int[] second = new int[ridgeN];
        int[] episode = new int[ridgeN];
        for (int i = 0; i < ridgeN; i++) {
            first[i] = 2 * i;
            second[i] = 2 * i + 1;
            episode[i] = i;
        }
        PairSet pairs = new PairSet(new FrameFeatures(2 * ridgeN, d, z, 0, null), first, second,
                gaussianRows(ridgeN, ridgeActions, 4), episode);
        RidgeProbe probe = new RidgeProbe(RidgeConfig.fixed(1e-3, PairMode.CONCAT));
        probe.fit(pairs, 0);
        RidgeProbe.Phases best = null;
        for (int r = 0; r < ridgeRounds(); r++) {
            RidgeProbe.Phases p = probe.fit(pairs, 0).phases();
            if (best == null || p.totalSeconds() < best.totalSeconds()) {
                best = p;
            }
        }
        return best;
    }

    /** Timed ridge fits, ours and the peer's (the best counts): at least 3, a fit is short. */
    private int ridgeRounds() {
        return Math.max(3, rounds);
    }

    private static float[][] gaussianRows(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] out = new float[rows][cols];
        for (float[] row : out) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) rng.nextGaussian();
            }
        }
        return out;
    }

    private static String joined(int[] v) {
        StringBuilder s = new StringBuilder();
        for (int x : v) {
            s.append(s.length() == 0 ? "" : " -> ").append(x);
        }
        return s.toString();
    }

    /** The peer script, from the working directory or next to the project the CLI jar was built in. */
    private static Path findPeer() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(PEER));
        try {
            Path jar = Path.of(ProbeBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                candidates.add(p.resolve(PEER));
            }
        } catch (Exception ignored) {
            // no code source: only the working directory is tried
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    private static boolean peerInstalled() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch, sklearn").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String runPeer(Path script, int usedThreads) throws IOException, InterruptedException {
        List<String> cmd = List.of(PYTHON, script.toString(), "--threads", String.valueOf(usedThreads),
                "--n", String.valueOf(n), "--width", String.valueOf(width), "--actions", joinedList(actions),
                "--steps", String.valueOf(steps), "--batch", String.valueOf(batch),
                "--ridge-n", String.valueOf(ridgeN), "--ridge-width", String.valueOf(ridgeWidth),
                "--ridge-actions", String.valueOf(ridgeActions), "--rounds", String.valueOf(ridgeRounds()));
        System.out.println("running the peer (" + String.join(" ", cmd) + ") ...");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            System.out.println("peer failed (exit " + p.exitValue() + ")");
            return null;
        }
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }

    private static String joinedList(List<Integer> v) {
        StringBuilder s = new StringBuilder();
        for (int x : v) {
            s.append(s.length() == 0 ? "" : ",").append(x);
        }
        return s.toString();
    }

    /** The value of "key" in the peer's flat JSON line (numbers and strings only; keys are unique). */
    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(\"([^\"]*)\"|[-+0-9.eE]+)").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    /**
     * CPU time that other processes (outside this JVM) took while a figure was timed, in cores, from /proc/stat and
     * this process's CPU time: on a shared machine it says when a timing is not to be trusted.
     */
    private static final class CpuLoad {
        private static final double USER_HZ = 100;
        private final long busyTicks;
        private final long ownNanos;
        private final long wallNanos;

        private CpuLoad(long busyTicks, long ownNanos, long wallNanos) {
            this.busyTicks = busyTicks;
            this.ownNanos = ownNanos;
            this.wallNanos = wallNanos;
        }

        static CpuLoad start() {
            return new CpuLoad(busyTicks(), ownCpuNanos(), System.nanoTime());
        }

        /** Cores' worth of CPU used by other processes since start; NaN where it cannot be told. */
        double otherCores() {
            long busy = busyTicks();
            long own = ownCpuNanos();
            double wall = (System.nanoTime() - wallNanos) / 1e9;
            if (busy < 0 || busyTicks < 0 || own < 0 || wall <= 0) {
                return Double.NaN;
            }
            double others = (busy - busyTicks) / USER_HZ - (own - ownNanos) / 1e9;
            return Math.max(0, others / wall);
        }

        static String note(double otherCores) {
            if (Double.isNaN(otherCores)) {
                return "";
            }
            return String.format("   [other processes: %.1f cores%s]", otherCores,
                    otherCores > 0.25 ? ", timing disturbed" : "");
        }

        private static long ownCpuNanos() {
            java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
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
}
