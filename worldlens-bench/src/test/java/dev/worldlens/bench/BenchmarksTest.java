package dev.worldlens.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmarks as a library: configs, the peer's plumbing, and one run printing to a stream, without picocli. */
class BenchmarksTest {

    @Test
    void simBenchmarkPrintsEveryFigureToTheGivenStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SimBenchmark.run(new SimBenchmarkConfig(50, 1, 32, 16, 1), new PrintStream(bytes, true,
                StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        for (String figure : List.of("Tabletop simulator benchmark: top 32x32, gripper 16x16",
                "steps/s, physics + expert, no cameras (1 thread)", "steps/s, both cameras rendered (1 thread)",
                "frames/s, top camera render only", "frames/s, gripper camera render only",
                "episodes/min in memory, 1 thread", "episodes/min in memory, all cores",
                "episodes/min written as LeRobot v3.0, all cores")) {
            assertTrue(text.contains(figure), "missing '" + figure + "' in:\n" + text);
        }
    }

    @Test
    void configsKeepTheCommandLineDefaultsAndRejectWhatCannotRun() {
        ProbeBenchmarkConfig probe = ProbeBenchmarkConfig.defaults();
        assertEquals(List.of(4, 7), probe.actions());
        assertEquals(3, probe.ridgeRounds());
        assertTrue(probe.peer());
        assertEquals(5, ProbeBenchmarkConfig.builder().optRounds(5).build().ridgeRounds());
        assertThrows(IllegalArgumentException.class, () -> ProbeBenchmarkConfig.builder().optRidgeWidth(63).build());
        assertThrows(RuntimeException.class, () -> new PolicyInferenceBenchmarkConfig(null, "random-vit", 0));
        assertEquals(6, TrainBenchmarkConfig.defaults().families().size());
    }

    @Test
    void peerScriptIsFoundFromTheLibrarysOwnLocation() {
        // tests run in the module folder, where bench/peers/ is not: only the walk up from the classes can find it
        Path script = ProbePeer.find();
        assertNotNull(script);
        assertTrue(Files.isRegularFile(script));
        assertTrue(script.endsWith(ProbePeer.SCRIPT), script.toString());
    }

    @Test
    void peerFieldsAreReadFromItsJsonLine() {
        String json = "{\"torch\": \"1.13.1\", \"threads\": 2, \"mlp\": {\"4\": 1.5e+01, \"7\": 2.5}, \"ridge\": 0.004}";
        assertEquals("1.13.1", ProbePeer.field(json, "torch"));
        assertEquals("2", ProbePeer.field(json, "threads"));
        assertEquals("1.5e+01", ProbePeer.field(json, "4"));
        assertEquals("0.004", ProbePeer.field(json, "ridge"));
        assertNull(ProbePeer.field(json, "sklearn"));
    }

    @Test
    void cpuLoadNoteFlagsBusyMachinesAndIsEmptyWhenUnknown() {
        assertEquals("", CpuLoad.note(Double.NaN));
        assertTrue(CpuLoad.note(1.0).contains("timing disturbed"));
        assertFalse(CpuLoad.note(0.1).contains("timing disturbed"));
        double others = CpuLoad.start().otherCores();
        assertTrue(Double.isNaN(others) || others >= 0, "other cores: " + others);
    }
}
