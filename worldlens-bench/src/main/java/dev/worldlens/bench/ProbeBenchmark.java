package dev.worldlens.bench;

import dev.worldlens.nn.MatmulRate;
import dev.worldlens.nn.Torch;
import dev.worldlens.probe.FrameFeatures;
import dev.worldlens.probe.MlpProbe;
import dev.worldlens.probe.MlpProbeConfig;
import dev.worldlens.probe.PairMode;
import dev.worldlens.probe.PairSet;
import dev.worldlens.probe.RidgeConfig;
import dev.worldlens.probe.RidgeProbe;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Probe training speed: the study's MLP probe (D -> 256 -> 128 -> A, Adam, 3,000 steps of 256) on random data
 * against its FLOP floor (6 FLOPs per weight per sample for forward and backward, at the engine's measured matmul
 * rate on the probe's 256 x 768 x 256 shape), and the ridge probe's closed-form fit; with the Python peers
 * (PyTorch 1.13 and scikit-learn from Debian, bench/peers/probe_peer.py) when they are installed.
 */
public final class ProbeBenchmark {
    private final ProbeBenchmarkConfig c;
    private final PrintStream out;

    private ProbeBenchmark(ProbeBenchmarkConfig config, PrintStream out) {
        this.c = config;
        this.out = out;
    }

    /** Runs the benchmark and prints its figures, one per line, to out. Sets the engine's intra-op threads. */
    public static void run(ProbeBenchmarkConfig config, PrintStream out) throws IOException, InterruptedException {
        new ProbeBenchmark(config, out).run();
    }

    private void run() throws IOException, InterruptedException {
        Torch.setThreads(c.threads());
        int used = Torch.threads();
        int steps = c.steps();
        int batch = c.batch();
        int width = c.width();
        MlpProbeConfig config = MlpProbeConfig.defaults().withSteps(steps).withBatch(batch).withThreads(c.threads());
        out.printf("Probe benchmark: MLP %d -> %s -> A, %d steps of %d, n = %d; ridge %d x %d -> %d; %d cores, "
                        + "%d intra-op threads, native allocator tuned: %s, Java %s%n", width, joined(config.hidden()),
                steps, batch, c.n(), c.ridgeN(), c.ridgeWidth(), c.ridgeActions(),
                Runtime.getRuntime().availableProcessors(), used, Torch.tuneNativeAllocator() ? "yes" : "no",
                System.getProperty("java.version"));
        CpuLoad matmulLoad = CpuLoad.start();
        MatmulRate.Result square = MatmulRate.square(512, 1.0);
        MatmulRate.Result probeShape = MatmulRate.measure(batch, width, 256, 1.0, 3);
        double matmulOthers = matmulLoad.otherCores();
        out.printf("%-52s %12.1f%n", "matmul GFLOP/s, " + square.shape(), square.gflops());
        out.printf("%-52s %12.1f%s%n", "matmul GFLOP/s, " + probeShape.shape(), probeShape.gflops(),
                CpuLoad.note(matmulOthers));

        Map<Integer, Double> ours = new LinkedHashMap<>();
        Map<Integer, Double> others = new LinkedHashMap<>();
        for (int a : c.actions()) {
            float[][] x = gaussianRows(c.n(), width, 1);
            float[][] y = gaussianRows(c.n(), a, 2);
            MlpProbe probe = new MlpProbe(config);
            new MlpProbe(config.withSteps(Math.min(steps, 200))).fit(x, y, 0); // warm-up
            double best = Double.MAX_VALUE;
            double othersAtBest = 0;
            for (int r = 0; r < c.rounds(); r++) {
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
        out.printf("%-52s %12.1f%s%n", "matmul GFLOP/s, " + again.shape() + ", after the fits",
                again.gflops(), CpuLoad.note(againLoad.otherCores()));
        double rate = Math.max(probeShape.gflops(), again.gflops()) * 1e9;
        for (Map.Entry<Integer, Double> e : ours.entrySet()) {
            int a = e.getKey();
            double best = e.getValue();
            long params = config.parameterCount(width, a);
            double floor = 6.0 * params * batch * steps / rate;
            out.printf("%-52s %12.2f   floor %.2f s (%d params at %.0f GFLOP/s), measured/floor %.2f "
                            + "(goal <= 1.5)%s%n", "MLP probe A=" + a + ", seconds for " + steps + " steps", best,
                    floor, params, rate / 1e9, best / floor, CpuLoad.note(others.get(a)));
        }

        CpuLoad ridgeLoad = CpuLoad.start();
        RidgeProbe.Phases phases = ridgePhases();
        double ridge = phases.totalSeconds();
        out.printf("%-52s %12.3f   build inputs %.3f, X'X and X'Y %.3f, standardise and solve %.3f%s%n",
                "ridge fit seconds, " + c.ridgeN() + " x " + c.ridgeWidth() + " -> " + c.ridgeActions(), ridge,
                phases.buildSeconds(), phases.gramSeconds(), phases.solveSeconds(),
                CpuLoad.note(ridgeLoad.otherCores()));

        if (c.peer()) {
            peer(used, ours, ridge);
        }
    }

    /** The Python peers' figures and our ratios to them; a note instead where they are missing or fail. */
    private void peer(int usedThreads, Map<Integer, Double> ours, double ridge)
            throws IOException, InterruptedException {
        Path script = ProbePeer.find();
        if (script == null || !ProbePeer.installed()) {
            out.println("peer not installed: run bench/peers/install.sh");
            return;
        }
        String json = ProbePeer.run(script, c, usedThreads, out);
        if (json == null) {
            return;
        }
        out.printf("peer: torch %s, scikit-learn %s, %s threads (%s)%n", ProbePeer.field(json, "torch"),
                ProbePeer.field(json, "sklearn"), ProbePeer.field(json, "threads"), script);
        for (Map.Entry<Integer, Double> e : ours.entrySet()) {
            String s = ProbePeer.field(json, String.valueOf(e.getKey()));
            if (s != null) {
                double peer = Double.parseDouble(s);
                out.printf("%-52s %12.2f   ours/peer %.2f%n", "peer MLP probe A=" + e.getKey() + ", seconds",
                        peer, e.getValue() / peer);
            }
        }
        String r = ProbePeer.field(json, "ridge");
        if (r != null) {
            double peer = Double.parseDouble(r);
            out.printf("%-52s %12.3f   ours/peer %.2f%n", "peer ridge (sklearn cholesky), seconds", peer,
                    ridge / peer);
        }
    }

    /**
     * RidgeProbe with one fixed penalty on pairs of random frames (two frames of width/2 concatenated): the parts of
     * the fastest of the timed fits (after one warm-up fit).
     */
    private RidgeProbe.Phases ridgePhases() {
        int ridgeN = c.ridgeN();
        int d = c.ridgeWidth() / 2;
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
                gaussianRows(ridgeN, c.ridgeActions(), 4), episode);
        RidgeProbe probe = new RidgeProbe(RidgeConfig.fixed(1e-3, PairMode.CONCAT));
        probe.fit(pairs, 0);
        RidgeProbe.Phases best = null;
        for (int r = 0; r < c.ridgeRounds(); r++) {
            RidgeProbe.Phases p = probe.fit(pairs, 0).phases();
            if (best == null || p.totalSeconds() < best.totalSeconds()) {
                best = p;
            }
        }
        return best;
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
}
