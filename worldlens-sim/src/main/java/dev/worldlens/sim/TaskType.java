package dev.worldlens.sim;

import dev.worldlens.core.InvalidInputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Tabletop task types, modelled on CALVIN's 34: each has a stable id, whether it names a block, and three
 * phrasings ({b} stands for the block's colour). Some need rotation (turn a block), some the articulated parts.
 */
public enum TaskType {
    PUSH_LEFT("push_block_left", "push the {b} block to the left", "slide the {b} block left",
            "nudge the {b} block towards the left side"),
    PUSH_RIGHT("push_block_right", "push the {b} block to the right", "slide the {b} block right",
            "nudge the {b} block towards the right side"),
    PUSH_BACK("push_block_back", "push the {b} block to the back", "slide the {b} block away from you",
            "push the {b} block towards the cabinet"),
    PUSH_FRONT("push_block_front", "push the {b} block to the front", "slide the {b} block towards you",
            "push the {b} block towards the robot"),
    ROTATE_LEFT("rotate_block_left", "rotate the {b} block to the left", "turn the {b} block counterclockwise",
            "take the {b} block and turn it left"),
    ROTATE_RIGHT("rotate_block_right", "rotate the {b} block to the right", "turn the {b} block clockwise",
            "take the {b} block and turn it right"),
    LIFT("lift_block", "lift the {b} block", "pick up the {b} block", "grasp the {b} block and lift it"),
    PLACE_LEFT("place_block_left_area", "place the {b} block in the left area", "put the {b} block on the left pad",
            "move the {b} block to the left zone"),
    PLACE_RIGHT("place_block_right_area", "place the {b} block in the right area",
            "put the {b} block on the right pad", "move the {b} block to the right zone"),
    PUT_IN_DRAWER("put_block_in_drawer", "put the {b} block in the drawer", "store the {b} block in the drawer",
            "place the {b} block into the open drawer"),
    TAKE_FROM_DRAWER("take_block_from_drawer", "take the {b} block out of the drawer",
            "remove the {b} block from the drawer", "get the {b} block out of the drawer"),
    OPEN_DRAWER("open_drawer", "open the drawer", "pull the drawer open", "pull the handle to open the drawer"),
    CLOSE_DRAWER("close_drawer", "close the drawer", "push the drawer shut", "slide the drawer closed"),
    LED_ON("turn_on_led", "press the button to turn on the led", "turn on the green light", "switch the led on"),
    LED_OFF("turn_off_led", "press the button to turn off the led", "turn off the green light",
            "switch the led off"),
    LAMP_ON("turn_on_lamp", "move the switch to turn on the lamp", "turn on the lamp",
            "slide the switch so the lamp lights up"),
    LAMP_OFF("turn_off_lamp", "move the switch to turn off the lamp", "turn off the lamp",
            "slide the switch so the lamp goes dark");

    private final String id;
    private final List<String> templates;

    TaskType(String id, String... templates) {
        this.id = id;
        this.templates = List.of(templates);
    }

    public String id() {
        return id;
    }

    public List<String> templates() {
        return templates;
    }

    public boolean needsBlock() {
        return templates.get(0).contains("{b}");
    }

    /** Whether the task turns a block, so that its actions must use the rotation dimension. */
    public boolean needsRotation() {
        return this == ROTATE_LEFT || this == ROTATE_RIGHT;
    }

    /**
     * The kind of motion the task asks for: pushes (the gripper slides a block), rotations (it turns one),
     * articulated parts (drawer, button, switch) and pick-and-place (it grasps, carries and releases). A probe's
     * held-out task families are drawn one from each kind, so that no test split is all pushes.
     */
    public String kind() {
        return switch (this) {
            case PUSH_LEFT, PUSH_RIGHT, PUSH_BACK, PUSH_FRONT -> "push";
            case ROTATE_LEFT, ROTATE_RIGHT -> "rotation";
            case OPEN_DRAWER, CLOSE_DRAWER, LED_ON, LED_OFF, LAMP_ON, LAMP_OFF -> "articulated";
            case LIFT, PLACE_LEFT, PLACE_RIGHT, PUT_IN_DRAWER, TAKE_FROM_DRAWER -> "pick-and-place";
        };
    }

    /** Task family ids grouped by {@link #kind()}, in declaration order. */
    public static Map<String, List<String>> byKind() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (TaskType t : values()) {
            out.computeIfAbsent(t.kind(), k -> new ArrayList<>()).add(t.id);
        }
        return out;
    }

    public static TaskType parse(String s) {
        for (TaskType t : values()) {
            if (t.id.equals(s) || t.name().equalsIgnoreCase(s)) {
                return t;
            }
        }
        List<String> ids = new ArrayList<>();
        for (TaskType t : values()) {
            ids.add(t.id);
        }
        throw new InvalidInputException("task", "unknown task '" + s + "'; expected one of " + ids);
    }
}
