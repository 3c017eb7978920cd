package dev.worldlens.bench;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;
import dev.worldlens.data.lerobot.LeRobotDatasetWriter;
import dev.worldlens.data.video.VideoFrames;
import dev.worldlens.data.video.VideoWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Video decode speed (all frames to RGB, as the LeRobot reader decodes an episode) beside the ffmpeg CLI decoding
 * the same file to null in the same run, for AV1 and H.264; and Parquet rows per second through the LeRobot reader.
 */
public final class DecodeBenchmark {
    private final DecodeBenchmarkConfig c;
    private final PrintStream out;

    private DecodeBenchmark(DecodeBenchmarkConfig config, PrintStream out) {
        this.c = config;
        this.out = out;
    }

    /** Runs the benchmark and prints its figures, one per line, to out; the clips go to a temporary folder. */
    public static void run(DecodeBenchmarkConfig config, PrintStream out) throws IOException {
        new DecodeBenchmark(config, out).run();
    }

    private void run() throws IOException {
        int threads = c.threads();
        Path dir = Files.createTempDirectory("worldlens-bench-decode");
        boolean cli = ffmpegCli();
        out.printf("Decode benchmark: %d cores, Java %s, decoder threads %d, ffmpeg CLI %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), threads,
                cli ? "found" : "not found (no ratio)");
        out.println("bundled FFmpeg encoders: " + VideoWriter.availableEncoders());
        out.println("our AV1 decoder: " + VideoFrames.av1Decoder());
        List<Path> clips = c.video() != null ? List.of(c.video()) : List.of(makeClip(dir, "av1", cli),
                makeClip(dir, "h264", cli));
        out.printf("%-34s %8s %12s %12s %8s%n", "clip", "frames", "ours fps", "ffmpeg fps", "ratio");
        for (Path clip : clips) {
            int n = VideoFrames.decode(clip, "video", 0, Double.POSITIVE_INFINITY, threads).size(); // warm-up
            double ours = 0;
            double theirs = cli ? 0 : Double.NaN;
            // rounds alternate between us and the CLI, so a change of load on a shared machine hits both sides
            for (int r = 0; r < c.rounds(); r++) {
                ours = Math.max(ours, n / seconds(() -> VideoFrames.decode(clip, "video", 0,
                        Double.POSITIVE_INFINITY, threads)));
                if (cli) {
                    theirs = Math.max(theirs, n / seconds(() -> runFfmpeg(List.of("-v", "error", "-threads",
                            Integer.toString(threads), "-i", clip.toString(), "-f", "null", "-"))));
                }
            }
            out.printf("%-34s %8d %12.0f %12s %8s%n", clip.getFileName(), n, ours,
                    cli ? String.format("%.0f", theirs) : "-", cli ? String.format("%.2fx", ours / theirs) : "-");
            boolean av1 = clip.getFileName().toString().contains("av1");
            if (cli) {
                out.printf("  decoders: ours %s, ffmpeg CLI %s%n", av1 ? VideoFrames.av1Decoder()
                        : "FFmpeg's own (bundled)", cliDecoder(clip));
            }
            if (cli && av1 && !VideoFrames.av1Decoder().startsWith("libdav1d")) {
                // Debian's ffmpeg decodes AV1 with libdav1d; without a system libdav1d we use the bundled FFmpeg's
                // libaom-av1, so also time the CLI on that decoder, to separate decoder choice from our overhead
                double aom = best(() -> n / seconds(() -> runFfmpeg(List.of("-v", "error", "-threads",
                        Integer.toString(threads), "-c:v", "libaom-av1", "-i", clip.toString(), "-f", "null", "-"))));
                out.printf("%-34s %8d %12.0f %12.0f %8s%n", "  same, ffmpeg -c:v libaom-av1", n, ours, aom,
                        String.format("%.2fx", ours / aom));
            }
        }
        parquetRowsPerSecond(dir.resolve("lerobot"));
    }

