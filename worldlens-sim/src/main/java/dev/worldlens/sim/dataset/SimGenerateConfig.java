package dev.worldlens.sim.dataset;

import dev.worldlens.sim.ExpertStyle;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;

import java.util.List;

/**
 * Everything that determines a generated dataset; written to config.yaml, and a folder is only resumed with the
 * same config. The defaults of {@code worldlens sim generate} live here and nowhere else.
 */
public record SimGenerateConfig(String scenes, String setting, int episodes, long seed, int topSize, int gripperSize,
                         int playTasks, int maxSteps, int episodesPerFile) {

    public static final String DEFAULT_SCENES = "A,B,C";
    public static final String DEFAULT_SETTING = "static";
    public static final int DEFAULT_EPISODES = 100;
    public static final int DEFAULT_TOP = 64;
    public static final int DEFAULT_GRIPPER = 32;
    public static final int DEFAULT_MAX_STEPS = 240;
    public static final int DEFAULT_PER_FILE = 50;

    public GeneratorConfig generatorConfig() {
        List<Scene> list = Scene.parseList(scenes);
        return new GeneratorConfig(list, Setting.parse(setting), topSize, gripperSize, playTasks, maxSteps,
                ExpertStyle.DEFAULT, true);
    }

    /** Normalised so that "a, b" and "A,B" name the same config. */
    public SimGenerateConfig normalised() {
        StringBuilder sb = new StringBuilder();
        for (Scene s : Scene.parseList(scenes)) {
            sb.append(sb.length() > 0 ? "," : "").append(s.name());
        }
        return new SimGenerateConfig(sb.toString(), Setting.parse(setting).label(), episodes, seed, topSize,
                gripperSize, playTasks, maxSteps, episodesPerFile);
    }
}
