package dev.worldlens.study;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.sim.dataset.SimGenerateConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a study does, as data: the presets smoke, quick and full are YAML files under resources/study/, and a
 * user's own YAML of the same shape can replace them. A study folder is resumed only with the same config.
 *
 * @param preset     the preset's name (or "custom")
 * @param seed       seeds the datasets, the pretraining runs and the split
 * @param data       the simulated datasets
 * @param families   the built-in families to pretrain, each with its size and steps
 * @param twins      whether every family also gets its untrained twin (same architecture and input, the weights its
 *                   pretraining started from): what pretraining added is the family's score minus its twin's
 * @param id         +ID fine-tuning of some of the families
 * @param baselines  reference rows in every comparison: state (the oracle), raw (16x16 pixels), random-vit, motion
 *                   (a classical global-motion estimate plus luma pixels: the observability ceiling) and pixel-id (a
 *                   CNN trained end to end on the two frames: the supervised ceiling)
 * @param probe      the inverse-dynamics probes
 * @param fidelity   the pixel decoders trained on every frozen representation
 * @param robustness the corruption sweep
 * @param layers     encoders whose every block is probed
 * @param budgets    probe training episode counts for the budget curve
 */
public record StudyConfig(String preset, long seed, Data data, List<Family> families, Boolean twins, Id id,
                          List<String> baselines, Probe probe, Fidelity fidelity, Robustness robustness,
                          List<String> layers, List<Integer> budgets) {
    /** The reference rows a study knows. */
    public static final List<String> REFERENCES = List.of("state", "raw", "random-vit", "motion", "pixel-id");

    public StudyConfig {
        twins = twins != null && twins;
        // absent lists are empty; the sections a study cannot run without are named by validated()
        families = families == null ? List.of() : List.copyOf(families);
        baselines = baselines == null ? List.of() : List.copyOf(baselines);
        layers = layers == null ? List.of() : List.copyOf(layers);
        // stream().toList() keeps a null entry for the check below, where List.copyOf would throw without a name
        budgets = budgets == null ? List.of() : budgets.stream().toList();
        for (int i = 0; i < budgets.size(); i++) {
            if (budgets.get(i) == null || budgets.get(i) < 1) {
                throw new dev.worldlens.core.InvalidInputException("budgets[" + i + "]", "expected a number of "
                        + "training episodes of at least 1, got " + budgets.get(i));
            }
        }
    }

    /**
     * @param episodes    episodes per setting
     * @param scenes      comma-separated scenes, e.g. "A,B,C"
     * @param topSize     side of the top camera
     * @param gripperSize side of the gripper camera
     * @param camera      the camera every encoder reads: "gripper" (the gripper-centred view, turning with the
     *                    gripper, where a step moves the whole image) or "top"
     * @param settings    "randomised" (the main setting; encoders pretrain on it) and optionally "static"
     * @param maxSteps    longest episode in control steps
     * @param labels      "executed" (the motion that happened, in command units; the default) or "commanded"
     * @param actionFrame "gripper" (dx, dy in the gripper's own frame: the frame of the gripper camera's image
     *                    motion; the default with that camera) or "world"
     * @param noise       the scripted expert's action noise std (null: the simulator's default)
     * @param actionRepeat physics steps per recorded step (null: 1)
     */
    public record Data(int episodes, String scenes, int topSize, int gripperSize, String camera, List<String> settings,
                       int maxSteps, String labels, String actionFrame, Double noise, Integer actionRepeat) {

        /**
         * The simulator job that makes a setting's dataset; its builder checks every field, and an error names the
         * study config's path (data.noise for the generator's expertNoise).
         */
        public SimGenerateConfig generate(String setting, long seed) {
            try {
                SimGenerateConfig.Builder b = SimGenerateConfig.builder().optScenes(scenes).optSetting(setting)
                        .optEpisodes(episodes).optSeed(seed).optTopSize(topSize).optGripperSize(gripperSize)
                        .optMaxSteps(maxSteps).optEpisodesPerFile(EPISODES_PER_FILE).optActionFrame(frame());
                if (labels != null) {
                    b.optLabels(labels);
                }
                if (noise != null) {
                    b.optExpertNoise(noise);
                }
                if (actionRepeat != null) {
                    b.optActionRepeat(actionRepeat);
                }
                return b.build();
            } catch (InvalidInputException bad) {
                throw bad.renamed(Map.of("scenes", "data.scenes", "setting", "data.settings", "episodes",
                        "data.episodes", "labels", "data.labels", "actionFrame", "data.actionFrame", "expertNoise",
                        "data.noise", "actionRepeat", "data.actionRepeat"));
            }
        }

        /** The frame of the recorded (dx, dy): as configured, else the gripper's own with the gripper camera. */
        public String frame() {
            return actionFrame != null ? actionFrame : camera.equals("gripper") ? "gripper" : "world";
        }

        /** The side of the camera the encoders read (every family is sized to it). */
        public int cameraSize() {
            return camera.equals("top") ? topSize : gripperSize;
        }
    }

    /** A family, its steps and size; null fields keep the family's defaults. */
    public record Family(String family, Integer steps, Integer batch, Integer width, Integer depth, Integer heads,
                         Map<String, String> options) {
    }

    /**
     * +ID: the L1 inverse-dynamics head with weight lambda (batch: transitions per step), fine-tuned from the
     * pretrained runs of these families; with control, each also fine-tuned for the same steps without the head.
     */
    public record Id(List<String> families, int steps, int batch, double lr, double weight, boolean control) {
    }

    /**
     * Probes on the task split (one held-out family of each kind), on each split seed with these probe seeds: the
     * first kind (the headline) at each gap in {@code k} (k > 1 reads the summed action), the other kinds and the
     * pixel-id reference's CNN at each gap in {@code secondaryK} (default: {@code k}); {@code steps} for the MLP,
     * {@code cnnSteps} for the CNN.
     */
    public record Probe(List<String> kinds, int steps, List<Long> seeds, List<Integer> k, List<Integer> secondaryK,
                        List<Long> splitSeeds, Integer cnnSteps) {
        public Probe {
            k = k == null ? List.of(1) : List.copyOf(k);
            secondaryK = secondaryK == null ? k : List.copyOf(secondaryK);
            splitSeeds = splitSeeds == null ? List.of() : List.copyOf(splitSeeds);
        }

        /** The gaps a probe kind runs at. */
        public List<Integer> gaps(String kind) {
            return kind.equals(kinds.get(0)) ? k : secondaryK;
        }
    }

    /** The same decoder budget for every encoder. */
    public record Fidelity(int steps, int batch, double lr, int testFrames) {
    }

    /** Corruption ids and severities; every encoder of the main table, frozen and +ID, is swept. */
    public record Robustness(List<String> corruptions, List<Integer> severities) {
    }

    public static final List<String> PRESETS = List.of("smoke", "quick", "full");
    private static final int EPISODES_PER_FILE = 50;

    public static StudyConfig preset(String name) {
        if (!PRESETS.contains(name)) {
            throw new InvalidInputException("preset", "expected one of " + PRESETS + ", got '" + name + "'");
        }
        String resource = "/study/" + name + ".yaml";
        try (InputStream in = StudyConfig.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the preset " + resource + " is missing from the jar");
            }
            return Json.YAML.readValue(in, StudyConfig.class).validated(resource);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the preset " + resource + ": " + e.getMessage(), e);
        }
    }

    public static StudyConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, null, "no such config file");
        }
        try {
            return Json.YAML.readValue(file.toFile(), StudyConfig.class).validated(file.toString());
        } catch (JsonMappingException e) {
            throw dev.worldlens.core.ConfigFileError.of(file.toString(), e);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "yaml", e.getMessage());
        }
    }

    private StudyConfig validated(String source) {
        if (data == null || data.episodes() < 4 || data.episodes() > SimGenerateConfig.MAX_EPISODES) {
            throw new InvalidInputException(source, "data.episodes", "expected 4.." + SimGenerateConfig.MAX_EPISODES
                    + " episodes, got " + (data == null ? "none" : data.episodes()));
        }
        if (!data.camera().equals("top") && !data.camera().equals("gripper")) {
            throw new InvalidInputException(source, "data.camera", "expected top or gripper, got '" + data.camera()
                    + "'");
        }
        if (data.settings().isEmpty() || !data.settings().get(0).equals("randomised")) {
            throw new InvalidInputException(source, "data.settings", "the first setting must be 'randomised' "
                    + "(encoders pretrain on it), got " + data.settings());
        }
        if (probe == null || id == null) {
            throw new InvalidInputException(source, probe == null ? "probe" : "id", "missing; see the presets in "
                    + "worldlens-study/src/main/resources/study/ for its fields");
        }
        if (probe.seeds().isEmpty() || probe.kinds().isEmpty()) {
            throw new InvalidInputException(source, "probe", "at least one probe kind and one seed are needed");
        }
        // before any data is made: a misspelt family otherwise fails after generation, the folder already claimed
        for (int i = 0; i < families.size(); i++) {
            String name = families.get(i) == null ? null : families.get(i).family();
            if (!dev.worldlens.encoders.family.Families.NAMES.contains(name)) {
                throw new InvalidInputException(source, "families[" + i + "].family", "unknown family '" + name
                        + "'; built-in families are " + dev.worldlens.encoders.family.Families.NAMES);
            }
        }
        for (String f : id.families()) {
            if (families.stream().noneMatch(x -> x.family().equals(f))) {
                throw new InvalidInputException(source, "id.families", "'" + f + "' is fine-tuned with +ID but not "
                        + "pretrained; add it to families");
            }
        }
        for (String b : baselines) {
            if (!REFERENCES.contains(b)) {
                throw new InvalidInputException(source, "baselines", "expected some of " + REFERENCES + ", got '" + b
                        + "'");
            }
        }
        for (int k : java.util.stream.Stream.concat(probe.k().stream(), probe.secondaryK().stream()).toList()) {
            if (k < 1 || k > 8) {
                throw new InvalidInputException(source, "probe.k", "expected gaps of 1..8 frames, got " + k);
            }
        }
        if (probe.cnnSteps() != null && probe.cnnSteps() < 1) {
            throw new InvalidInputException(source, "probe.cnnSteps", "expected at least 1, got " + probe.cnnSteps());
        }
        for (String setting : data.settings()) {
            try {
                data.generate(setting, seed); // the simulator's own checks, before any file is written
            } catch (InvalidInputException bad) {
                throw new InvalidInputException(source, bad.field(), bad.problem());
            }
        }
        if (robustness == null) {
            return this;
        }
        for (int s : robustness.severities()) {
            if (s < 1 || s > 5) {
                throw new InvalidInputException(source, "robustness.severities", "expected 1..5, got " + s);
            }
        }
        return this;
    }
}
