package dev.worldlens.bench;

import dev.worldlens.core.Episode;
import dev.worldlens.core.RgbImage;
import dev.worldlens.nn.Torch;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.VisualFeatures;
import dev.worldlens.policy.features.PolicyFeatureSpec;
import dev.worldlens.policy.eval.TabletopInputs;
import dev.worldlens.policy.head.ActionHeadConfig;
import dev.worldlens.policy.head.VideoFormerConfig;
import dev.worldlens.policy.vpp.PolicyBenchmark;
import dev.worldlens.policy.vpp.VppConfig;
import dev.worldlens.policy.vpp.VppPolicy;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Closed-loop inference rate of the policy at the quick size: chunks per second at batch 1 (one observation a call,
 * as a robot asks), control steps per second when each chunk is executed whole, and the time of each part (feature
 * pass, Video Former, head context, DDIM sampling). VPP needs a predictor run (its weights do not change the time);
 * the non-predictive baseline and VPP without the Former are timed beside it.
 */
public final class PolicyInferenceBenchmark {
    private PolicyInferenceBenchmark() {
    }

    /** Runs the benchmark and prints a table, one policy variant a row, to out. */
    public static void run(PolicyInferenceBenchmarkConfig c, PrintStream out) {
        out.printf("Policy benchmark: %d cores, %d engine threads, Java %s%n",
                Runtime.getRuntime().availableProcessors(), Torch.threads(), System.getProperty("java.version"));
        List<Observation> observations = observations();
        List<String> cameras = TabletopInputs.cameras();
        Map<String, PolicyFeatureSpec> variants = new LinkedHashMap<>();
        if (c.predictor() != null) {
            variants.put("VPP", new PolicyFeatureSpec(PolicyFeatureSpec.VPP + c.predictor(), cameras, -1));
            variants.put("VPP w/o Video Former", new PolicyFeatureSpec(PolicyFeatureSpec.VPP + c.predictor(),
                    cameras, -1));
        }
        variants.put("baseline " + c.baseline(), new PolicyFeatureSpec(c.baseline(), cameras, -1));
        int horizon = ActionHeadConfig.defaults().horizon();
        out.printf("%-26s %9s %14s %10s %10s %10s %10s %11s%n", "policy", "chunks/s", "control st/s",
                "total ms", "features", "former", "context", "sampling");
        for (Map.Entry<String, PolicyFeatureSpec> v : variants.entrySet()) {
            VppConfig config = VppConfig.defaults(TabletopInputs.vocabulary());
            if (v.getKey().contains("w/o")) {
                config = config.withFormer(VideoFormerConfig.defaults().bypassed());
            }
            try (VisualFeatures features = v.getValue().open(observations.get(0).state().length);
                 VppPolicy policy = VppPolicy.create(config, features)) {
                PolicyBenchmark.Result r = PolicyBenchmark.measure(policy, observations, 5, c.calls());
                out.printf(Locale.ROOT, "%-26s %9.1f %14.1f %10.2f %10.2f %10.2f %10.2f %11.2f%n", v.getKey(),
                        r.chunksPerSecond(), r.chunksPerSecond() * horizon, r.totalMs(), r.featuresMs(),
                        r.formerMs(), r.contextMs(), r.samplingMs());
            }
        }
        out.printf("chunks of %d actions, %d DDIM steps; medians per call in ms; control steps/s = chunks/s x "
                + "%d (each chunk executed whole)%n", horizon, ActionHeadConfig.defaults().samplingSteps(), horizon);
    }

    /** Observations of a few Tabletop episodes at the default cameras, with their instructions. */
    private static List<Observation> observations() {
        EpisodeGenerator gen = new EpisodeGenerator(GeneratorConfig.of(List.of(Scene.A), Setting.STATIC), 5);
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Episode e = gen.generate(i);
            String instruction = e.windows().isEmpty() ? "" : e.windows().get(0).instruction();
            for (int t = 0; t < e.length(); t += Math.max(1, e.length() / 5)) {
                Map<String, RgbImage> images = new LinkedHashMap<>();
                for (String camera : e.frames().cameras()) {
                    images.put(camera, e.frames().frame(camera, t));
                }
                out.add(new Observation(images, e.states()[t], instruction));
            }
        }
        return out;
    }
}
