package dev.worldlens.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of the action dimensions and how they group (translation, rotation, gripper), so that metrics can be
 * reported per group. Groups are ordered; a dimension may belong to at most one group.
 */
public record ActionSchema(List<String> names, Map<String, List<Integer>> groups) {

    public static final String TRANSLATION = "translation";
    public static final String ROTATION = "rotation";
    public static final String GRIPPER = "gripper";

    public ActionSchema {
        names = List.copyOf(names);
        LinkedHashMap<String, List<Integer>> copy = new LinkedHashMap<>();
        boolean[] seen = new boolean[names.size()];
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            for (int i : e.getValue()) {
                if (i < 0 || i >= names.size()) {
                    throw new IllegalArgumentException("group '" + e.getKey() + "' names dimension " + i
                            + " but the schema has " + names.size() + " dimensions");
                }
                if (seen[i]) {
                    throw new IllegalArgumentException("dimension " + i + " (" + names.get(i) + ") is in two groups");
                }
                seen[i] = true;
            }
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        groups = Collections.unmodifiableMap(copy);
    }

    /** A schema whose names carry no groups (every dimension ungrouped). */
    public static ActionSchema ungrouped(List<String> names) {
        return new ActionSchema(names, Map.of());
    }

    public int dim() {
        return names.size();
    }

    public List<Integer> group(String name) {
        List<Integer> g = groups.get(name);
        if (g == null) {
            throw new IllegalArgumentException("no action group '" + name + "'; groups are " + groups.keySet());
        }
        return g;
    }

    /** The group a dimension belongs to, or null. */
    public String groupOf(int dimension) {
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            if (e.getValue().contains(dimension)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Builds a schema from names and a per-dimension group label (null for none), keeping first-seen group order. */
    public static ActionSchema fromLabels(List<String> names, List<String> labels) {
        if (names.size() != labels.size()) {
            throw new IllegalArgumentException("names and group labels differ in length");
        }
        LinkedHashMap<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i) != null) {
                groups.computeIfAbsent(labels.get(i), k -> new ArrayList<>()).add(i);
            }
        }
        return new ActionSchema(names, groups);
    }
}
