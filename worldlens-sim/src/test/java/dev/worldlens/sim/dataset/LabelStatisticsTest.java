package dev.worldlens.sim.dataset;

import dev.worldlens.core.Episode;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.TaskType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's figures on the quick study's dataset (scenes A,B,C, randomised, 48 episodes, seed 1): per task family,
 * the variance of each label dimension under commanded and executed labels, and the share of steps where they part
 * by more than 0.05 in dx, dy or dyaw. Labels do not depend on the cameras (the renderer draws no random numbers), so
 * the episodes are rendered at 8 px; the first is checked against 64 px. {@code -Dlabels.episodes=N} measures N
 * episodes instead of 48 (48 holds no drawer task).
 */
class LabelStatisticsTest {
    @Test
    @Tag("slow")
    void quickStudyLabelsCommandedVersusExecuted() {
        int episodes = Integer.getInteger("labels.episodes", 48);
        SimGenerateConfig base = quickData(episodes).build();
        SimGenerateConfig commanded = quickData(episodes).optLabels("commanded").build();
        SimGenerateConfig quiet = quickData(episodes).optExpertNoise(0).build();
        EpisodeGenerator exec = new EpisodeGenerator(base.generatorConfig(), base.seed());
        EpisodeGenerator cmd = new EpisodeGenerator(commanded.generatorConfig(), commanded.seed());
        EpisodeGenerator noNoise = new EpisodeGenerator(quiet.generatorConfig(), quiet.seed());
        GeneratorConfig full = base.generatorConfig().withCameras(64, 64);
        assertArrayEquals(new EpisodeGenerator(full, 1).generate(0).actions(), exec.generate(0).actions());

        Map<String, List<float[]>> execByFamily = new TreeMap<>();
        Map<String, List<float[]>> cmdByFamily = new TreeMap<>();
        Map<String, List<float[]>> quietByFamily = new TreeMap<>();
        for (int i = 0; i < base.episodes(); i++) {
            Episode e = exec.generate(i);
            Episode c = cmd.generate(i);
            Episode q = noNoise.generate(i);
            assertArrayEquals(e.states(), c.states(), "labels never change what happens");
            String family = family(e.extras().get("task_id"));
            for (String f : List.of(family, "~all")) {
                execByFamily.computeIfAbsent(f, k -> new ArrayList<>()).addAll(List.of(e.actions()));
                cmdByFamily.computeIfAbsent(f, k -> new ArrayList<>()).addAll(List.of(c.actions()));
            }
            for (String f : List.of(family(q.extras().get("task_id")), "~all")) {
                quietByFamily.computeIfAbsent(f, k -> new ArrayList<>()).addAll(List.of(q.actions()));
            }
        }
        StringBuilder table = new StringBuilder(String.format("%-13s %5s  %-27s  %-27s  %-6s %-6s %-6s %-6s %-5s  %s%n",
                "family", "steps", "var commanded dx dy dyaw g", "var executed dx dy dyaw g", ">.05", "dx", "dy",
                "dyaw", "max", "var dyaw executed, noise 0"));
        for (String f : execByFamily.keySet()) {
            List<float[]> e = execByFamily.get(f);
            List<float[]> c = cmdByFamily.get(f);
            double[] ve = variance(e);
            double[] vc = variance(c);
            double[] differs = new double[4];
            double largest = 0;
            for (int t = 0; t < e.size(); t++) {
                boolean any = false;
                for (int d = 0; d < 3; d++) {
                    double gap = Math.abs(e.get(t)[d] - c.get(t)[d]);
                    largest = Math.max(largest, gap);
                    boolean apart = gap > 0.05;
                    differs[d + 1] += apart ? 1 : 0;
                    any |= apart;
                }
                differs[0] += any ? 1 : 0;
                assertEquals(c.get(t)[3], e.get(t)[3], "the gripper label is the command either way");
            }
            List<float[]> q = quietByFamily.get(f);
            table.append(String.format("%-13s %5d  %6.4f %6.4f %6.4f %6.4f  %6.4f %6.4f %6.4f %6.4f  %.4f %.4f %.4f"
                            + " %.4f  %.3f  %s%n", f, e.size(), vc[0], vc[1], vc[2], vc[3], ve[0], ve[1], ve[2], ve[3],
                    differs[0] / e.size(), differs[1] / e.size(), differs[2] / e.size(), differs[3] / e.size(),
                    largest, q == null ? "-" : String.format("%.5f", variance(q)[2])));
        }
        System.out.print(table);
        // without noise the tasks that never turn the gripper have no yaw motion to label at all
        for (String still : List.of("push", "led")) {
            assertEquals(0.0, variance(quietByFamily.get(still))[2], 0.0, still);
            assertTrue(variance(execByFamily.get(still))[2] > 0.001, still + ": the default noise turns the gripper");
        }
    }

    private static SimGenerateConfig.Builder quickData(int episodes) {
        return SimGenerateConfig.builder().optScenes("A,B,C").optSetting("randomised").optEpisodes(episodes)
                .optSeed(1).optTopSize(8).optGripperSize(8);
    }

    static String family(String taskId) {
        TaskType type = TaskType.parse(taskId.contains("/") ? taskId.substring(0, taskId.indexOf('/')) : taskId);
        return switch (type) {
            case PUSH_LEFT, PUSH_RIGHT, PUSH_BACK, PUSH_FRONT -> "push";
            case ROTATE_LEFT, ROTATE_RIGHT -> "rotate";
            case LIFT, PLACE_LEFT, PLACE_RIGHT -> "pick_place";
            case PUT_IN_DRAWER, TAKE_FROM_DRAWER -> "drawer_block";
            case OPEN_DRAWER, CLOSE_DRAWER -> "drawer";
            case LED_ON, LED_OFF -> "led";
            case LAMP_ON, LAMP_OFF -> "lamp";
        };
    }

    static double[] variance(List<float[]> rows) {
        double[] mean = new double[4];
        double[] sq = new double[4];
        for (float[] r : rows) {
            for (int d = 0; d < 4; d++) {
                mean[d] += r[d];
                sq[d] += (double) r[d] * r[d];
            }
        }
        double[] v = new double[4];
        for (int d = 0; d < 4; d++) {
            mean[d] /= rows.size();
            v[d] = sq[d] / rows.size() - mean[d] * mean[d];
        }
        return v;
    }
}
