package dev.worldlens.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An exponential moving average of a model's weights (the teacher of DINO, the target encoder of JEPA):
 * {@code target = momentum * target + (1 - momentum) * online} after every optimizer step. The target lives in its
 * own {@link Parameters} store, created with the same names and shapes (build the same architecture into it), and
 * is never given to the optimizer; gradients are not recorded for it.
 */
public final class Ema {
    private final List<NDArray> online = new ArrayList<>();
    private final List<NDArray> target = new ArrayList<>();

    /**
     * Pairs every parameter of {@code target} with the online parameter of the same name (names in the target
     * store carry {@code targetPrefix} where the online ones carry {@code onlinePrefix}) and copies the online values
     * into the target.
     */
    public Ema(Parameters onlineStore, String onlinePrefix, Parameters targetStore, String targetPrefix) {
        for (Map.Entry<String, NDArray> e : targetStore.all().entrySet()) {
            if (!e.getKey().startsWith(targetPrefix)) {
                continue;
            }
            String name = onlinePrefix + e.getKey().substring(targetPrefix.length());
            NDArray src = onlineStore.get(name);
            if (!src.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException("EMA target '" + e.getKey() + "' " + e.getValue().getShape()
                        + " does not match '" + name + "' " + src.getShape());
            }
            e.getValue().setRequiresGradient(false);
            online.add(src);
            target.add(e.getValue());
        }
        if (target.isEmpty()) {
            throw new IllegalArgumentException("no EMA target parameter starts with '" + targetPrefix + "'");
        }
        copy();
    }

    /** Sets the target equal to the online weights. */
    public void copy() {
        for (int i = 0; i < target.size(); i++) {
            target.get(i).set(online.get(i).toFloatArray());
        }
    }

    /** One EMA step with the given momentum (0.996 in DINO/JEPA, annealed towards 1). */
    public void update(double momentum) {
        for (int i = 0; i < target.size(); i++) {
            NDArray t = target.get(i);
            try (NDManager scope = t.getManager().newSubManager()) {
                NDArray o = online.get(i).stopGradient();
                o.attach(scope);
                NDArray delta = o.sub(t);
                delta.attach(scope);
                t.addi(Scalars.muli(delta, 1 - momentum));
            }
        }
    }

    /** Cosine schedule from {@code start} to 1 over the run, as DINO and I-JEPA anneal their momentum. */
    public static double cosineMomentum(double start, int step, int totalSteps) {
        double progress = totalSteps <= 1 ? 1 : Math.min(1.0, (double) step / (totalSteps - 1));
        return 1 - (1 - start) * (Math.cos(Math.PI * progress) + 1) / 2;
    }
}
