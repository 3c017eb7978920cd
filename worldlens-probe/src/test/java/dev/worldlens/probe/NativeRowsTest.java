package dev.worldlens.probe;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rows written through the buffer are where native calls read them, for small and huge-page-aligned matrices. */
class NativeRowsTest {
    @Test
    void rowsWrittenThroughTheBufferAreReadAtTheirNativeAddresses() {
        for (int[] shape : new int[][]{{3, 5}, {1100, 2051}}) {
            int rows = shape[0];
            int stride = shape[1];
            try (NativeRows m = new NativeRows(rows, stride)) {
                FloatBuffer out = m.buffer();
                assertEquals((long) rows * stride, out.capacity());
                float[] row = new float[stride];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < stride; j++) {
                        row[j] = i * 10_000f + j;
                    }
                    out.put(i * stride, row, 0, stride);
                }
                if ((long) rows * stride * Float.BYTES >= 8L << 20) {
                    assertEquals(0, m.pointer().address() % (2L << 20), "huge-page aligned");
                }
                for (int i : new int[]{0, rows / 2, rows - 1}) {
                    FloatPointer p = m.fromRow(i);
                    assertEquals(i * 10_000f, p.get(0));
                    assertEquals(i * 10_000f + stride - 1, p.get(stride - 1));
                }
            }
        }
    }
}
