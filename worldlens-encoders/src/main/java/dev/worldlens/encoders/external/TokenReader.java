package dev.worldlens.encoders.external;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.encoders.Tokens;
import dev.worldlens.encoders.external.ModelCard.Output;
import dev.worldlens.encoders.external.ModelCard.TokenGrid;

import java.util.Arrays;
import java.util.List;

/**
 * Converts one model output (row-major floats with a batch axis first) into per-clip {@link Tokens} [T', N, D],
 * checking the shape against the card, so that a card that does not match its model fails with a message naming
 * the card field instead of returning misshaped tokens.
 */
final class TokenReader {
    private TokenReader() {
    }

    static void read(ModelCard card, int layer, Output output, float[] data, long[] shape, int batch,
                     List<Tokens> sink) {
        TokenGrid grid = card.tokens();
        int d = card.width();
        String field = "outputs." + layer;
        if (shape.length == 0 || shape[0] != batch) {
            throw mismatch(card, field, output, shape, "a leading batch axis of " + batch);
        }
        switch (output.layout()) {
            case BND -> {
                int m = grid.prefix() + grid.steps() * grid.perStep();
                expect(card, field, output, shape, new long[]{batch, m, d}, "prefix + steps * per_step = " + m
                        + " tokens of width " + d);
                int keep = grid.steps() * grid.perStep() * d;
                for (int b = 0; b < batch; b++) {
                    int from = (b * m + grid.prefix()) * d;
                    sink.add(new Tokens(grid.steps(), grid.perStep(), d, Arrays.copyOfRange(data, from, from + keep)));
                }
            }
            case BTND -> {
                expect(card, field, output, shape, new long[]{batch, grid.steps(), grid.perStep(), d},
                        "[steps, per_step, width]");
                int per = grid.steps() * grid.perStep() * d;
                for (int b = 0; b < batch; b++) {
                    sink.add(new Tokens(grid.steps(), grid.perStep(), d, Arrays.copyOfRange(data, b * per,
                            (b + 1) * per)));
                }
            }
            case BCHW -> {
                if (shape.length != 4 || shape[1] != d || shape[2] * shape[3] != grid.perStep() || grid.steps() != 1) {
                    throw mismatch(card, field, output, shape, "[batch, width " + d + ", H, W] with H * W = per_step "
                            + grid.perStep() + " and one token step");
                }
                int n = grid.perStep();
                for (int b = 0; b < batch; b++) {
                    // channels-first map -> token-major: token i is the C-vector at pixel i (row-major H x W)
                    float[] tokens = new float[n * d];
                    int base = b * d * n;
                    for (int c = 0; c < d; c++) {
                        for (int i = 0; i < n; i++) {
                            tokens[i * d + c] = data[base + c * n + i];
                        }
                    }
                    sink.add(new Tokens(1, n, d, tokens));
                }
            }
            case BD -> {
                expect(card, field, output, shape, new long[]{batch, d}, "one pooled vector of width " + d);
                for (int b = 0; b < batch; b++) {
                    sink.add(new Tokens(1, 1, d, Arrays.copyOfRange(data, b * d, (b + 1) * d)));
                }
            }
            default -> throw new IllegalStateException(output.layout().name());
        }
    }

    private static void expect(ModelCard card, String field, Output output, long[] shape, long[] want, String what) {
        if (!Arrays.equals(shape, want)) {
            throw mismatch(card, field, output, shape, Arrays.toString(want) + " (" + what + ")");
        }
    }

    private static InvalidInputException mismatch(ModelCard card, String field, Output output, long[] shape,
                                                  String want) {
        return new InvalidInputException(card.file(), field, "model output '" + output.name() + "' has shape "
                + Arrays.toString(shape) + " but layout " + output.layout() + " and the card's tokens/width need "
                + want);
    }
}
