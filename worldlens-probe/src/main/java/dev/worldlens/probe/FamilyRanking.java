package dev.worldlens.probe;

import dev.worldlens.core.metrics.SpearmanRho;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a run ranks the built-in families against the probing study (probing-study.md §3, Table 1, LIBERO task-OOD,
 * MLP probe): Table 1 lists its rows best first (V-JEPA 2, VideoMAE, LAPA, DIFF, Web-DINO, SigLIP 2, SDXL VAE,
 * Cosmos, Dreamer 4), which for our families is vjepa, videomae, diffusion, image-ssl, vae, shortcut. Spearman's rho
 * is reported against that row order and against the paper's frozen R² of the matching backbone. Only frozen
 * encoders of the six families take part (a +ID encoder's family carries a "+" suffix).
 *
 * @param probe   the probe whose R² ranks the families
 * @param entries one per family, best R² first
 * @param rhoTableOrder Spearman's rho between our R² and Table 1's row order
 * @param rhoFrozenR2   Spearman's rho between our R² and the paper's frozen R²
 */
public record FamilyRanking(String probe, List<Entry> entries, double rhoTableOrder, double rhoFrozenR2) {

    /** The paper's row position (1 = best) and frozen / +ID R² of the backbone each family stands for. */
    public record Reference(String family, String backbone, int tableRow, double frozenR2, double idR2) {
    }

    public static final List<Reference> PAPER = List.of(
            new Reference("vjepa", "V-JEPA 2 ViT-L", 1, 0.40, 0.85),
            new Reference("videomae", "VideoMAE ViT-L", 2, 0.46, 0.75),
            new Reference("diffusion", "DIFF (pixel diffusion)", 3, 0.43, 0.57),
            new Reference("image-ssl", "Web-DINO ViT-L", 4, -0.01, 0.16),
            new Reference("vae", "SDXL VAE", 5, -0.55, -0.41),
            new Reference("shortcut", "Dreamer 4 (reproduction)", 6, -0.04, -0.04));

    public record Entry(String family, String encoder, double r2, Reference paper) {
    }

    /** One ranking per probe that scored at least two of the families; empty when none did. */
    public static List<FamilyRanking> of(List<ProbeResult> results) {
        Map<String, Reference> byFamily = new LinkedHashMap<>();
        PAPER.forEach(r -> byFamily.put(r.family(), r));
        Map<String, Map<String, Entry>> perProbe = new LinkedHashMap<>();
        for (ProbeResult r : results) {
            Reference ref = byFamily.get(r.family());
            if (ref == null) {
                continue;
            }
            Map<String, Entry> entries = perProbe.computeIfAbsent(r.probe(), p -> new LinkedHashMap<>());
            Entry current = entries.get(r.family());
            if (current == null || r.r2().mean() > current.r2()) {
                entries.put(r.family(), new Entry(r.family(), r.encoder(), r.r2().mean(), ref));
            }
        }
        List<FamilyRanking> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Entry>> e : perProbe.entrySet()) {
            FamilyRanking r = rank(e.getKey(), new ArrayList<>(e.getValue().values()));
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** Whether a family is one of the paper's (only those are ranked). */
    public static boolean knows(String family) {
        return PAPER.stream().anyMatch(r -> r.family().equals(family));
    }

    /**
     * The ranking of one probe's R² per family (e.g. a mean over split seeds; families the paper does not know are
     * left out), or null with fewer than two families.
     */
    public static FamilyRanking of(String probe, Map<String, Double> r2ByFamily) {
        List<Entry> entries = new ArrayList<>();
        for (Reference ref : PAPER) {
            Double r2 = r2ByFamily.get(ref.family());
            if (r2 != null) {
                entries.add(new Entry(ref.family(), ref.family(), r2, ref));
            }
        }
        return rank(probe, entries);
    }

    private static FamilyRanking rank(String probe, List<Entry> entries) {
        if (entries.size() < 2) {
            return null;
        }
        entries = new ArrayList<>(entries);
        entries.sort(Comparator.comparingDouble(Entry::r2).reversed());
        double[] ours = new double[entries.size()];
        double[] order = new double[entries.size()];
        double[] frozen = new double[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            ours[i] = entries.get(i).r2();
            order[i] = -entries.get(i).paper().tableRow();
            frozen[i] = entries.get(i).paper().frozenR2();
        }
        return new FamilyRanking(probe, List.copyOf(entries), SpearmanRho.of(ours, order),
                SpearmanRho.of(ours, frozen));
    }

    /** Rows for a table: rank, family, encoder, our R², the paper's row and its frozen and +ID R². */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("rank", "family", "encoder", "R² (" + probe + ")", "paper row", "paper backbone",
                "paper frozen R²", "paper +ID R²"));
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            rows.add(List.of(Integer.toString(i + 1), e.family(), e.encoder(), String.format("%.3f", e.r2()),
                    Integer.toString(e.paper().tableRow()), e.paper().backbone(),
                    String.format("%.2f", e.paper().frozenR2()), String.format("%.2f", e.paper().idR2())));
        }
        return rows;
    }

    public String summaryLine() {
        return String.format("Spearman's rho against Table 1's row order: %.2f; against the paper's frozen R²: %.2f "
                + "(%d families, %s probe)", rhoTableOrder, rhoFrozenR2, entries.size(), probe);
    }
}
