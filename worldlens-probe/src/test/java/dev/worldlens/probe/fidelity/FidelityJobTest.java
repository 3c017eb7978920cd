package dev.worldlens.probe.fidelity;

import dev.worldlens.nn.train.RecordingProgress;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.encoders.RawPixelsEncoder;
import dev.worldlens.nn.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FidelityJobTest {
    private static final int[] TRAIN = java.util.stream.IntStream.range(0, 24).toArray();
    private static final int[] TEST = {24, 25, 26};
    /** A few dozen steps of a narrow decoder, one PyTorch thread. */
    private static final FidelityConfig TINY = FidelityConfig.defaults().withSteps(80).withBatch(16)
            .withLearningRate(3e-3).withChannels(32).withFrames(1200, 60).withThreads(1);

    private static EpisodeSource world;

    @BeforeAll
    static void world() {
        world = TinyWorld.episodes(27, 3);
    }

    @Test
    void rawPixelsReconstructFarBetterThanNoiseOrTheMeanFrame(@TempDir Path dir) {
        FidelityResult raw = new FidelityJob(TINY).run(new RawPixelsEncoder(16), world, TRAIN, TEST,
                dir.resolve("raw"), Progress.NONE);
        FidelityResult noise = new FidelityJob(TINY).run(TinyWorld.noise(64, 1), world, TRAIN, TEST,
                dir.resolve("noise"), Progress.NONE);
        System.out.println("raw pixels: " + raw);
        System.out.println("noise:      " + noise);
        // seen: raw pixels 20.3 dB / SSIM 0.39, noise 16.97 dB / 0.29, the mean frame 16.91 dB / 0.29 (the
        // untrained decoder's output, its last convolution being zero)
        for (FidelityResult r : new FidelityResult[]{raw, noise}) {
            assertTrue(Double.isFinite(r.psnr()) && Double.isFinite(r.ssim()) && Double.isFinite(r.baselinePsnr()),
                    r.toString());
            assertTrue(r.ssim() >= -1 && r.ssim() <= 1, r.toString());
            assertEquals(60, r.evalFrames());
            assertEquals(80, r.steps());
            assertNull(r.nativePsnr(), "no encoder here has its own decoder");
        }
        assertEquals("pooled 768", raw.decoderInput());
        assertEquals("pooled 64", noise.decoderInput());
        // the same frames, the same mean frame: the baseline does not depend on the encoder
        assertEquals(raw.baselinePsnr(), noise.baselinePsnr(), 1e-9);
        assertTrue(raw.psnr() > noise.psnr() + 2.5, raw.psnr() + " vs noise " + noise.psnr());
        assertTrue(raw.psnr() > raw.baselinePsnr() + 2.5, raw.psnr() + " vs mean frame " + raw.baselinePsnr());
        assertTrue(raw.ssim() > noise.ssim(), raw.ssim() + " vs noise " + noise.ssim());
        // features that carry nothing about the frame cannot do much better than the mean frame
        assertTrue(noise.psnr() < noise.baselinePsnr() + 1.5, noise.psnr() + " vs " + noise.baselinePsnr());
    }

    @Test
    void aRerunReusesTheSavedDecoderAndAnotherBudgetIsRefused(@TempDir Path dir) throws Exception {
        FidelityConfig config = TINY.withSteps(20);
        RecordingProgress progress = new RecordingProgress();
        FidelityResult first = new FidelityJob(config).run(new RawPixelsEncoder(16), world, TRAIN, TEST, dir,
                progress);
        RecordingProgress.Recorded bar = progress.bar("fidelity " + dir.getFileName());
        assertEquals(List.of(20L, 0L, 20L, true), List.of(bar.total(), bar.before(), bar.current(), bar.closed()));
        assertEquals(20, Checkpoint.completedSteps(Checkpoint.latest(dir)));
        // three rows of up to 8 tiles would need a native decoder; raw pixels have two rows of 16x16 frames shown
        // 4x: 8 x (64 + 2) + 2 wide, 2 x (64 + 2) + 2 high
        java.awt.image.BufferedImage sheet = javax.imageio.ImageIO.read(dir.resolve(FidelityJob.SAMPLES).toFile());
        assertEquals(8 * 66 + 2, sheet.getWidth());
        assertEquals(2 * 66 + 2, sheet.getHeight());

        RecordingProgress none = new RecordingProgress();
        FidelityResult again = new FidelityJob(config).run(new RawPixelsEncoder(16), world, TRAIN, TEST, dir, none);
        assertEquals(List.of(), none.names(), "the saved result is returned without training");
        assertEquals(first, again);

        // without the result file the saved decoder is loaded and only evaluated: the same numbers, no step taken
        Files.delete(dir.resolve(FidelityJob.RESULT));
        FidelityResult reloaded = new FidelityJob(config).run(new RawPixelsEncoder(16), world, TRAIN, TEST, dir,
                none);
        assertEquals(List.of(), none.names(), "the finished checkpoint is reused");
        assertEquals(first, reloaded);
        assertEquals(first, FidelityJob.read(dir).orElseThrow());

        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> new FidelityJob(
                config.withSteps(30)).run(new RawPixelsEncoder(16), world, TRAIN, TEST, dir, Progress.NONE));
        assertTrue(refused.getMessage().contains(FidelityJob.SPEC), refused.getMessage());
    }

    @Test
    void framesBelowTheSsimWindowAndOverlappingSplitsAreRefused(@TempDir Path dir) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new FidelityJob(TINY)
                .run(new RawPixelsEncoder(8), world, TRAIN, TEST, dir, Progress.NONE));
        assertTrue(e.getMessage().contains("raw-pixels-8") && e.getMessage().contains("8x8"), e.getMessage());
        InvalidInputException overlap = assertThrows(InvalidInputException.class, () -> new FidelityJob(TINY)
                .run(new RawPixelsEncoder(16), world, TRAIN, new int[]{24, 3}, dir, Progress.NONE));
        assertTrue(overlap.getMessage().contains("position 3"), overlap.getMessage());
    }
}
