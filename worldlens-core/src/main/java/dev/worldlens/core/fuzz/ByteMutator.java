package dev.worldlens.core.fuzz;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded damage to a file's bytes, for fuzzing a reader: each mutant takes 1 to 4 edits among a flipped bit, a byte
 * set to 0x00 or 0xff, a 4-byte run of 0xff/0x7f (declared lengths and counts become -1 or 2^31 - 1), truncation,
 * and a repeated chunk of up to 64 bytes. The same seed gives the same mutants.
 */
public final class ByteMutator {
    private final SplittableRandom rnd;

    public ByteMutator(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** A damaged copy of {@code original}; the original is left as it is. */
    public byte[] mutate(byte[] original) {
        byte[] b = original.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) (rnd.nextBoolean() ? 0xff : 0x00);
                case 2 -> {
                    for (int i = at; i < Math.min(b.length, at + 4); i++) {
                        b[i] = (byte) (rnd.nextBoolean() ? 0xff : 0x7f);
                    }
                }
                case 3 -> b = Arrays.copyOf(b, at);
                default -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                    byte[] longer = new byte[b.length + len];
                    System.arraycopy(b, 0, longer, 0, at + len);
                    System.arraycopy(b, at, longer, at + len, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }
}
