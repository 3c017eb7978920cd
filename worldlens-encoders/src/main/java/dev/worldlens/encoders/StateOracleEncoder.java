package dev.worldlens.encoders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state-oracle reference: the simulator state of each clip's (last) frame as a single token, an upper bound for
 * what a probe can decode. Reads no pixels (input size 0 on its card). Only layer 0 exists.
 */
public final class StateOracleEncoder implements Encoder {
    private final int stateDim;
    private final EncoderCard card;

    public StateOracleEncoder(int stateDim) {
        if (stateDim < 1) {
            throw new IllegalArgumentException("state dimension must be positive, got " + stateDim);
        }
        this.stateDim = stateDim;
        this.card = new EncoderCard("state-oracle-" + stateDim, "state-oracle", 0, 0, new float[]{0, 0, 0},
                new float[]{1, 1, 1}, 1, 1, 1, stateDim, 0, Map.of("stateDim", Integer.toString(stateDim)));
    }

    public int stateDim() {
        return stateDim;
    }

    @Override
    public EncoderCard card() {
        return card;
    }

    @Override
    public List<Tokens> encode(List<Clip> clips, int layer) {
        card.resolveLayer(layer);
        List<Tokens> out = new ArrayList<>(clips.size());
        for (int i = 0; i < clips.size(); i++) {
            float[] state = clips.get(i).state();
            if (state == null) {
                throw new IllegalArgumentException("the state oracle needs the simulator state, but clip " + i
                        + " has none (the data source records no state)");
            }
            if (state.length != stateDim) {
                throw new IllegalArgumentException("clip " + i + " has a state of " + state.length
                        + " values, the state oracle was built for " + stateDim);
            }
            out.add(new Tokens(1, 1, stateDim, state.clone()));
        }
        return out;
    }
}
