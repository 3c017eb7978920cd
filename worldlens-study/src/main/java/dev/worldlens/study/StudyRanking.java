package dev.worldlens.study;

import dev.worldlens.core.metrics.SpearmanRho;
import dev.worldlens.probe.FamilyRanking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The study's family rankings, from the main table's frozen families on the randomised setting: against the paper
 * (each probe kind at k = 1, R² averaged over split seeds), and between split seeds (does a second draw of held-out
 * task families order the families the same way? Spearman's rho of their R² under the first two split seeds, per
 * probe kind and k). A ranking that changes with the split says nothing about the families, so the agreement is
 * read before any comparison with the paper.
 */
final class StudyRanking {
    private StudyRanking() {
    }

    static List<FamilyRanking> rankings(List<StudyResults.MainRow> main) {
        List<FamilyRanking> out = new ArrayList<>();
        for (String kind : kinds(main)) {
            Map<String, double[]> sums = new LinkedHashMap<>();
            for (StudyResults.MainRow m : frozenFamilies(main, kind, 1)) {
                double[] s = sums.computeIfAbsent(m.family(), f -> new double[2]);
                s[0] += m.r2();
                s[1]++;
            }
            Map<String, Double> mean = new LinkedHashMap<>();
            sums.forEach((f, s) -> mean.put(f, s[0] / s[1]));
            FamilyRanking r = FamilyRanking.of(kind, mean);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    static List<StudyResults.SplitAgreement> splitAgreement(List<StudyResults.MainRow> main) {
        List<StudyResults.SplitAgreement> out = new ArrayList<>();
        List<Long> seeds = main.stream().map(StudyResults.MainRow::splitSeed).distinct().toList();
        if (seeds.size() < 2) {
            return out;
        }
        for (String kind : kinds(main)) {
            for (int k : main.stream().map(StudyResults.MainRow::k).distinct().toList()) {
                Map<String, Double> a = byFamily(main, kind, k, seeds.get(0));
                Map<String, Double> b = byFamily(main, kind, k, seeds.get(1));
                a.keySet().retainAll(b.keySet());
                if (a.size() < 2) {
                    continue;
                }
                double[] x = a.values().stream().mapToDouble(Double::doubleValue).toArray();
                double[] y = a.keySet().stream().mapToDouble(b::get).toArray();
                out.add(new StudyResults.SplitAgreement(kind, k, seeds.get(0), seeds.get(1), a.size(), SpearmanRho.of(x, y)));
            }
        }
        return out;
    }

    private static Map<String, Double> byFamily(List<StudyResults.MainRow> main, String kind, int k, long seed) {
        Map<String, Double> out = new LinkedHashMap<>();
        frozenFamilies(main, kind, k).stream().filter(m -> m.splitSeed() == seed)
                .forEach(m -> out.put(m.family(), m.r2()));
        return out;
    }

    private static List<StudyResults.MainRow> frozenFamilies(List<StudyResults.MainRow> main, String kind, int k) {
        return main.stream().filter(m -> m.setting().equals(Study.MAIN_SETTING) && m.probe().equals(kind)
                && m.k() == k && m.variant().equals(StudyEncoder.FROZEN) && FamilyRanking.knows(m.family())).toList();
    }

    private static List<String> kinds(List<StudyResults.MainRow> main) {
        return main.stream().map(StudyResults.MainRow::probe).distinct().toList();
    }
}
