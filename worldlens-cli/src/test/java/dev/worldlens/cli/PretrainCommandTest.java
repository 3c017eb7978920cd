package dev.worldlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pretrain, +ID fine-tuning from a finished run, and encode --encoder RUN, at tiny size on Tabletop. */
class PretrainCommandTest {
    @TempDir
    static Path dir;
    static Path data;
    static final String FAMILY = "videomae";

    @BeforeAll
    static void generate() {
        data = dir.resolve("data");
        CliRun run = CliRun.of("sim", "generate", "--out", data.toString(), "--episodes", "16", "--setting",
                "randomised", "--top-size", "32", "--gripper-size", "16", "--seed", "4", "--quiet");
        assertEquals(0, run.exitCode(), run.err());
    }

    private static String[] pretrain(Path out, String... more) {
        String[] base = {"pretrain", "--family", FAMILY, "--data", data.toString(), "--out", out.toString(),
                "--image-size", "32", "--width", "32", "--depth", "2", "--heads", "2", "--batch", "4"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void pretrainFineTuneWithIdAndEncodeTheTrainedRuns() throws Exception {
        Path run = dir.resolve("mae");
        CliRun p = CliRun.of(pretrain(run, "--steps", "20"));
        assertEquals(0, p.exitCode(), p.err());
        for (String f : new String[]{"config.yaml", "provenance.json", "model.json", "checkpoint/step.txt",
                "losses.csv", "loss-curves.png"}) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        assertTrue(p.out().contains("resumed at 0"), p.out());
        // the job's bars: frames loaded, then the steps with the loss
        assertTrue(p.err().lines().anyMatch(l -> l.contains("load frames")), p.err());
        assertTrue(p.err().lines().anyMatch(l -> l.contains("pretrain " + FAMILY) && l.contains("20/20")
                && l.contains("loss ")), p.err());
        String provenance = Files.readString(run.resolve("provenance.json"));
        CliRun again = CliRun.of(pretrain(run, "--steps", "20"));
        assertEquals(provenance, Files.readString(run.resolve("provenance.json")),
                "reusing a finished run keeps the provenance of the run that made it");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("resumed at 20"), again.out());
        assertTrue(again.out().contains("already finished") && !again.out().contains("NaN"), again.out());
        assertTrue(again.err().lines().noneMatch(l -> l.contains("pretrain " + FAMILY) && l.contains("%")),
                "a finished run shows no training bar: " + again.err());

        Path id = dir.resolve("mae-id");
        CliRun ft = CliRun.of(pretrain(id, "--steps", "10", "--init", run.toString(), "--id-weight", "1"));
        assertEquals(0, ft.exitCode(), ft.err());
        assertTrue(ft.err().lines().anyMatch(l -> l.contains("pretrain " + FAMILY + " +id-l1") && l.contains("%")),
                ft.err());
        String header = Files.readAllLines(id.resolve("losses.csv")).get(0);
        assertTrue(header.contains("id-l1") && header.contains(FAMILY), header);

        Path feats = dir.resolve("feats");
        CliRun enc = CliRun.of("encode", "--encoder", run.toString(), "--data", data.toString(), "--out",
                feats.toString());
        assertEquals(0, enc.exitCode(), enc.err());
        JsonNode card = Json.JSON.readTree(feats.resolve("store.json").toFile()).get("encoder");
        assertEquals(FAMILY, card.get("family").asText());
        assertEquals(2, card.get("layers").asInt());
        Path featsId = dir.resolve("feats-id");
        CliRun encId = CliRun.of("encode", "--encoder", id.toString(), "--data", data.toString(), "--out",
                featsId.toString());
        assertEquals(0, encId.exitCode(), encId.err());
        JsonNode cardId = Json.JSON.readTree(featsId.resolve("store.json").toFile()).get("encoder");
        assertEquals(FAMILY + "+id-l1", cardId.get("family").asText());
        assertNotEquals(card.get("name").asText(), cardId.get("name").asText());
    }

    @Test
    void badOptionsNameTheProblem() {
        CliRun unknown = CliRun.of(pretrain(dir.resolve("bad1"), "--steps", "2", "--id-weight", "1", "--aux",
                "telepathy"));
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.err().contains("--aux") && unknown.err().contains("telepathy"), unknown.err());
        CliRun family = CliRun.of("pretrain", "--family", "resnet", "--data", data.toString(), "--out",
                dir.resolve("bad2").toString());
        assertNotEquals(0, family.exitCode());
        assertTrue(family.err().contains("unknown family 'resnet'"), family.err());
        CliRun unfinished = CliRun.of("encode", "--encoder", dir.resolve("bad1").toString(), "--data",
                data.toString(), "--out", dir.resolve("bad-feats").toString());
        assertNotEquals(0, unfinished.exitCode());
    }
}
