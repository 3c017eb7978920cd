package dev.worldlens.cli;

import dev.worldlens.core.Dataset;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.probe.EncodeRun;
import dev.worldlens.probe.FeatureStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "encode", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Encode every frame of a dataset with a frozen encoder into a feature store (pooled features, "
                + "optionally tokens, with checksums). Resumes after an interruption; reuses a finished store made "
                + "by the same encoder from the same data."})
final class EncodeCommand implements Callable<Integer> {
    @Option(names = "--encoder", required = true, description = "state, raw[:SIDE], random-vit[:SEED], motion[:N], a run folder of `worldlens pretrain`, or a model card (.yaml/.json) of an ONNX or TorchScript encoder (see docs/cards).")
    String encoder;
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A LeRobot v3.0 dataset folder.")
    Path data;
    @Option(names = "--out", required = true, paramLabel = "FEATS", description = "Output feature store folder.")
    Path out;
    @Option(names = "--layer", defaultValue = "-1", description = "Block to read: 0 = input embedding, 1..L, "
            + "-1 = last (default: ${DEFAULT-VALUE}).")
    int layer;
    @Option(names = "--camera", defaultValue = "top", description = "Camera to encode (default: ${DEFAULT-VALUE}).")
    String camera;
    @Option(names = "--keep-tokens", description = "Also store every token (for attentive probes; larger).")
    boolean keepTokens;
    @Option(names = "--batch", defaultValue = "64", description = "Frames per encoder batch (default: "
            + "${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        FeatureStore store;
        try (Dataset dataset = DatasetFormats.openDataset(data)) {
            store = EncodeRun.run(encoder, dataset, out, layer, camera, keepTokens, batch, TerminalProgress.INSTANCE);
        }
        System.out.printf("wrote %s: %d episodes, encoder %s (%s), layer %d, width %d%n", out, store.size(),
                store.index().encoder().name(), store.index().encoder().family(), store.index().layer(),
                store.index().encoder().width());
        return 0;
    }
}
