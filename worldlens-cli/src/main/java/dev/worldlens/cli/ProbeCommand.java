package dev.worldlens.cli;
import dev.worldlens.core.Dataset;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RunFolder;
import dev.worldlens.core.split.SplitConfig;
import dev.worldlens.core.split.SplitKind;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.probe.EncodeRun;
import dev.worldlens.probe.FeatureStore;
import dev.worldlens.probe.PairMode;
import dev.worldlens.probe.Probe;
import dev.worldlens.probe.ProbeReport;
import dev.worldlens.probe.ProbeResult;
import dev.worldlens.probe.ProbeSweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit inverse-dynamics probes that read the action a_t back from (z_t, z_t+k), on training "
                + "episodes only, and score them on held-out episodes. Give feature stores (--features), or a "
                + "dataset and encoders (--data with --encoders) to encode first (cached in the run folder). Writes "
                + "results.json, summary.md and summary.html with one row per encoder and probe."})
final class ProbeCommand implements Callable<Integer>, ConfigFlags {
    private static final Map<String, String> FLAGS = Map.of("split.testTasks", "--test-tasks", "encoder", "--encoders");

    @Option(names = "--features", split = ",", paramLabel = "FEATS", description = "Feature stores to probe.")
    List<Path> features = new ArrayList<>();
    @Option(names = "--data", paramLabel = "DIR", description = "A LeRobot v3.0 dataset, encoded with --encoders.")
    Path data;
    @Option(names = "--encoders", split = ",", description = "With --data: state, raw[:SIDE], random-vit[:SEED], motion[:N], run folders of `worldlens pretrain`, or model cards (.yaml/.json).")
    List<String> encoders = new ArrayList<>();
    @Option(names = "--probe", split = ",", defaultValue = "mlp", description = "mlp, ridge, attentive, cnn (pixel "
            + "inverse dynamics on raw:SIDE at the image side); several "
            + "comma separated (default: ${DEFAULT-VALUE}).")
    List<String> probes;
    @Option(names = "--split", defaultValue = "task", description = "task (held-out task families), scene "
            + "(held-out scenes) or episode (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--k", defaultValue = "1", description = "Frame gap of a transition (default: ${DEFAULT-VALUE}).")
    int k;
    @Option(names = "--pair", defaultValue = "concat-delta", description = "How a probe sees (z_t, z_t+k): "
            + "concat-delta ([z_t, z_t+k - z_t], the same information as concat but the change keeps unit scale after "
            + "standardisation), concat ([z_t, z_t+k], the paper's literal reading) or difference (default: "
            + "${DEFAULT-VALUE}).")
    String pair;
    @Option(names = "--seeds", split = ",", defaultValue = "0,1,2", description = "Probe seeds (default: "
            + "${DEFAULT-VALUE}).")
    List<Long> seeds;
    @Option(names = "--split-seed", defaultValue = "0", description = "Seed that draws the split (default: "
            + "${DEFAULT-VALUE}).")
    long splitSeed;
    @Option(names = "--test-fraction", defaultValue = "0.2", description = "Share of task families or episodes "
            + "held out when none are named (default: ${DEFAULT-VALUE}).")
    double testFraction;
    @Option(names = "--test-tasks", split = ",", description = "Task families to hold out (task split).")
    List<String> testTasks = new ArrayList<>();
    @Option(names = "--test-scenes", split = ",", description = "Scenes to hold out (scene split; default: the last).")
    List<String> testScenes = new ArrayList<>();
    @Option(names = "--budget", defaultValue = "0", description = "Training episodes to keep, 0 for all (default: "
            + "${DEFAULT-VALUE}).")
    int budget;
    @Option(names = "--steps", defaultValue = "3000", description = "MLP, attentive and cnn probe steps (default: "
            + "${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--layer", defaultValue = "-1", description = "With --data: block to read (default: "
            + "${DEFAULT-VALUE}).")
    int layer;
    @Option(names = "--camera", defaultValue = "top", description = "With --data: camera (default: ${DEFAULT-VALUE}).")
    String camera;
    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run folder for the results.")
    Path out;

    @Override
    public Integer call() {
        if (features.isEmpty() == (data == null)) {
            throw new InvalidInputException("--features/--data", "give feature stores with --features, or a dataset "
                    + "with --data and --encoders, not both");
        }
        if (data != null && encoders.isEmpty()) {
            throw new InvalidInputException("--encoders", "--data needs --encoders, e.g. state,raw,random-vit");
        }
        PairMode mode = PairMode.parse(pair);
        SplitConfig splitConfig = new SplitConfig(SplitKind.parse(split), testFraction, testTasks, testScenes, budget,
                splitSeed);
        boolean tokens = probes.contains("attentive");
        List<Probe> probeList = probes.stream().map(p -> Probe.named(p, steps, mode)).toList();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("features", features.stream().map(Path::toString).toList());
        config.put("data", data == null ? null : data.toString());
        config.put("encoders", encoders);
        config.put("probes", probes);
        config.put("split", splitConfig);
        config.put("k", k);
        config.put("pair", mode.name());
        config.put("seeds", seeds);
        config.put("steps", steps);
        config.put("layer", layer);
        config.put("camera", camera);
        RunFolder run = RunFolder.open(out, "probe", config, splitSeed);
        List<FeatureStore> stores = new ArrayList<>();
        for (Path f : features) {
            stores.add(FeatureStore.open(f));
        }
        if (!encoders.isEmpty()) {
            try (Dataset dataset = DatasetFormats.openDataset(data)) {
                for (String e : encoders) {
                    stores.add(EncodeRun.run(e, dataset, out.resolve("features").resolve(featureFolder(e)), layer,
                            camera, tokens, 64, TerminalProgress.INSTANCE));
                }
            }
        }
        List<ProbeResult> results = new ProbeSweep(stores, probeList, splitConfig, mode, k, tokens, seeds)
                .run(out, TerminalProgress.INSTANCE);
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (FeatureStore store : stores) {
            fingerprints.put(store.index().encoder().name(), store.index().sourceFingerprint());
        }
        run.recordData(fingerprints);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("data", data != null ? data.toString() : stores.get(0).index().source());
        context.put("command", "worldlens probe " + String.join(" ", commandLine()));
        ProbeReport.write(out, "Inverse-dynamics probes", results, context);
        run.finish();
        System.out.println(ProbeReport.markdown("Inverse-dynamics probes", results, context));
        return 0;
    }

    private List<String> commandLine() {
        List<String> a = new ArrayList<>();
        if (data != null) {
            a.addAll(List.of("--data", data.toString(), "--encoders", String.join(",", encoders)));
        } else {
            a.addAll(List.of("--features", String.join(",", features.stream().map(Path::toString).toList())));
        }
        a.addAll(List.of("--probe", String.join(",", probes), "--split", split, "--k", Integer.toString(k)));
        return a;
    }

    /** The cache folder of an encoder: a built-in name as written (':' made file-safe), a path by its last part. */
    static String featureFolder(String encoderSpec) {
        java.nio.file.Path p = java.nio.file.Path.of(encoderSpec);
        String name = p.getNameCount() > 1 ? p.getFileName().toString() : encoderSpec;
        return name.replace(':', '-');
    }

    @Override
    public Map<String, String> flags() {
        return FLAGS;
    }
}
