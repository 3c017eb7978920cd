package dev.worldlens.policy.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.StateOracleEncoder;
import dev.worldlens.encoders.Tokens;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.VisualFeatures;

import java.util.ArrayList;
import java.util.List;

/**
 * Non-predictive features for the baselines (image SSL, VAE, random ViT, raw pixels): a frozen worldlens
 * {@link Encoder} reads the current frame of every camera at one layer, and the views' tokens are laid side by side,
 * camera by camera, as one frame of [B, 1, views x N, C]. With the state oracle, an upper reference, the observation's
 * state is the one token, read once whatever the cameras: one token per camera would hand the head the same state
 * twice. VPP's predictive features give several predicted frames
 * instead; the same Video Former and head read either.
 *
 * <p>Only single-frame encoders fit: an observation holds one frame per camera, and repeating it into a clip would
 * show a video encoder a scene that does not move. The encoder belongs to the caller.
 */
public final class EncoderFeatures implements VisualFeatures {
    private final Encoder encoder;
    private final List<String> cameras;
    private final int layer;
    private final EncoderCard card;

    public EncoderFeatures(Encoder encoder, List<String> cameras, int layer) {
        this.encoder = encoder;
        // the state oracle reads no image, so one "view" carries the whole state
        this.cameras = encoder instanceof StateOracleEncoder && !cameras.isEmpty()
                ? List.of(cameras.get(0)) : List.copyOf(cameras);
        this.card = encoder.card();
        this.layer = card.resolveLayer(layer);
        if (this.cameras.isEmpty()) {
            throw new IllegalArgumentException("encoder features need at least one camera");
        }
        if (card.clipLength() != 1) {
            throw new IllegalArgumentException("encoder " + card.name() + " reads clips of " + card.clipLength()
                    + " frames; policy features read one frame per camera, so use a single-frame encoder");
        }
    }

    public Encoder encoder() {
        return encoder;
    }

    public List<String> cameras() {
        return cameras;
    }

    public int layer() {
        return layer;
    }

    /** A description for run configs: encoder name, layer and cameras. */
    public String describe() {
        return card.name() + "@" + layer + ":" + String.join("+", cameras);
    }

    /** The encoder's card (name, sizes and the properties its maker recorded), layer and cameras. */
    @Override
    public String identity() {
        return "encoder " + describe() + " " + card.family() + " " + card.width() + "x" + card.tokensPerStep() + " "
                + new java.util.TreeMap<>(card.properties());
    }

    @Override
    public int frames() {
        return 1;
    }

    @Override
    public int tokensPerFrame() {
        return cameras.size() * card.tokensPerStep();
    }

    @Override
    public int channels() {
        return card.width();
    }

    @Override
    public NDArray tokens(NDManager manager, List<Observation> batch) {
        int n = card.tokensPerStep();
        int c = card.width();
        int perView = n * c;
        int perSample = cameras.size() * perView;
        float[] out = new float[batch.size() * perSample];
        for (int v = 0; v < cameras.size(); v++) {
            List<Clip> clips = new ArrayList<>(batch.size());
            for (Observation o : batch) {
                // the state rides along for the state-oracle reference encoder; image encoders ignore it
                clips.add(new Clip(List.of(o.image(cameras.get(v))), o.state()));
            }
            List<Tokens> tokens = encoder.encode(clips, layer);
            for (int b = 0; b < batch.size(); b++) {
                Tokens t = tokens.get(b);
                if (t.tokenCount() != n || t.width() != c) {
                    throw new IllegalStateException("encoder " + card.name() + " returned " + t.tokenCount() + " x "
                            + t.width() + " tokens, its card promises " + n + " x " + c);
                }
                System.arraycopy(t.data(), 0, out, b * perSample + v * perView, perView);
            }
        }
        return manager.create(out, new Shape(batch.size(), 1, tokensPerFrame(), c));
    }
}
