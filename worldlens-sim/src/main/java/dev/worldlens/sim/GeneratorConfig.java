package dev.worldlens.sim;

import java.util.List;

/**
 * What {@link EpisodeGenerator} makes: episodes of single tasks (one language window each) or play episodes that
 * chain tasks (CALVIN-style windows), in which scenes and setting, at which camera sizes, and how actions are
 * recorded.
 *
 * @param playTasks   0 for single-task episodes; otherwise the number of tasks a play episode chains
 * @param maxSteps    cap on an episode's length (recorded steps)
 * @param render      false to simulate without cameras (for fast expert and oracle checks)
 * @param labelling   executed or commanded labels, their frame, world steps per recorded step
 * @param balanced    play episodes open with task id {@code index mod} {@link Task#all()}'s size, from a start state
 *                    that allows it, so that every task id, however rare its preconditions, has at least
 *                    {@code episodes / ids} demonstrations
 */
public record GeneratorConfig(List<Scene> scenes, Setting setting, int topSize, int gripperSize, int playTasks,
                              int maxSteps, ExpertStyle style, boolean render, ActionLabelling labelling,
                              boolean balanced) {

    public GeneratorConfig {
        scenes = List.copyOf(scenes);
        if (scenes.isEmpty()) {
            throw new IllegalArgumentException("at least one scene is needed");
        }
        if (topSize < 8 || gripperSize < 8) {
            throw new IllegalArgumentException("camera sizes must be at least 8 pixels, got " + topSize + " and "
                    + gripperSize);
        }
        if (labelling == null) {
            throw new IllegalArgumentException("labelling is required");
        }
    }

    /** Single tasks, cameras 64 and 32, the default expert, executed world-frame labels, one world step a frame. */
    public static GeneratorConfig of(List<Scene> scenes, Setting setting) {
        return new GeneratorConfig(scenes, setting, 64, 32, 0, 240, ExpertStyle.DEFAULT, true,
                ActionLabelling.DEFAULT, false);
    }

    public GeneratorConfig withCameras(int top, int gripper) {
        return new GeneratorConfig(scenes, setting, top, gripper, playTasks, maxSteps, style, render,
                labelling, balanced);
    }

    public GeneratorConfig withPlay(int tasks, int steps) {
        return new GeneratorConfig(scenes, setting, topSize, gripperSize, tasks, steps, style, render,
                labelling, balanced);
    }

    public GeneratorConfig withoutRendering() {
        return new GeneratorConfig(scenes, setting, topSize, gripperSize, playTasks, maxSteps, style, false,
                labelling, balanced);
    }

    public GeneratorConfig withStyle(ExpertStyle s) {
        return new GeneratorConfig(scenes, setting, topSize, gripperSize, playTasks, maxSteps, s, render,
                labelling, balanced);
    }

    public GeneratorConfig withLabelling(ActionLabelling l) {
        return new GeneratorConfig(scenes, setting, topSize, gripperSize, playTasks, maxSteps, style, render, l,
                balanced);
    }

    public GeneratorConfig withBalanced(boolean b) {
        return new GeneratorConfig(scenes, setting, topSize, gripperSize, playTasks, maxSteps, style, render, labelling,
                b);
    }
}
