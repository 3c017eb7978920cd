package dev.worldlens.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python peer of the probe benchmark (PyTorch 1.13 and scikit-learn from Debian, bench/peers/probe_peer.py):
 * where the script is, whether its packages are installed, and its one-line JSON answer.
 */
final class ProbePeer {
    private static final String PYTHON = "/usr/bin/python3";
    static final String SCRIPT = "bench/peers/probe_peer.py";

    private ProbePeer() {
    }

    /**
     * The peer script, from the working directory or next to the project this library was built in (the script is
     * not packaged: walking up from this class's jar or classes folder reaches the checkout's root).
     */
    static Path find() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(SCRIPT));
        try {
            Path jar = Path.of(ProbePeer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                candidates.add(p.resolve(SCRIPT));
            }
        } catch (Exception ignored) {
            // no code source: only the working directory is tried
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    static boolean installed() {
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

    /** Runs the peer on the benchmark's sizes; its last line of output, or null (and a note on out) if it failed. */
    static String run(Path script, ProbeBenchmarkConfig c, int usedThreads, PrintStream out)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(PYTHON, script.toString(), "--threads", String.valueOf(usedThreads),
                "--n", String.valueOf(c.n()), "--width", String.valueOf(c.width()), "--actions", joined(c.actions()),
                "--steps", String.valueOf(c.steps()), "--batch", String.valueOf(c.batch()),
                "--ridge-n", String.valueOf(c.ridgeN()), "--ridge-width", String.valueOf(c.ridgeWidth()),
                "--ridge-actions", String.valueOf(c.ridgeActions()), "--rounds", String.valueOf(c.ridgeRounds()));
        out.println("running the peer (" + String.join(" ", cmd) + ") ...");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            out.println("peer failed (exit " + p.exitValue() + ")");
            return null;
        }
        String[] lines = text.split("\n");
        return lines[lines.length - 1];
    }

    /** The value of "key" in the peer's flat JSON line (numbers and strings only; keys are unique). */
    static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(\"([^\"]*)\"|[-+0-9.eE]+)").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    private static String joined(List<Integer> v) {
        StringBuilder s = new StringBuilder();
        for (int x : v) {
            s.append(s.length() == 0 ? "" : ",").append(x);
        }
        return s.toString();
    }
}
