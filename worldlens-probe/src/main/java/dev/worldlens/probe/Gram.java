package dev.worldlens.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * X'X and X'Y on the engine in one pass. The engine has no symmetric rank-k update, so for wide X the product is
 * computed tile by tile over the upper triangle only (close to half the multiply-adds) and mirrored; Y rides along
 * as extra columns of the last tile, so X'Y costs almost nothing instead of a skinny product of its own.
 */
final class Gram {
    private static final int BLOCK = 256;

    private Gram() {
    }

    /** {X'X, X'Y} for X [n, d] and Y [n, a] (Y may be null). */
    static NDArray[] of(NDArray x, NDArray y) {
        long d = x.getShape().get(1);
        int blocks = (int) Math.max(1, (d + BLOCK - 1) / BLOCK);
        NDArray[] cols = new NDArray[blocks];
        for (int b = 0; b < blocks; b++) {
            // contiguous copies of the column blocks: products of strided views are slower than the copy
            NDArray block = blocks == 1 ? x
                    : x.get(new NDIndex(":, " + (b * BLOCK) + ":" + Math.min(d, (long) (b + 1) * BLOCK))).duplicate();
            cols[b] = b == blocks - 1 && y != null ? block.concat(y, 1) : block;
        }
        NDArray[][] tiles = new NDArray[blocks][blocks];
        for (int i = 0; i < blocks; i++) {
            NDArray ti = cols[i].transpose();
            for (int j = i; j < blocks; j++) {
                tiles[i][j] = ti.matMul(cols[j]);
            }
        }
        long a = y == null ? 0 : y.getShape().get(1);
        long lastWidth = cols[blocks - 1].getShape().get(1) - a;
        NDList rows = new NDList();
        NDList xty = new NDList();
        for (int i = 0; i < blocks; i++) {
            NDList row = new NDList();
            long wi = i == blocks - 1 ? lastWidth : BLOCK;
            for (int j = 0; j < blocks; j++) {
                NDArray tile = j >= i ? tiles[i][j] : tiles[j][i].transpose();
                long wj = j == blocks - 1 ? lastWidth : BLOCK;
                row.add(tile.get(new NDIndex(":" + wi + ", :" + wj)));
            }
            rows.add(NDArrays.concat(row, 1));
            if (y != null) {
                xty.add(tiles[i][blocks - 1].get(new NDIndex(":" + wi + ", " + lastWidth + ":")));
            }
        }
        NDArray g = NDArrays.concat(rows, 0);
        return new NDArray[]{g, y == null ? null : NDArrays.concat(xty, 0)};
    }
}
