package dev.worldlens.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed options and folders found by trying the CLI as a new user: each fails at once, naming the option or
 * folder and what was expected, without a stack trace, without hanging, and without leaving an output folder that
 * would block the corrected command.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedInputTest {
    @TempDir
    static Path shared;
    private static Path small;

    @BeforeAll
    static void dataset() {
        small = shared.resolve("small");
        assertEquals(0, CliRun.of("sim", "generate", "--out", small.toString(), "--scenes", "A", "--episodes", "2",
                "--top-size", "8", "--gripper-size", "8", "--max-steps", "20", "--quiet").exitCode());
    }

    private static void assertRefused(CliRun run, Path mustNotExist, String... fragments) {
        assertEquals(2, run.exitCode(), "exit code; stderr: " + run.err());
        for (String f : fragments) {
            assertTrue(run.err().contains(f), "expected '" + f + "' in: " + run.err());
        }
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        if (mustNotExist != null) {
            assertFalse(Files.exists(mustNotExist), mustNotExist + " was left behind");
        }
    }

    /** The smoke study preset with one piece of text replaced, written to {@code file}. */
    private static Path smokeWith(Path file, String from, String to) throws Exception {
        String smoke = new String(MalformedInputTest.class.getResourceAsStream("/study/smoke.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(smoke.contains(from), from);
        return Files.writeString(file, smoke.replace(from, to));
    }

    @Test
    void anEncoderBatchBelowOneIsRefusedBeforeAnyWork(@TempDir Path dir) {
        for (String batch : new String[]{"0", "-1"}) {
            Path out = dir.resolve("feats" + batch);
            assertRefused(CliRun.of("encode", "--data", small.toString(), "--encoder", "raw:8", "--out",
                    out.toString(), "--batch", batch), out, "--batch", "at least 1");
        }
    }

    @Test
    void simGenerateBoundsItsSizesAndCounts(@TempDir Path dir) {
        Path out = dir.resolve("ds");
        assertRefused(CliRun.of("sim", "generate", "--out", out.toString(), "--max-steps", "0"), out,
                "--max-steps", "at least 1");
        assertRefused(CliRun.of("sim", "generate", "--out", out.toString(), "--play-tasks", "-1"), out,
                "--play-tasks", "0");
        assertRefused(CliRun.of("sim", "generate", "--out", out.toString(), "--top-size", "100000"), out,
                "--top-size", "4..1024");
        assertRefused(CliRun.of("sim", "generate", "--out", out.toString(), "--gripper-size", "0"), out,
                "--gripper-size", "4..1024");
        assertRefused(CliRun.of("sim", "generate", "--out", out.toString(), "--episodes", "2000000000"), out,
                "--episodes", "at most 100000");
    }

    @Test
    void convertingADatasetOntoItselfLeavesItUntouched() throws Exception {
        long before;
        try (var files = Files.list(small)) {
            before = files.count();
        }
        assertRefused(CliRun.of("data", "convert", small.toString(), small.toString()), null, "input dataset");
        assertRefused(CliRun.of("data", "convert", small.toString(), small.resolve("inside").toString()),
                small.resolve("inside"), "input dataset");
        try (var files = Files.list(small)) {
            assertEquals(before, files.count(), "nothing added to the input");
        }
    }

    @Test
    void convertingIntoAnotherDatasetsFolderIsRefused(@TempDir Path dir) throws Exception {
        // the case of the issue: a folder holding another dataset whose config.yaml was removed
        Path big = dir.resolve("big");
        assertEquals(0, CliRun.of("sim", "generate", "--out", big.toString(), "--scenes", "A", "--episodes", "3",
                "--top-size", "8", "--gripper-size", "8", "--max-steps", "20", "--seed", "3", "--quiet").exitCode());
        Files.delete(big.resolve("config.yaml"));
        assertRefused(CliRun.of("data", "convert", small.toString(), big.toString()), big.resolve("config.yaml"),
                big.toString(), "no `data convert` made");
        // an empty folder is fine
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(0, CliRun.of("data", "convert", small.toString(), empty.toString()).exitCode());
    }

    @Test
    void aNegativeProbeBudgetIsRefused(@TempDir Path dir) {
        Path out = dir.resolve("probe");
        assertRefused(CliRun.of("probe", "--data", small.toString(), "--encoders", "raw:8", "--budget", "-5",
                "--out", out.toString()), out, "--budget", "0 (every training episode) or more");
    }

    @Test
    void aStudyBudgetBelowOneIsRefusedNamingItsPlace(@TempDir Path dir) throws Exception {
        Path config = smokeWith(dir.resolve("bad.yaml"), "budgets: [3, 6]", "budgets: [3, -6]");
        Path out = dir.resolve("study");
        assertRefused(CliRun.of("study", "--config", config.toString(), "--out", out.toString()), out,
                "bad.yaml", "budgets[1]", "at least 1");
    }

    @Test
    void aStudyConfigOfOnlyAPresetNameNamesWhatIsMissing(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("only.yaml"), "preset: smoke\n");
        Path out = dir.resolve("study");
        CliRun run = CliRun.of("study", "--config", config.toString(), "--out", out.toString());
        assertRefused(run, out, "only.yaml", "data.episodes", "got none");
        assertFalse(run.err().contains("NullPointer") || run.err().contains("Cannot invoke"), run.err());
    }

    @Test
    void aLearningRateThatIsNotANumberIsRefused(@TempDir Path dir) {
        for (String lr : new String[]{"NaN", "-1e-3", "Infinity"}) {
            Path out = dir.resolve("pt" + lr);
            assertRefused(CliRun.of("pretrain", "--family", "vae", "--data", small.toString(), "--out",
                    out.toString(), "--steps", "1", "--split", "episode", "--lr", lr), out, "--lr",
                    "positive finite");
        }
    }

    @Test
    void anUnknownFamilyInAStudyConfigIsRefusedBeforeAnyDataIsMade(@TempDir Path dir) throws Exception {
        Path config = smokeWith(dir.resolve("gan.yaml"), "family: vae", "family: gan");
        Path out = dir.resolve("study");
        assertRefused(CliRun.of("study", "--config", config.toString(), "--out", out.toString()), out,
                "gan.yaml", "families[4].family", "unknown family 'gan'");
    }

    /**
     * Options out of range or of unknown values, one command each: {DATA} is a small dataset, {OUT} an output folder
     * that must not exist afterwards; the rest of each row are fragments the message must hold.
     */
    private static final String[][] BAD_OPTIONS = {
            {"sim generate --out {OUT} --scenes A,E", "--scenes", "'E'"},
            {"sim generate --out {OUT} --expert-noise 5", "--expert-noise", "5"},
            {"sim generate --out {OUT} --action-repeat 0", "--action-repeat"},
            {"sim generate --out {OUT} --labels sometimes", "--labels", "sometimes"},
            {"sim generate --out {OUT} --action-frame sideways", "--action-frame", "sideways"},
            {"sim generate --out {OUT} --episodes-per-file 0", "--episodes-per-file", "at least 1"},
            {"sim generate --out {OUT} --balanced", "--balanced", "play episodes"},
            {"encode --data {DATA} --encoder nonsense --out {OUT}", "nonsense"},
            {"encode --data {DATA}-missing --encoder raw:8 --out {OUT}", "-missing", "does not exist"},
            {"encode --data {DATA} --encoder raw:8 --camera nosuch --out {OUT}", "nosuch"},
            {"pretrain --family gan --data {DATA} --out {OUT}", "--family", "gan"},
            {"pretrain --family vae --data {DATA} --out {OUT} --steps 0", "--steps", "at least 1"},
            {"pretrain --family vae --data {DATA} --out {OUT} --batch 0", "--batch", "at least 1"},
            {"pretrain --family vae --data {DATA} --out {OUT} --split sideways", "--split", "sideways"},
            {"probe --data {DATA} --encoders raw:8 --split sideways --out {OUT}", "--split", "sideways"},
            {"probe --data {DATA} --out {OUT}", "--encoders"},
            {"policy train --data {DATA} --features task-frame --out {OUT} --lr 0", "--lr", "positive"},
            {"policy train --data {DATA} --features task-frame --out {OUT} --rollout-chains -1", "--rollout-chains"},
            {"policy train --data {DATA} --features task-frame --out {OUT} --instructions klingon", "--instructions",
                    "klingon"},
            {"policy train --data {DATA} --features task-frame --out {OUT} --hold-out-phrasing 7",
                    "--hold-out-phrasing", "7"},
            {"policy train --data {DATA} --features task-frame --out {OUT} --sample-stride 0", "--sample-stride",
                    "1 or more"},
            {"policy train --data {DATA} --features task-frame --out {OUT} --validation-fraction 1",
                    "--validation-fraction"},
            {"policy train-predictor --data {DATA} --size huge --out {OUT}", "huge", "quick, medium, tiny"},
            {"data convert {DATA} {OUT} --episodes-per-file 0", "--episodes-per-file", "at least 1"},
            {"data convert {DATA} {OUT} --video vp9", "--video", "av1 or h264", "vp9"},
            {"study --preset huge --out {OUT}", "huge"},
            {"policy study --preset huge --out {OUT}", "huge", "smoke"},
            {"bench video-dataset --out {OUT} --video vp9", "--video", "vp9"},
            {"bench video-dataset --out {OUT} --episodes 0", "--episodes"},
            {"sim generate --out {OUT} --top-size 3", "--top-size", "4..1024"},
            {"sim generate --out {OUT} --max-steps -1", "--max-steps", "at least 1"},
            {"sim generate --out {OUT} --setting chaotic", "--setting", "chaotic"},
            {"sim generate --out {OUT} --seed abc", "--seed", "abc"},
            {"encode --data {DATA} --encoder raw:8 --layer abc --out {OUT}", "--layer", "abc"},
            {"pretrain --family vae --data {DATA} --out {OUT} --split episode --weight-decay -1", "--weight-decay",
                    "0 or more"},
            {"pretrain --family vae --data {DATA} --out {OUT} --split episode --image-size 0", "--image-size",
                    "at least 1"},
            {"pretrain --family vae --data {DATA}-missing --out {OUT}", "-missing", "does not exist"},
            {"policy eval --policy nonsense --out {OUT}", "nonsense"},
            {"policy eval --policy expert --chains 0 --out {OUT}", "--chains"},
            {"policy eval --policy expert --scene Z --out {OUT}", "--scene", "Z"},
            {"policy eval --policy expert --phrasing 9 --out {OUT}", "--phrasing", "9"},
            {"policy train-predictor --data {DATA} --size tiny --steps 0 --out {OUT}", "--steps"},
            {"policy train --data {DATA} --features nonsense --out {OUT}", "nonsense"},
            {"data info {DATA}-missing", "-missing", "does not exist"},
            {"study --config {OUT}.yaml --out {OUT}", ".yaml", "no such config file"},
            {"policy study --config {OUT}.yaml --out {OUT}", ".yaml", "no such config file"},
    };

    @Test
    void everyBadOptionIsRefusedNamingItBeforeAnyOutputIsMade(@TempDir Path dir) {
        java.util.List<String> failures = new java.util.ArrayList<>();
        for (int i = 0; i < BAD_OPTIONS.length; i++) {
            String[] row = BAD_OPTIONS[i];
            Path out = dir.resolve("out" + i);
            String[] args = row[0].replace("{DATA}", small.toString()).replace("{OUT}", out.toString()).split(" ");
            CliRun run = CliRun.of(args);
            StringBuilder problem = new StringBuilder();
            if (run.exitCode() != 2) {
                problem.append(" exit ").append(run.exitCode());
            }
            for (int f = 1; f < row.length; f++) {
                if (!run.err().contains(row[f])) {
                    problem.append(" lacks '").append(row[f]).append("'");
                }
            }
            if (run.err().contains("\tat ")) {
                problem.append(" stack trace");
            }
            if (Files.exists(out)) {
                problem.append(" left ").append(out.getFileName());
            }
            if (problem.length() > 0) {
                failures.add(row[0] + ":" + problem + " | " + run.err().strip().replace('\n', ' '));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + BAD_OPTIONS.length + ":\n"
                + String.join("\n", failures));
    }

    @Test
    void aMisspeltStudyKeyIsNamedByItsYamlPathNotAJavaClass(@TempDir Path dir) throws Exception {
        Path config = smokeWith(dir.resolve("typo.yaml"), "budgets:", "budgetz:");
        Path out = dir.resolve("study");
        CliRun run = CliRun.of("study", "--config", config.toString(), "--out", out.toString());
        assertRefused(run, out, "typo.yaml", "unknown field 'budgetz'", "budgets");
        assertFalse(run.err().contains("dev.worldlens") || run.err().contains("$"), run.err());
        Path nested = smokeWith(dir.resolve("nested.yaml"), "episodes:", "episodez:");
        CliRun inData = CliRun.of("study", "--config", nested.toString(), "--out", out.toString());
        assertRefused(inData, out, "nested.yaml", "field 'data.episodez'", "unknown field 'episodez'");
        assertFalse(inData.err().contains("dev.worldlens"), inData.err());
    }
}
