package dev.worldlens.policy.study;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.policy.features.PolicyFeatureSpec;
import dev.worldlens.policy.predictor.PredictorConfig;
import dev.worldlens.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A VPP comparison as data: the presets smoke and quick are YAML files under resources/policy-study/, and a user's
 * YAML of the same shape can replace them. A study folder is resumed only with the same config.
 *
 * @param preset    the preset's name (or "custom")
 * @param seed      seeds the dataset, the predictor, the encoders and the policies
 * @param data      the play dataset the policies learn from (CALVIN's ABC: scenes A-C)
 * @param predictor VPP stage 1
 * @param encoders  families pretrained on the same episodes for the non-predictive baselines
 * @param policy    stage 2, the same for every variant
 * @param variants  the policies compared: vpp, vpp-no-former (every token to the head), vpp-pooled (no Former,
 *                  tokens averaged to the Former's count), a family of {@code encoders}, or a built-in encoder
 *                  (raw:SIDE, random-vit, or state: the privileged simulator state, a reference for the head),
 *                  or privileged Tabletop features (task-frame, gripper-frame, objects)
 * @param eval      the closed-loop chains; the scripted expert (the ceiling) and a random policy run them too
 */
public record PolicyStudyConfig(String preset, long seed, Data data, Predictor predictor, List<Encoder> encoders,
                                Training policy, List<String> variants, Eval eval) {
    public static final String VPP = "vpp";
    public static final String VPP_NO_FORMER = "vpp-no-former";
    public static final String VPP_POOLED = "vpp-pooled";
    public static final List<String> PRESETS = List.of("smoke", "quick", "medium");

    public PolicyStudyConfig {
        encoders = encoders == null ? List.of() : List.copyOf(encoders);
        variants = variants == null ? List.of() : List.copyOf(variants);
    }

    /**
     * Play episodes of {@code playTasks} language windows each, as `worldlens sim generate` writes them;
     * {@code balanced} (optional, false) opens them with each task id in turn ({@code sim generate --balanced}).
     */
    public record Data(String scenes, String setting, int episodes, int playTasks, int maxSteps, int topSize,
                       int gripperSize, Boolean balanced) {
    }

    /** The predictor's size (quick or tiny) and, when set, its steps. */
    public record Predictor(String size, Integer steps) {
    }

    /** A family pretrained on the top camera at {@code imageSize} for {@code steps}. */
    public record Encoder(String family, int steps, int imageSize) {
    }

    /**
     * Stage 2: optimizer steps, batch, peak learning rate, share of episodes held out for validation; optionally
     * {@code rolloutChains} closed-loop chains in the seen scene (eval.seenScene, else the first training scene)
     * every {@code rolloutEvery} steps to choose the kept policy ({@code policy train --rollout-chains}), and
     * {@code sampleStride} (optional, 1) to keep a sample every so many frames ({@code policy train
     * --sample-stride}).
     */
    public record Training(int steps, int batch, double lr, double validation, Integer rolloutChains,
                           Integer rolloutEvery, Integer sampleStride) {

        /** The closed-loop chains per check (0: the kept policy is the lowest validation MSE). */
        public int checks() {
            return rolloutChains == null ? 0 : rolloutChains;
        }

        /** A sample every this many frames of a language window (optional, 1: every frame). */
        public int stride() {
            return sampleStride == null ? 1 : sampleStride;
        }
    }

    /**
     * Chains of 5 in {@code scene} (unseen in training: CALVIN's ABC -> D), with {@code gifs} rollouts written per
     * policy; when {@code seenScene} is set, the same number of chains again in that training scene (as CALVIN's
     * D -> D), which separates what a policy learnt from how far it carries to a new scene.
     */
    public record Eval(int chains, String scene, String setting, int gifs, String seenScene) {
    }

    public static PolicyStudyConfig preset(String name) {
        if (!PRESETS.contains(name)) {
            throw new InvalidInputException("preset", "expected one of " + PRESETS + ", got '" + name + "'");
        }
        String resource = "/policy-study/" + name + ".yaml";
        try (InputStream in = PolicyStudyConfig.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the preset " + resource + " is missing from the jar");
            }
            return Json.YAML.readValue(in, PolicyStudyConfig.class).validated(resource);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the preset " + resource + ": " + e.getMessage(), e);
        }
    }

    public static PolicyStudyConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, null, "no such config file");
        }
        try {
            return Json.YAML.readValue(file.toFile(), PolicyStudyConfig.class).validated(file.toString());
        } catch (JsonMappingException e) {
            throw dev.worldlens.core.ConfigFileError.of(file.toString(), e);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "yaml", e.getMessage());
        }
    }

    /** Whether a variant reads VPP's predictive features. */
    public static boolean predictive(String variant) {
        return variant.equals(VPP) || variant.equals(VPP_NO_FORMER) || variant.equals(VPP_POOLED);
    }

    /** The pretrained family a variant reads, or null for VPP and built-in encoders. */
    public Encoder encoder(String variant) {
        return encoders.stream().filter(e -> e.family().equals(variant)).findFirst().orElse(null);
    }

    private PolicyStudyConfig validated(String source) {
        if (data == null || data.episodes() < 4 || data.playTasks() < 1) {
            throw new InvalidInputException(source, "data", "at least 4 episodes of at least 1 play task are needed");
        }
        if (predictor == null || !List.of("quick", "medium", "tiny").contains(predictor.size())) {
            throw new InvalidInputException(source, "predictor.size", "expected one of " + PredictorConfig.SIZES);
        }
        if (policy == null || policy.steps() < 1 || policy.batch() < 1 || !(policy.lr() > 0)
                || !(policy.validation() > 0 && policy.validation() < 1)) {
            throw new InvalidInputException(source, "policy", "expected steps and batch >= 1, lr > 0 and a "
                    + "validation share in (0, 1)");
        }
        if (policy.checks() < 0 || policy.checks() > 0 && (policy.rolloutEvery() == null
                || policy.rolloutEvery() < 1 || policy.rolloutEvery() > policy.steps())) {
            throw new InvalidInputException(source, "policy.rolloutEvery", "with policy.rolloutChains > 0, expected "
                    + "a check interval in 1.." + policy.steps() + " steps, got " + policy.rolloutEvery());
        }
        if (policy.stride() < 1) {
            throw new InvalidInputException(source, "policy.sampleStride", "expected a sample every 1 or more frames, "
                    + "got " + policy.sampleStride());
        }
        if (variants.isEmpty()) {
            throw new InvalidInputException(source, "variants", "at least one policy to compare");
        }
        for (String v : variants) {
            boolean builtin = v.startsWith("raw") || v.equals("random-vit") || v.equals("state")
                    || PolicyFeatureSpec.PRIVILEGED.contains(v);
            if (!predictive(v) && !builtin && encoder(v) == null) {
                throw new InvalidInputException(source, "variants", "'" + v + "' is neither vpp, vpp-no-former, "
                        + "vpp-pooled, a built-in encoder (raw:SIDE, random-vit, state), privileged features ("
                        + String.join(", ", PolicyFeatureSpec.PRIVILEGED) + ") nor a family listed under encoders");
            }
        }
        if (eval == null || eval.chains() < 1 || eval.gifs() < 0) {
            throw new InvalidInputException(source, "eval", "expected at least 1 chain and gifs >= 0");
        }
        if (eval.seenScene() != null && !data.scenes().toUpperCase(java.util.Locale.ROOT)
                .contains(eval.seenScene().toUpperCase(java.util.Locale.ROOT))) {
            throw new InvalidInputException(source, "eval.seenScene", "'" + eval.seenScene() + "' is not one of "
                    + "the training scenes " + data.scenes());
        }
        return this;
    }
}
