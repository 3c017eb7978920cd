package dev.worldlens.probe;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FamilyRankingTest {

    private static ProbeResult result(String family, String probe, double r2) {
        SeedStatistics s = SeedStatistics.of(List.of(r2));
        return new ProbeResult(family + "-run", family, 4, probe, "task", 0, 1, "first", "concat-delta", List.of(),
                List.of(), 10, 2, 100, 20, List.of(0L), List.of(), List.of(), s, s, Map.of(), s, s, 1.0);
    }

    @Test
    void theTableOrderGivesRhoOneAndItsReverseMinusOne() {
        List<ProbeResult> same = new ArrayList<>();
        List<ProbeResult> reversed = new ArrayList<>();
        double r2 = 0.9;
        for (FamilyRanking.Reference ref : FamilyRanking.PAPER) {
            same.add(result(ref.family(), "mlp", r2));
            reversed.add(result(ref.family(), "mlp", -r2));
            r2 -= 0.1;
        }
        assertEquals(1.0, FamilyRanking.of(same).get(0).rhoTableOrder(), 1e-12);
        assertEquals(-1.0, FamilyRanking.of(reversed).get(0).rhoTableOrder(), 1e-12);
        assertEquals("vjepa", FamilyRanking.of(same).get(0).entries().get(0).family());
    }

    @Test
    void idEncodersBaselinesAndSingleFamiliesAreLeftOut() {
        List<ProbeResult> rs = List.of(result("vjepa+id-l1", "mlp", 0.9), result("random-vit", "mlp", 0.5),
                result("vae", "mlp", 0.1), result("vjepa", "ridge", 0.2));
        assertTrue(FamilyRanking.of(rs).isEmpty());
        List<ProbeResult> two = List.of(result("vae", "mlp", 0.3), result("videomae", "mlp", 0.1));
        FamilyRanking r = FamilyRanking.of(two).get(0);
        assertEquals(-1.0, r.rhoTableOrder(), 1e-12);
        assertEquals(2, r.rows().size() - 1);
    }
}
