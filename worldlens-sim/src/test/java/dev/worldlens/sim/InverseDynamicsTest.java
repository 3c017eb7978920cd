package dev.worldlens.sim;

import dev.worldlens.core.metrics.R2;
import dev.worldlens.core.metrics.RidgeRegression;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data must make inverse dynamics well posed: the transition (state t, state t+1) determines the action, while
 * the state at t alone does not (speed, pauses and noise vary). Ridge regression, fit on 160 episodes and scored on
 * 40 others.
 */
class InverseDynamicsTest {
    @Test
    void theTransitionDeterminesTheActionAndOneStateDoesNot() {
        EpisodeGenerator gen = new EpisodeGenerator(GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C),
                Setting.RANDOMISED).withoutRendering(), 0);
        SplittableRandom rng = new SplittableRandom(11);
        List<float[]> trX = new ArrayList<>(), trS = new ArrayList<>(), trY = new ArrayList<>();
        List<float[]> teX = new ArrayList<>(), teS = new ArrayList<>(), teY = new ArrayList<>();
        List<Task> tasks = Task.all();
        int episodes = 0;
        while (episodes < 200) {
            Task task = tasks.get(rng.nextInt(tasks.size()));
            EpisodeGenerator.Recording rec = gen.demonstrate(task, Scene.values()[episodes % 3], rng);
            if (rec == null || !rec.lastSucceeded()) {
                continue;
            }
            boolean test = episodes % 5 == 4;
            float[][] s = rec.states();
            float[][] a = rec.actions();
            for (int t = 0; t + 1 < s.length; t++) {
                float[] pair = new float[2 * s[t].length];
                System.arraycopy(s[t], 0, pair, 0, s[t].length);
                System.arraycopy(s[t + 1], 0, pair, s[t].length, s[t].length);
                (test ? teX : trX).add(pair);
                (test ? teS : trS).add(s[t]);
                (test ? teY : trY).add(a[t]);
            }
            episodes++;
        }
        float[][] yTest = teY.toArray(new float[0][]);
        RidgeRegression pairProbe = RidgeRegression.fit(trX.toArray(new float[0][]), trY.toArray(new float[0][]), 1e-3);
        RidgeRegression stateProbe = RidgeRegression.fit(trS.toArray(new float[0][]), trY.toArray(new float[0][]), 1e-3);
        double[] pair = R2.perDimension(yTest, pairProbe.predict(teX.toArray(new float[0][])));
        double[] single = R2.perDimension(yTest, stateProbe.predict(teS.toArray(new float[0][])));
        double pairMean = mean(pair);
        double singleMean = mean(single);
        System.out.printf("inverse dynamics, ridge, %d train / %d test pairs%n", trX.size(), teX.size());
        System.out.printf("  (s_t, s_t+1) -> a_t: R2 %.4f  per dim dx %.4f dy %.4f dyaw %.4f gripper %.4f%n",
                pairMean, pair[0], pair[1], pair[2], pair[3]);
        System.out.printf("  s_t alone   -> a_t: R2 %.4f  per dim dx %.4f dy %.4f dyaw %.4f gripper %.4f%n",
                singleMean, single[0], single[1], single[2], single[3]);
        assertTrue(pairMean >= 0.95, "transition R2 " + pairMean);
        assertTrue(singleMean <= pairMean - 0.2, "a single state should be clearly worse: " + singleMean);
        for (int d = 0; d < 3; d++) {
            assertTrue(single[d] < 0.6, "dimension " + d + " should not be predictable from one state: " + single[d]);
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
