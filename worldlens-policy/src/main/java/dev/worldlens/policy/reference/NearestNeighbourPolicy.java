package dev.worldlens.policy.reference;

import dev.worldlens.core.Episode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.Policy;
import dev.worldlens.policy.train.ChunkSamples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A training-free reference policy: the demonstrated chunk of the training sample nearest to the observation. The
 * search runs over the samples of the instruction's task and the distance is Euclidean over {@link StateFeatures}
 * of the state, standardised with the training samples' statistics (constant values left out). By default the features
 * are the state itself and an instruction names the task of the training windows that carry it (all samples for an
 * instruction never seen); an environment can supply better ones (the tabletop's task frame). It reads the state
 * only, so it is a reference for what the demonstrations and the state hold, not for any visual representation.
 *
 * <p>Why it is here: a learned head that cannot beat a lookup table of its own training data has not learned from
 * it, and a lookup that completes tasks shows that the data and the state suffice.
 */
public final class NearestNeighbourPolicy implements Policy {
    private final StateFeatures features;
    private final Map<String, Group> byTask;
    private final Map<String, String> seenInstructions;
    private final int horizon;
    private final int actionDim;

    /** One task's samples: their standardised features and chunks. */
    private record Group(String taskId, float[][] z, float[][] chunks, float[] mean, float[] scale) {
        static Group of(String taskId, List<float[]> features, List<float[]> chunks) {
            int d = features.get(0).length;
            float[] mean = new float[d];
            float[] scale = new float[d];
            for (int j = 0; j < d; j++) {
                double sum = 0;
                double sq = 0;
                for (float[] f : features) {
                    sum += f[j];
                    sq += (double) f[j] * f[j];
                }
                double m = sum / features.size();
                double sd = Math.sqrt(Math.max(0, sq / features.size() - m * m));
                mean[j] = (float) m;
                // a value constant over the task's samples says nothing about which sample is near
                scale[j] = sd > 1e-6 ? (float) (1 / sd) : 0f;
            }
            float[][] z = new float[features.size()][];
            for (int i = 0; i < z.length; i++) {
                z[i] = standardise(features.get(i), mean, scale);
            }
            return new Group(taskId, z, chunks.toArray(new float[0][]), mean, scale);
        }

        /** The nearest sample's index and squared distance to {@code f} (this task's features). */
        double[] nearest(float[] f) {
            float[] q = standardise(f, mean, scale);
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int i = 0; i < z.length; i++) {
                float[] t = z[i];
                double d = 0;
                for (int j = 0; j < q.length && d < bestDistance; j++) {
                    double diff = q[j] - t[j];
                    d += diff * diff;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = i;
                }
            }
            return new double[]{best, bestDistance};
        }
    }

    private NearestNeighbourPolicy(StateFeatures features, Map<String, Group> byTask, Map<String, String> seen,
                                   int horizon, int actionDim) {
        this.features = features;
        this.byTask = byTask;
        this.seenInstructions = seen;
        this.horizon = horizon;
        this.actionDim = actionDim;
    }

    /** The lookup over the state itself (see {@link #of(List, int, StateFeatures)}). */
    public static NearestNeighbourPolicy of(List<Episode> episodes, int horizon) {
        return of(episodes, horizon, StateFeatures.STATE);
    }

    /** The lookup over every language-window frame of {@code episodes}, chunks of {@code horizon} actions. */
    public static NearestNeighbourPolicy of(List<Episode> episodes, int horizon, StateFeatures features) {
        if (episodes.isEmpty()) {
            throw new InvalidInputException("nearest-neighbour policy", "episodes", "none given");
        }
        int actionDim = episodes.get(0).actionSchema().dim();
        ChunkSamples samples = ChunkSamples.of(episodes, horizon, actionDim, "nearest-neighbour episodes");
        Map<String, List<float[]>> feats = new TreeMap<>();
        Map<String, List<float[]>> chunks = new TreeMap<>();
        Map<String, String> seen = new HashMap<>();
        int stateDim = -1;
        for (int i = 0; i < samples.size(); i++) {
            Episode ep = episodes.get(samples.episode(i));
            if (ep.states().length == 0 || ep.states()[0].length == 0) {
                throw new InvalidInputException("episode " + ep.index(), "observation.state",
                        "is missing; the nearest-neighbour reference reads the state");
            }
            float[] state = ep.states()[samples.frame(i)];
            if (stateDim >= 0 && state.length != stateDim) {
                throw new InvalidInputException("episode " + ep.index(), "observation.state", "has "
                        + state.length + " values, the episodes before it " + stateDim);
            }
            stateDim = state.length;
            String task = samples.taskId(i);
            feats.computeIfAbsent(task, k -> new ArrayList<>()).add(features.of(state, task));
            chunks.computeIfAbsent(task, k -> new ArrayList<>()).add(samples.chunk(i));
            seen.put(samples.instruction(i), task);
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        feats.forEach((task, f) -> groups.put(task, Group.of(task, f, chunks.get(task))));
        return new NearestNeighbourPolicy(features, groups, seen, horizon, actionDim);
    }

    /** Training samples in the lookup. */
    public int size() {
        return byTask.values().stream().mapToInt(g -> g.z().length).sum();
    }

    @Override
    public float[][] act(Observation observation) {
        String task = features.taskOf(observation.instruction(), seenInstructions.get(observation.instruction()));
        Group group = task == null ? null : byTask.get(task);
        float[] chunk;
        if (group != null) {
            chunk = group.chunks()[(int) group.nearest(features.of(observation.state(), task))[0]];
        } else {
            // an instruction no training window carries: the nearest sample of any task
            chunk = null;
            double best = Double.POSITIVE_INFINITY;
            for (Group g : byTask.values()) {
                double[] n = g.nearest(features.of(observation.state(), g.taskId()));
                if (n[1] < best) {
                    best = n[1];
                    chunk = g.chunks()[(int) n[0]];
                }
            }
        }
        float[][] out = new float[horizon][actionDim];
        for (int h = 0; h < horizon; h++) {
            System.arraycopy(chunk, h * actionDim, out[h], 0, actionDim);
        }
        return out;
    }

    private static float[] standardise(float[] f, float[] mean, float[] scale) {
        if (f.length != mean.length) {
            throw new IllegalArgumentException("nearest-neighbour policy: " + f.length + " features, the training "
                    + "samples have " + mean.length + " (a state of another size?)");
        }
        float[] z = new float[f.length];
        for (int j = 0; j < f.length; j++) {
            z[j] = (f[j] - mean[j]) * scale[j];
        }
        return z;
    }
}
