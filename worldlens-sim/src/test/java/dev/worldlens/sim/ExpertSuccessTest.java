package dev.worldlens.sim;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every task type's scripted expert succeeds from at least 95% of 50 random valid starts, in every scene. */
class ExpertSuccessTest {
    private static final int STARTS = 50;

    @Test
    @Tag("slow")
    void everyTaskTypeSucceedsFromRandomStartsInEveryScene() {
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder("task type                  A     B     C     D\n");
        for (TaskType type : TaskType.values()) {
            table.append(String.format("%-24s", type.id()));
            for (Scene scene : Scene.values()) {
                double rate = successRate(type, scene, Setting.STATIC, 1000L * type.ordinal() + scene.ordinal());
                table.append(String.format(" %5.2f", rate));
                if (rate < 0.95) {
                    failures.add(type.id() + " in " + scene + ": " + rate);
                }
            }
            table.append('\n');
        }
        System.out.println(table);
        assertTrue(failures.isEmpty(), "expert success below 95%: " + failures);
    }

    @Test
    void expertsAlsoSucceedInTheRandomisedSetting() {
        List<String> failures = new ArrayList<>();
        for (TaskType type : TaskType.values()) {
            double rate = successRate(type, Scene.D, Setting.RANDOMISED, 77L + type.ordinal());
            if (rate < 0.95) {
                failures.add(type.id() + ": " + rate);
            }
        }
        assertTrue(failures.isEmpty(), "randomised-setting expert success below 95%: " + failures);
    }

    /**
     * With each decision held for two world steps the scripts plan per decision and still succeed; the oracles judge
     * the end state as before. Per cell 90% of 50 starts (the pushes run at 97.5-99.5% over 200 starts with either
     * repeat, so 50 starts can dip under 95% by chance), and 97% over all cells.
     */
    @Test
    void expertsSucceedWithActionRepeatTwo() {
        ActionLabelling repeat = new ActionLabelling(ActionLabels.EXECUTED, ActionFrame.WORLD, 2);
        List<String> failures = new ArrayList<>();
        double sum = 0;
        int cells = 0;
        for (TaskType type : TaskType.values()) {
            for (Scene scene : List.of(Scene.A, Scene.D)) {
                Setting setting = scene == Scene.A ? Setting.STATIC : Setting.RANDOMISED;
                GeneratorConfig config = GeneratorConfig.of(List.of(scene), setting).withoutRendering()
                        .withLabelling(repeat);
                double rate = successRate(config, type, scene, 300L + type.ordinal());
                sum += rate;
                cells++;
                if (rate < 0.9) {
                    failures.add(type.id() + " in " + scene + ": " + rate);
                }
            }
        }
        assertTrue(failures.isEmpty(), "expert success with action repeat 2 below 90%: " + failures);
        assertTrue(sum / cells >= 0.97, "mean expert success with action repeat 2: " + sum / cells);
    }

    static double successRate(TaskType type, Scene scene, Setting setting, long seed) {
        return successRate(GeneratorConfig.of(List.of(scene), setting).withoutRendering(), type, scene, seed);
    }

    static double successRate(GeneratorConfig config, TaskType type, Scene scene, long seed) {
        EpisodeGenerator gen = new EpisodeGenerator(config, 0);
        SplittableRandom rng = new SplittableRandom(seed);
        int ok = 0;
        int n = 0;
        int tries = 0;
        while (n < STARTS && tries < STARTS * 20) {
            tries++;
            int block = type.needsBlock() ? rng.nextInt(3) : -1;
            EpisodeGenerator.Recording rec = gen.demonstrate(new Task(type, block), scene, rng);
            if (rec == null) {
                continue;
            }
            n++;
            if (rec.lastSucceeded()) {
                ok++;
            }
        }
        assertTrue(n == STARTS, type.id() + " in " + scene + ": only " + n + " valid starts found");
        return ok / (double) n;
    }
}
