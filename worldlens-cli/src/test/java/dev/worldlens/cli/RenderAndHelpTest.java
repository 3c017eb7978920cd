package dev.worldlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderAndHelpTest {

    @Test
    void renderWritesAnAnimatedGifOfTheExpertEpisode(@TempDir Path dir) throws Exception {
        Path gif = dir.resolve("drawer.gif");
        CliRun run = CliRun.of("sim", "render", "--task", "open_drawer", "--scene", "B", "--out", gif.toString(),
                "--scale", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("oracle: success"), run.out());
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            int frames = reader.getNumImages(true);
            assertTrue(frames > 10, "frames: " + frames);
            assertEquals(256, reader.getWidth(0), "top and gripper side by side, 64 px each, scaled 2x");
            assertEquals(128, reader.getHeight(0));
        }
    }

    @Test
    void everyCommandDescribesItsOptions() {
        for (List<String> cmd : List.<List<String>>of(List.of(), List.of("sim"), List.of("sim", "generate"),
                List.of("sim", "render"), List.of("sim", "tasks"), List.of("data"), List.of("data", "info"),
                List.of("data", "convert"), List.of("encode"), List.of("probe"), List.of("bench"), List.of("bench", "sim"),
                List.of("bench", "probe"), List.of("bench", "decode"), List.of("pretrain"), List.of("bench", "train"))) {
            List<String> withHelp = new java.util.ArrayList<>(cmd);
            withHelp.add("--help");
            String[] args = withHelp.toArray(new String[0]);
            CliRun run = CliRun.of(args);
            assertEquals(0, run.exitCode(), String.join(" ", cmd));
            assertTrue(run.out().contains("Usage: worldlens"), run.out());
            assertTrue(run.out().contains("--help"), run.out());
        }
    }

    @Test
    void simGenerateHelpListsTheLabellingOptionsWithTheirDefaults() {
        CliRun run = CliRun.of("sim", "generate", "--help");
        assertEquals(0, run.exitCode(), run.err());
        String help = run.out().replaceAll("\\s+", " ");
        for (String expected : List.of("--labels", "(default: executed)", "--action-frame", "(default: world)",
                "--expert-noise", "(default: 0.05)", "--action-repeat", "(default: 1)")) {
            assertTrue(help.contains(expected), "expected '" + expected + "' in: " + run.out());
        }
    }
}
