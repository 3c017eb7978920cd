package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.SplittableRandom;

/**
 * How much a model's pooled features vary across inputs: {@code spread} is the mean over feature dimensions of the
 * per-dimension standard deviation across a batch of clips, {@code scale} the root mean square of the features. A
 * collapsed encoder (every input mapped to about the same vector, the trivial solution of joint-embedding objectives)
 * has a spread near 0 at any scale; {@link #relative()} is the scale-free figure that a collapse check compares.
 */
public record FeatureSpread(double spread, double scale) {
    /** The clips every measurement of a run uses, drawn with this seed so that two checkpoints see the same inputs. */
    static final long CLIP_SEED = 21;

    /** Spread over {@code clips} clips of the pretraining data drawn with a fixed seed. */
    public static FeatureSpread of(FamilyModel model, PretrainData data, int clips) {
        try (NDManager scope = model.trained().manager().newSubManager()) {
            NDArray px = data.clips(new SplittableRandom(CLIP_SEED), clips, model.clipLength(), 1).pixels(scope);
            return of(model.pooledFeatures(px));
        }
    }

    /** Spread of pooled features [B, D]. */
    public static FeatureSpread of(NDArray pooled) {
        NDArray centred = pooled.sub(pooled.mean(new int[]{0}, true));
        double spread = centred.square().mean(new int[]{0}).sqrt().mean().getFloat();
        double scale = Math.sqrt(pooled.square().mean().getFloat());
        return new FeatureSpread(spread, scale);
    }

    /** Spread over scale; 0 when every feature is 0. */
    public double relative() {
        return scale > 0 ? spread / scale : 0;
    }
}