    /** A LeRobot-style clip: keyframe every 2 frames, yuv420p, LeRobot's default crf 30 for AV1. */
    private Path makeClip(Path dir, String codec, boolean cli) {
        int size = c.size();
        int frames = c.frames();
        Path file = dir.resolve(String.format("%s-%dx%d-%df.mp4", codec, size, size, frames));
        if (cli) {
            String encoder = codec.equals("av1") ? "libsvtav1" : "libx264";
            runFfmpeg(List.of("-v", "error", "-y", "-f", "lavfi", "-i", String.format("testsrc2=s=%dx%d:r=30:d=%s",
                    size, size, frames / 30.0), "-frames:v", Integer.toString(frames), "-c:v", encoder, "-g", "2",
                    "-crf", codec.equals("av1") ? "30" : "23", "-pix_fmt", "yuv420p", file.toString()));
            return file;
        }
        try (VideoWriter w = VideoWriter.open(file, size, size, 30, codec.equals("av1") ? VideoWriter.Codec.AV1
                : VideoWriter.Codec.H264, 2)) {
            for (int i = 0; i < frames; i++) {
                w.write(pattern(i));
            }
        }
        return file;
    }

    private RgbImage pattern(int i) {
        int size = c.size();
        byte[] rgb = new byte[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = (y * size + x) * 3;
                rgb[p] = (byte) (x + i);
                rgb[p + 1] = (byte) (y - i);
                rgb[p + 2] = (byte) ((x ^ y) + 2 * i);
            }
        }
        return new RgbImage(size, size, rgb);
    }

    /** Writes a camera-less LeRobot v3.0 dataset and reads every episode's rows back. */
    private void parquetRowsPerSecond(Path root) {
        int length = 600;
        int episodes = Math.max(1, c.rows() / length);
        List<String> names = List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6");
        LeRobotDatasetWriter writer = LeRobotDatasetWriter.builder(root).setFps(30)
                .setActionSchema(ActionSchema.ungrouped(names)).setStateNames(names).optEpisodesPerFile(episodes)
                .build();
        List<Episode> list = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            float[][] values = new float[length][7];
            for (int t = 0; t < length; t++) {
                for (int d = 0; d < 7; d++) {
                    values[t][d] = (float) Math.sin(e + t * 0.01 + d);
                }
            }
            list.add(new Episode(e, "", noCameras(length), values, values, ActionSchema.ungrouped(names), names,
                    List.of(new LanguageWindow(0, length, "task", "do the task")), 30, Map.of()));
        }
        writer.writeFile(0, list);
        writer.finish();
        long total = (long) episodes * length;
        double best = best(() -> total / seconds(() -> {
            try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
                for (int e = 0; e < reader.size(); e++) {
                    reader.episode(e);
                }
            }
        }));
        out.printf("%-34s %8d %12.0f rows/s (open + read every episode, action+state float32[7])%n",
                "LeRobot v3.0 parquet", total, best);
    }

    private static FrameSource noCameras(int length) {
        return new FrameSource() {
            @Override
            public List<String> cameras() {
                return List.of();
            }

            @Override
            public int length() {
                return length;
            }

            @Override
            public RgbImage frame(String camera, int t) {
                throw new IllegalArgumentException("no cameras");
            }
        };
    }

    private double best(DoubleSupplier round) {
        double best = 0;
        for (int r = 0; r < c.rounds(); r++) {
            best = Math.max(best, round.getAsDouble());
        }
        return best;
    }

    private static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static boolean ffmpegCli() {
        try {
            return new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The decoder the ffmpeg CLI picks for the clip's video ("av1 (libdav1d)"), from its "Stream mapping" line. */
    private static String cliDecoder(Path clip) {
        String log = runFfmpeg(List.of("-i", clip.toString(), "-frames:v", "1", "-f", "null", "-"));
        Matcher m = Pattern.compile("Stream #0:0 -> #0:0 \\((\\w+ \\(\\S+\\))").matcher(log);
        return m.find() ? m.group(1) : "unknown";
    }

    private static String runFfmpeg(List<String> args) {
        List<String> command = new ArrayList<>(List.of("ffmpeg"));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + String.join(" ", command) + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
