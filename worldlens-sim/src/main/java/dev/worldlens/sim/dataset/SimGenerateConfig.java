package dev.worldlens.sim.dataset;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.sim.ActionFrame;
import dev.worldlens.sim.ActionLabelling;
import dev.worldlens.sim.ActionLabels;
import dev.worldlens.sim.ExpertStyle;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;

import java.util.List;

/**
 * Everything that determines a generated dataset; written to config.yaml, and a folder is only resumed with the
 * same config. The defaults of {@code worldlens sim generate} live here and nowhere else.
 *
 * @param labels       executed (the gripper's actual motion) or commanded (the expert's command): {@link ActionLabels}
 * @param actionFrame  world or gripper: the frame of a label's (dx, dy), {@link ActionFrame}
 * @param expertNoise  std of the Gaussian noise on each expert command, in command units
 * @param actionRepeat world control steps per recorded step; executed labels then sum the motion of all of them
 * @param balanced     play episodes open with each task id in turn ({@link GeneratorConfig#balanced()}); false in
 *                     configs written before it existed
 */
public record SimGenerateConfig(String scenes, String setting, int episodes, long seed, int topSize, int gripperSize,
                         int playTasks, int maxSteps, int episodesPerFile, String labels, String actionFrame,
                         double expertNoise, int actionRepeat, boolean balanced) {

    public static final String DEFAULT_SCENES = "A,B,C";
    public static final String DEFAULT_SETTING = "static";
    public static final int DEFAULT_EPISODES = 100;
    public static final int DEFAULT_TOP = 64;
    public static final int DEFAULT_GRIPPER = 32;
    public static final int DEFAULT_MAX_STEPS = 240;
    public static final int DEFAULT_PER_FILE = 50;
    public static final String DEFAULT_LABELS = "executed";
    public static final String DEFAULT_ACTION_FRAME = "world";
    public static final double DEFAULT_EXPERT_NOISE = 0.05;
    public static final int DEFAULT_ACTION_REPEAT = 1;
    /** Most episodes one dataset may hold: 100,000 take about three hours at the 130 s per 1,200 measured. */
    public static final int MAX_EPISODES = 100_000;
    /** Camera sides accepted, in pixels: a frame of 1024 x 1024 is already 3 MB. */
    public static final int MIN_SIZE = 4;
    public static final int MAX_SIZE = 1024;
        /** Largest expert noise std accepted: beyond it the noise swamps commands clipped to [-1, 1]. */
    public static final double MAX_EXPERT_NOISE = 1.0;

    /** A builder whose every field is optional, with {@code worldlens sim generate}'s defaults. */
    public static Builder builder() {
        return new Builder();
    }

    public GeneratorConfig generatorConfig() {
        List<Scene> list = Scene.parseList(scenes);
        ActionLabelling labelling = new ActionLabelling(ActionLabels.parse(labels), ActionFrame.parse(actionFrame),
                actionRepeat);
        return new GeneratorConfig(list, Setting.parse(setting), topSize, gripperSize, playTasks, maxSteps,
                ExpertStyle.DEFAULT.withNoise(expertNoise), true, labelling, balanced);
    }

    /**
     * The normalised config, once the values a dataset needs are checked: known scenes, setting, labels and action
     * frame, at least one episode and one episode per file, expert noise in 0..{@value #MAX_EXPERT_NOISE}, action
     * repeat in 1..{@value ActionLabelling#MAX_REPEAT}.
     *
     * @throws InvalidInputException naming the field
     */
    SimGenerateConfig checked() {
        SimGenerateConfig c = normalised();
        if (c.episodes() < 1) {
            throw new InvalidInputException("episodes", "must be at least 1, got " + c.episodes());
        }
        if (c.episodes() > MAX_EPISODES) {
            throw new InvalidInputException("episodes", "expected at most " + MAX_EPISODES + ", got "
                    + c.episodes());
        }
        if (c.episodesPerFile() < 1) {
            throw new InvalidInputException("episodesPerFile", "must be at least 1, got " + c.episodesPerFile());
        }
        if (!(c.expertNoise() >= 0 && c.expertNoise() <= MAX_EXPERT_NOISE)) {
            throw new InvalidInputException("expertNoise", "expected 0.." + MAX_EXPERT_NOISE + ", got "
                    + c.expertNoise());
        }
        if (c.maxSteps() < 1) {
            throw new InvalidInputException("maxSteps", "must be at least 1 step, got " + c.maxSteps());
        }
        if (c.playTasks() < 0) {
            throw new InvalidInputException("playTasks", "must be 0 (single-task episodes) or more, got "
                    + c.playTasks());
        }
        checkSize("topSize", c.topSize());
        checkSize("gripperSize", c.gripperSize());
        ActionLabelling.checkRepeat(c.actionRepeat());
        if (c.balanced() && c.playTasks() < 1) {
            throw new InvalidInputException("balanced", "applies to play episodes: set playTasks to 1 or more (single "
                    + "task episodes already draw task ids uniformly)");
        }
        return c;
    }

    private static void checkSize(String field, int side) {
        if (side < MIN_SIZE || side > MAX_SIZE) {
            throw new InvalidInputException(field, "expected " + MIN_SIZE + ".." + MAX_SIZE + " pixels, got " + side);
        }
    }

    /** Normalised so that "a, b" and "A,B" name the same config. */
    public SimGenerateConfig normalised() {
        StringBuilder sb = new StringBuilder();
        for (Scene s : Scene.parseList(scenes)) {
            sb.append(sb.length() > 0 ? "," : "").append(s.name());
        }
        return new SimGenerateConfig(sb.toString(), Setting.parse(setting).label(), episodes, seed, topSize,
                gripperSize, playTasks, maxSteps, episodesPerFile, ActionLabels.parse(labels).label(),
                ActionFrame.parse(actionFrame).label(), expertNoise, actionRepeat, balanced);
    }

    /** Required fields are set with {@code set*}, optional ones with {@code opt*}. */
    public static final class Builder {
        private String scenes = DEFAULT_SCENES;
        private String setting = DEFAULT_SETTING;
        private int episodes = DEFAULT_EPISODES;
        private long seed = 0;
        private boolean balanced = false;
        private int topSize = DEFAULT_TOP;
        private int gripperSize = DEFAULT_GRIPPER;
        private int playTasks = 0;
        private int maxSteps = DEFAULT_MAX_STEPS;
        private int episodesPerFile = DEFAULT_PER_FILE;
        private String labels = DEFAULT_LABELS;
        private String actionFrame = DEFAULT_ACTION_FRAME;
        private double expertNoise = DEFAULT_EXPERT_NOISE;
        private int actionRepeat = DEFAULT_ACTION_REPEAT;

        private Builder() {
        }

        /** Scenes, comma separated, from A, B, C, D (default A,B,C). */
        public Builder optScenes(String scenes) {
            this.scenes = scenes;
            return this;
        }

        /** static or randomised (default static). */
        public Builder optSetting(String setting) {
            this.setting = setting;
            return this;
        }

        /** Number of episodes (default 100). */
        public Builder optEpisodes(int episodes) {
            this.episodes = episodes;
            return this;
        }

        /** Random seed (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Side of the top camera (default 64). */
        public Builder optTopSize(int topSize) {
            this.topSize = topSize;
            return this;
        }

        /** Side of the gripper camera (default 32). */
        public Builder optGripperSize(int gripperSize) {
            this.gripperSize = gripperSize;
            return this;
        }

        /** 0: one task per episode; N > 0: play episodes chaining N tasks (default 0). */
        public Builder optPlayTasks(int playTasks) {
            this.playTasks = playTasks;
            return this;
        }

        /** Longest episode, in control steps (default 240). */
        public Builder optMaxSteps(int maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        /** Episodes per Parquet data file (default 50). */
        public Builder optEpisodesPerFile(int episodesPerFile) {
            this.episodesPerFile = episodesPerFile;
            return this;
        }

        /** executed (the gripper's actual motion) or commanded (the expert's command) (default executed). */
        public Builder optLabels(String labels) {
            this.labels = labels;
            return this;
        }

        /** world or gripper: the frame of the labels' dx, dy (default world). */
        public Builder optActionFrame(String actionFrame) {
            this.actionFrame = actionFrame;
            return this;
        }

        /** Std of the expert's command noise, 0..1 (default 0.05). */
        public Builder optExpertNoise(double expertNoise) {
            this.expertNoise = expertNoise;
            return this;
        }

        /** World control steps per recorded step, 1..8 (default 1). */
        /** Play episodes open with each task id in turn, so rare task ids get demonstrations (default false). */
        public Builder optBalanced(boolean balanced) {
            this.balanced = balanced;
            return this;
        }

        public Builder optActionRepeat(int actionRepeat) {
            this.actionRepeat = actionRepeat;
            return this;
        }

        /**
         * Every field is optional; the values are checked as {@link SimDatasetJob} checks them.
         *
         * @throws InvalidInputException naming {@code scenes}, {@code setting}, {@code episodes},
         *                               {@code episodesPerFile}, {@code labels}, {@code actionFrame},
         *                               {@code expertNoise} or {@code actionRepeat} when it is invalid
         */
        public SimGenerateConfig build() {
            SimGenerateConfig c = new SimGenerateConfig(scenes, setting, episodes, seed, topSize, gripperSize,
                    playTasks, maxSteps, episodesPerFile, labels, actionFrame, expertNoise, actionRepeat, balanced);
            c.checked();
            return c;
        }
    }
}
