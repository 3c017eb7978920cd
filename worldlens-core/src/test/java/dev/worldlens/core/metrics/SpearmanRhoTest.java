package dev.worldlens.core.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpearmanRhoTest {
    @Test
    void perfectAndReversedOrders() {
        assertEquals(1.0, SpearmanRho.of(new double[]{1, 2, 3, 4}, new double[]{10, 20, 35, 100}), 1e-12);
        assertEquals(-1.0, SpearmanRho.of(new double[]{1, 2, 3, 4}, new double[]{4, 3, 2, 1}), 1e-12);
    }

    @Test
    void matchesAHandComputedValueWithTies() {
        assertArrayEquals(new double[]{1, 2.5, 2.5, 4}, SpearmanRho.ranks(new double[]{0.1, 0.5, 0.5, 0.9}));
        // ranks x: 1,2,3,4,5; y: 2,1,4,3,5 -> d^2 sum 4, rho = 1 - 6*4/(5*24) = 0.8 (no ties)
        assertEquals(0.8, SpearmanRho.of(new double[]{1, 2, 3, 4, 5}, new double[]{2, 1, 4, 3, 5}), 1e-12);
        assertTrue(Double.isNaN(SpearmanRho.of(new double[]{1, 1, 1}, new double[]{1, 2, 3})));
    }
}
