package dev.worldlens.policy.predictor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.nn.train.RecordingProgress;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RunFolder;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.Checkpoint;
import dev.worldlens.nn.train.LossCurves;
import dev.worldlens.nn.train.LossLog;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.eval.TabletopInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SingleTorchThread.class)
class PredictorJobTest {
    private static final PredictorConfig CONFIG = PredictorConfig.tiny();

    @Test
    void trainsIntoARunFolderWithSampleGifsAndResumes(@TempDir Path dir) throws Exception {
        EpisodeSource source = TinyTabletop.episodes(4);
        Path run = dir.resolve("predictor");
        RecordingProgress progress = new RecordingProgress();
        PredictorJob.Outcome outcome = PredictorJob.run(CONFIG, source, TabletopInputs.instructions(), run, progress);
        assertEquals(List.of("load autoencoder data", "train autoencoder", "load clips", "train predictor"),
                progress.names());
        for (RecordingProgress.Recorded bar : progress.bars()) {
            assertTrue(bar.total() > 0 && bar.current() == bar.total() && bar.closed(), bar.name() + ": "
                    + bar.current() + " of " + bar.total());
            for (String m : bar.messages()) {
                assertTrue(m.startsWith("loss ") && Double.isFinite(Double.parseDouble(m.substring(5))), m);
            }
        }
        assertEquals(CONFIG.steps(), progress.bar("train predictor").messages().size());
        assertEquals(1, outcome.heldOutEpisodes().size());
        assertEquals(3, outcome.trainEpisodes().size());
        assertEquals(CONFIG.steps(), outcome.training().steps());
        for (String f : List.of(RunFolder.CONFIG, RunFolder.PROVENANCE, PredictorSpec.FILE, LossLog.FILE,
                LossCurves.FILE, "autoencoder/model.json", "autoencoder/" + LossLog.FILE)) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        assertEquals(CONFIG.steps(), Checkpoint.completedSteps(Checkpoint.latest(run)));
        JsonNode provenance = Json.JSON.readTree(run.resolve(RunFolder.PROVENANCE).toFile());
        assertTrue(provenance.get("finishedAt").isTextual());
        assertEquals(64, provenance.get("dataFingerprints").get("clips").asText().length());

        // one GIF per camera (sampleClips 1): 8 frames of real, autoencoded and predicted rows, scaled 8x
        assertEquals(2, outcome.samples().size());
        for (Path gif : outcome.samples()) {
            List<BufferedImage> frames = readGif(gif);
            assertEquals(CONFIG.frames(), frames.size(), gif.toString());
            assertEquals(16 * 8, frames.get(0).getWidth());
            assertEquals((3 * 16 + 2) * 8, frames.get(0).getHeight());
        }
        JsonNode index = Json.JSON.readTree(run.resolve("samples/samples.json").toFile());
        assertEquals("top", index.get("top-0.gif").get("camera").asText());
        assertEquals(outcome.heldOutEpisodes().get(0).intValue(), index.get("top-0.gif").get("episode").asInt());
        assertTrue(index.get("gripper-0.gif").get("instruction").asText().length() > 3);

        // the run folder opens as features for the policy
        try (PredictiveFeatures features = PredictiveFeatures.open(run, List.of("top", "gripper"));
             NDManager manager = Torch.newManager()) {
            var ep = source.episode(0);
            Observation o = new Observation(Map.of("top", ep.frames().frame("top", 0), "gripper",
                    ep.frames().frame("gripper", 0)), new float[0], ep.instructionAt(0));
            NDArray tokens = features.tokens(manager, List.of(o, o));
            assertEquals(List.of(2L, 8L, 8L, 48L), java.util.Arrays.stream(tokens.getShape().getShape()).boxed()
                    .toList());
        }

        // again on the finished folder: nothing is retrained, the log keeps its rows
        String log = Files.readString(run.resolve(LossLog.FILE));
        RecordingProgress rerun = new RecordingProgress();
        PredictorJob.Outcome again = PredictorJob.run(CONFIG, source, TabletopInputs.instructions(), run, rerun);
        assertEquals(List.of("load clips"), rerun.names(), "no training stage shows a bar");
        assertEquals(CONFIG.steps(), again.training().resumedFrom());
        assertEquals(log, Files.readString(run.resolve(LossLog.FILE)));
        assertEquals(CONFIG.frames(), readGif(again.samples().get(0)).size());

        // another config on the same folder is refused
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> PredictorJob.run(CONFIG.withSteps(21), source, TabletopInputs.instructions(), run,
                        Progress.NONE));
        assertTrue(refused.getMessage().contains("another config"), refused.getMessage());

        // the given task vocabulary's words have rows; another task vocabulary on the same folder is refused
        assertTrue(PredictorSpec.read(run).vocabulary().containsAll(TabletopInputs.vocabulary()));
        InvalidInputException otherWords = assertThrows(InvalidInputException.class, () -> PredictorJob.run(CONFIG,
                source, List.of("juggle the teapot"), run, Progress.NONE));
        assertTrue(otherWords.getMessage().contains("vocabulary"), otherWords.getMessage());
    }

    @Test
    void badInputIsNamed(@TempDir Path dir) {
        EpisodeSource one = TinyTabletop.episodes(1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PredictorJob.run(CONFIG, one, TabletopInputs.instructions(), dir.resolve("a"),
                        Progress.NONE));
        assertTrue(e.getMessage().contains("heldOutEpisodes"), e.getMessage());
        InvalidInputException notARun = assertThrows(InvalidInputException.class, () -> PredictorJob.run(
                CONFIG.withAutoencoderRun(dir.toString()), TinyTabletop.episodes(4), TabletopInputs.instructions(),
                dir.resolve("b"),
                Progress.NONE));
        assertTrue(notARun.getMessage().contains("autoencoderRun"), notARun.getMessage());
        InvalidInputException badConfig = assertThrows(InvalidInputException.class,
                () -> CONFIG.withSteps(0));
        assertTrue(badConfig.getMessage().contains("training"), badConfig.getMessage());
    }

    private static List<BufferedImage> readGif(Path gif) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            int n = reader.getNumImages(true);
            List<BufferedImage> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(reader.read(i));
            }
            return out;
        } finally {
            reader.dispose();
        }
    }
}
