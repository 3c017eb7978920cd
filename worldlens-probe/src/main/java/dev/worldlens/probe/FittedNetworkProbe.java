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

    /** The step whose weights this probe uses: the best validation step with early stopping, else the last. */
    default int chosenStep() {
        return training().chosenStep();
    }

    /** Wall time of fitting, from defining the network to the last step. */
    default double fitSeconds() {
        return training().seconds();
    }
}
