package dev.worldlens.cli;

import picocli.CommandLine.Option;
import dev.worldlens.sim.dataset.SimGenerateConfig;

/** The camera resolutions, shared by every command that renders the Tabletop. */
final class CameraOptions {
    @Option(names = "--top-size", defaultValue = "" + SimGenerateConfig.DEFAULT_TOP,
            description = "Top camera resolution in pixels, square (default: ${DEFAULT-VALUE}).")
    int topSize;
    @Option(names = "--gripper-size", defaultValue = "" + SimGenerateConfig.DEFAULT_GRIPPER,
            description = "Gripper camera resolution in pixels, square (default: ${DEFAULT-VALUE}).")
    int gripperSize;
}
