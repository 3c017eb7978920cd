package dev.worldlens.probe;

import dev.worldlens.nn.train.MinibatchFit;

/** A probe network trained by {@link MinibatchFit} (MLP, attentive), with what its training reported. */
public interface FittedNetworkProbe extends FittedProbe {
    /** The fitted weights, the last step's loss and the fit's wall time. */
    MinibatchFit.Result training();

    /** MSE (standardised units) of the last training step's batch. */
    default float finalLoss() {
        return training().finalLoss();
    }

    /** Wall time of fitting, from defining the network to the last step. */
    default double fitSeconds() {
        return training().seconds();
    }
}
