package dev.worldlens.policy;

import dev.worldlens.core.RgbImage;

import java.util.List;
import java.util.Map;

/**
 * What a policy sees at one control step: one image per camera (keys as in the dataset, e.g. "observation.images.top"),
 * the proprioceptive state and the language instruction of the task it is asked to do.
 */
public record Observation(Map<String, RgbImage> images, float[] state, String instruction) {
    public Observation {
        images = Map.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an observation needs at least one camera image");
        }
        if (instruction == null) {
            throw new IllegalArgumentException("instruction must not be null (use \"\" for none)");
        }
    }

    public RgbImage image(String camera) {
        RgbImage image = images.get(camera);
        if (image == null) {
            throw new IllegalArgumentException("no image for camera '" + camera + "'; the observation has "
                    + List.copyOf(images.keySet()));
        }
        return image;
    }
}
