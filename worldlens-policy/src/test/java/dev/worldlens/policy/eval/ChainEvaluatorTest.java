package dev.worldlens.policy.eval;

import dev.worldlens.nn.train.RecordingProgress;
import dev.worldlens.core.Progress;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.Policy;
import dev.worldlens.sim.TabletopWorld;
import dev.worldlens.sim.Task;
import dev.worldlens.sim.TaskOracle;
import dev.worldlens.sim.TaskType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainEvaluatorTest {
    private static final ChainConfig QUICK = ChainConfig.defaults().withChains(4).withCameras(32, 16).withGifs(1);

    @Test
    void expertCompletesEveryChain(@TempDir Path dir) throws Exception {
        RecordingProgress progress = new RecordingProgress();
        ChainResult r = ChainEvaluator.evaluate(new ExpertPolicy(), "expert", QUICK, dir, progress);
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 1.0), r.successRates(), r.toMarkdown());
        RecordingProgress.Recorded bar = progress.bar("chains expert in " + QUICK.scene());
        assertEquals(List.of(4L, 4L, true), List.of(bar.total(), bar.current(), bar.closed()));
        assertEquals("avg len 5.00", bar.messages().get(bar.messages().size() - 1));
        assertEquals(5.0, r.averageLength(), 1e-12);
        assertEquals(List.of(5, 5, 5, 5), r.completed());
        int attempted = 0;
        for (ChainResult.TaskCount c : r.perTask().values()) {
            assertEquals(c.attempted(), c.succeeded());
            attempted += c.attempted();
        }
        assertEquals(20, attempted);
        assertTrue(r.toMarkdown().contains("| expert | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 5.00 [5.00, 5.00] |"),
                r.toMarkdown());
        // the GIF of chain 0 decodes, one frame per step plus one closing frame per task
        assertEquals(List.of("rollout-000.gif"), r.gifs());
        try (ImageInputStream in = ImageIO.createImageInputStream(dir.resolve("rollout-000.gif").toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            int frames = reader.getNumImages(true);
            assertTrue(frames > 5, "frames " + frames);
            assertEquals(96, reader.read(0).getWidth());
        }
        r.write(dir);
        var json = dev.worldlens.core.Json.JSON.readTree(dir.resolve("results.json").toFile());
        assertEquals(5.0, json.get("averageLength").asDouble(), 1e-12, json.toString());
        assertEquals(4, json.get("completed").size());
        assertTrue(Files.readString(dir.resolve("results.md")).startsWith("| policy | 1 | 2 | 3 | 4 | 5 | Avg. Len [95% CI] |"));
    }

    @Test
    void theExpertPlanningWholeChunksOpenLoopStillCompletesChains() {
        ChainConfig config = QUICK.withChains(8).withGifs(0);
        ChainResult r = ChainEvaluator.evaluate(NamedPolicy.open(NamedPolicy.EXPERT_CHUNK), "expert-chunk", config,
                null, dev.worldlens.core.Progress.NONE);
        assertTrue(r.averageLength() >= 4.5, r.toMarkdown());
        // ten actions per call: far fewer calls than steps
        assertTrue(r.policyCalls() * 5 < r.envSteps(), r.policyCalls() + " calls for " + r.envSteps() + " steps");
    }

    @Test
    void theAverageLengthComesWithABootstrapInterval() {
        List<Integer> half = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            half.add(i % 2);
        }
        ChainResult r = new ChainResult("p", QUICK, List.of(0.5, 0.0, 0.0, 0.0, 0.0), 0.5, java.util.Map.of(), half,
                0, 0, 0, 0, 0, List.of());
        double[] ci = r.averageLengthInterval();
        // the binomial standard error is 0.05, so the interval is about 0.5 +- 0.1
        assertEquals(0.40, ci[0], 0.025);
        assertEquals(0.60, ci[1], 0.025);
        assertEquals(List.of(ci[0], ci[1]), java.util.Arrays.stream(r.averageLengthInterval()).boxed().toList(),
                "one result, one interval");
        assertTrue(r.toMarkdown().contains(String.format(java.util.Locale.ROOT, "0.50 [%.2f, %.2f]", ci[0], ci[1])));
    }

    @Test
    void randomActionsRarelyCompleteATask() {
        ChainResult r = ChainEvaluator.evaluate(new RandomPolicy(10, 4, 1), QUICK.withChains(10), Progress.NONE);
        assertTrue(r.averageLength() < 0.5, r.toMarkdown());
        assertTrue(r.successRates().get(1) <= 0.1, r.toMarkdown());
        assertEquals(r.successRates().stream().mapToDouble(Double::doubleValue).sum(), r.averageLength(), 1e-12);
    }

    @Test
    void chainsAreFeasibleDistinctAndDeterministic() {
        ChainConfig c = QUICK.withChains(5);
        List<TaskChain> a = ChainSampler.sample(c);
        assertEquals(a, ChainSampler.sample(c));
        assertNotEquals(a, ChainSampler.sample(c.withSeed(1)));
        for (TaskChain chain : a) {
            assertEquals(5, chain.tasks().size());
            Set<TaskType> types = new HashSet<>();
            for (Task t : chain.tasks()) {
                assertTrue(types.add(t.type()), "a task type repeats in " + chain);
            }
            assertTrue(TaskOracle.canStart(chain.tasks().get(0), chain.newWorld(c.scene(), c.setting())));
        }
        // in the evaluation every task handed to the policy can start where the previous one ended
        CheckingExpert checking = new CheckingExpert();
        ChainResult r = ChainEvaluator.evaluate(checking, c, Progress.NONE);
        assertEquals(25, checking.tasks.size());
        assertTrue(checking.infeasible.isEmpty(), "tasks that could not start: " + checking.infeasible);
        assertEquals(5.0, r.averageLength(), 1e-12);
        // the expert that drew the chains and the one evaluated differ in their noise, so a few plans may change
        assertTrue(r.substitutions() <= 3, "substitutions " + r.substitutions());
    }

    /** The expert, noting every task it is given and whether it could start. */
    private static final class CheckingExpert implements PrivilegedPolicy {
        final ExpertPolicy expert = new ExpertPolicy();
        final List<String> tasks = new ArrayList<>();
        final List<String> infeasible = new ArrayList<>();

        @Override
        public void beginTask(Task task, TabletopWorld world) {
            tasks.add(task.id());
            if (!TaskOracle.canStart(task, world)) {
                infeasible.add(task.id());
            }
            expert.beginTask(task, world);
        }

        @Override
        public float[][] act(Observation observation) {
            return expert.act(observation);
        }

        @Override
        public void reset() {
            expert.reset();
        }
    }

    @Test
    void sameSeedSameResultsAndChunkPrefixIsHonoured() {
        CountingPolicy p1 = new CountingPolicy();
        ChainResult a = ChainEvaluator.evaluate(p1, QUICK.withChains(3).withExecuteSteps(3), Progress.NONE);
        CountingPolicy p2 = new CountingPolicy();
        ChainResult b = ChainEvaluator.evaluate(p2, QUICK.withChains(3).withExecuteSteps(3), Progress.NONE);
        assertEquals(a.completed(), b.completed());
        assertEquals(a.envSteps(), b.envSteps());
        assertEquals(a.perTask(), b.perTask());
        assertEquals(a.successRates(), b.successRates());
        // 10-action chunks, 3 executed: about a third as many calls as steps (every chain fails its first task)
        assertEquals(3L * QUICK.stepsPerTask(), a.envSteps());
        assertEquals((QUICK.stepsPerTask() + 2) / 3 * 3L, a.policyCalls());
        assertEquals(a.policyCalls(), p1.calls);
        assertTrue(p1.instructions.stream().allMatch(s -> !s.isEmpty()));
    }

    @Test
    void malformedChunksAreRefusedWithTheReason() {
        Policy threeValues = o -> new float[][]{{0, 0, 0}};
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ChainEvaluator.evaluate(threeValues, QUICK.withChains(1), Progress.NONE));
        assertTrue(e.getMessage().contains("has 3 values; a Tabletop action has 4"), e.getMessage());
        Policy nan = o -> new float[][]{{0, Float.NaN, 0, 0}};
        e = assertThrows(IllegalStateException.class,
                () -> ChainEvaluator.evaluate(nan, QUICK.withChains(1), Progress.NONE));
        assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    }

    /** Holds still; records what it was asked. */
    private static final class CountingPolicy implements Policy {
        int calls;
        final List<String> instructions = new ArrayList<>();

        @Override
        public float[][] act(Observation observation) {
            calls++;
            instructions.add(observation.instruction());
            assertEquals(Set.of("top", "gripper"), observation.images().keySet());
            return new float[10][4];
        }
    }
}
