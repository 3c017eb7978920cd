package dev.worldlens.nn.train;

import ai.djl.ndarray.NDArray;
import dev.worldlens.nn.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Names the parameters whose values or gradients hold NaN or infinity, so that a diverged run says where it broke
 * rather than only that it did.
 */
final class NonFiniteParameters {
    private static final int SHOWN = 8;

    private NonFiniteParameters() {
    }

    /** True when every gradient is finite: one sum per parameter, since NaN and infinity survive a sum. */
    static boolean gradientsFinite(Parameters parameters) {
        for (NDArray p : parameters.all().values()) {
            if (p.hasGradient()) {
                try (NDArray sum = p.getGradient().sum()) {
                    if (!Float.isFinite(sum.getFloat())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static String describe(Parameters parameters) {
        List<String> values = new ArrayList<>();
        List<String> gradients = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : parameters.all().entrySet()) {
            NDArray p = e.getValue();
            if (!finite(p)) {
                values.add(e.getKey());
            }
            if (p.hasGradient() && !finite(p.getGradient())) {
                gradients.add(e.getKey());
            }
        }
        return "non-finite values: " + shown(values) + "; non-finite gradients: " + shown(gradients);
    }

    private static boolean finite(NDArray a) {
        try (NDArray check = a.isInfinite().logicalOr(a.isNaN()).any()) {
            return !check.getBoolean();
        }
    }

    private static String shown(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        List<String> head = names.subList(0, Math.min(SHOWN, names.size()));
        return head + (names.size() > SHOWN ? " and " + (names.size() - SHOWN) + " more" : "");
    }
}
