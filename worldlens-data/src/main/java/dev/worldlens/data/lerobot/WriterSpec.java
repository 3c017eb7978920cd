package dev.worldlens.data.lerobot;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.data.video.VideoWriter;

import java.util.List;

/**
 * What a LeRobotDatasetWriter was configured with; every data file of one dataset shares it.
 *
 * @param video the codec of the cameras' mp4 files (features of dtype "video"), or null to store PNG frames in the
 *              parquet (dtype "image")
 */
record WriterSpec(int fps, ActionSchema actionSchema, List<String> stateNames, List<Camera> cameras,
                  String robotType, int episodesPerFile, List<String> taskVocabulary, String generator,
                  VideoWriter.Codec video) {

    /** One camera: frames are stored under feature {@code observation.images.<name>}. */
    record Camera(String name, int width, int height) {
        String featureKey() {
            return LeRobotLayout.IMAGE_PREFIX + name;
        }
    }

    WriterSpec {
        stateNames = List.copyOf(stateNames);
        cameras = List.copyOf(cameras);
        taskVocabulary = taskVocabulary == null ? null : List.copyOf(taskVocabulary);
    }

    /** Whether the cameras are written as mp4 files rather than as PNG frames inside the parquet. */
    boolean videos() {
        return video != null;
    }

    int actionDim() {
        return actionSchema.dim();
    }

    int stateDim() {
        return stateNames.size();
    }

    boolean hasState() {
        return !stateNames.isEmpty();
    }

    /** The features that get stats, in LeRobot's column order: values, images, then the index features. */
    List<String> statFeatures() {
        List<String> out = new java.util.ArrayList<>();
        out.add("action");
        if (hasState()) {
            out.add("observation.state");
        }
        cameras.forEach(c -> out.add(c.featureKey()));
        out.add("timestamp");
        out.addAll(DataFileWriter.INDEX_FEATURES);
        return out;
    }
}
