package dev.worldlens.sim;

import dev.worldlens.core.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A task type bound to its block (or to none): {@code rotate_block_left/red}, {@code open_drawer}. */
public record Task(TaskType type, int block) {

    public Task {
        if (type.needsBlock() != (block >= 0)) {
            throw new IllegalArgumentException(type.id() + (type.needsBlock() ? " needs a block" : " takes no block"));
        }
    }

    public static Task of(TaskType type) {
        return new Task(type, -1);
    }

    public String id() {
        return block < 0 ? type.id() : type.id() + "/" + EpisodeScene.BLOCK_NAMES.get(block);
    }

    public String instruction(int phrasing) {
        String t = type.templates().get(phrasing);
        return block < 0 ? t : t.replace("{b}", EpisodeScene.BLOCK_NAMES.get(block));
    }

    public String instruction(SplittableRandom rng) {
        return instruction(rng.nextInt(type.templates().size()));
    }

    /** Every task: each type, with each block where the type names one. */
    public static List<Task> all() {
        List<Task> out = new ArrayList<>();
        for (TaskType t : TaskType.values()) {
            if (t.needsBlock()) {
                for (int b = 0; b < EpisodeScene.BLOCK_NAMES.size(); b++) {
                    out.add(new Task(t, b));
                }
            } else {
                out.add(of(t));
            }
        }
        return out;
    }

    /** Every instruction of every task, in a fixed order: the dataset's task vocabulary. */
    public static List<String> vocabulary() {
        List<String> out = new ArrayList<>();
        for (Task t : all()) {
            for (int p = 0; p < t.type().templates().size(); p++) {
                out.add(t.instruction(p));
            }
        }
        return out;
    }

    /** Parses {@code type} or {@code type/colour}. */
    public static Task parse(String s) {
        String[] parts = s.split("/", 2);
        TaskType type = TaskType.parse(parts[0]);
        if (!type.needsBlock()) {
            if (parts.length > 1) {
                throw new InvalidInputException("task", type.id() + " takes no block, got '" + s + "'");
            }
            return of(type);
        }
        if (parts.length == 1) {
            return new Task(type, 0);
        }
        int b = EpisodeScene.BLOCK_NAMES.indexOf(parts[1]);
        if (b < 0) {
            throw new InvalidInputException("task", "unknown block '" + parts[1] + "'; expected one of "
                    + EpisodeScene.BLOCK_NAMES);
        }
        return new Task(type, b);
    }
}
