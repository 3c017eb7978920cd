package dev.worldlens.data.calvin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Declared lengths are checked against the bytes left before anything is allocated. */
@Timeout(5)
class PickleReaderTest {
    private static String refused(byte[] pickle) {
        return assertThrows(IllegalArgumentException.class, () -> PickleReader.load(pickle)).getMessage();
    }

    @Test
    void aNegativeOrHugeDeclaredLengthIsAnErrorNotAnAllocation() {
        // PROTO 4, BINUNICODE with a 4-byte length of -1
        String negative = refused(new byte[]{(byte) 0x80, 4, 'X', -1, -1, -1, -1});
        assertTrue(negative.contains("declares -1 bytes") && negative.contains("at byte"), negative);
        // SHORT_BINUNICODE's 8-byte cousin 0x8d with 2^40 bytes, and BINBYTES8 (0x8e) with 2^31 + 1
        String huge = refused(new byte[]{(byte) 0x80, 4, (byte) 0x8d, 0, 0, 0, 0, 0, 1, 0, 0, 'x', '.'});
        assertTrue(huge.contains("declares 1099511627776 bytes") && huge.contains("2 remain"), huge);
        String big = refused(new byte[]{(byte) 0x80, 4, (byte) 0x8e, 1, 0, 0, (byte) 0x80, 0, 0, 0, 0, '.'});
        assertTrue(big.contains("declares 2147483649 bytes"), big);
        // a length that fits still reads
        assertEquals("ab", PickleReader.load(new byte[]{(byte) 0x80, 4, (byte) 0x8c, 2, 'a', 'b', '.'}));
    }
}
