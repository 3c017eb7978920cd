package dev.worldlens.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * X'X on the engine. The engine has no symmetric rank-k update, so for wide X the product is computed block by
 * block over the upper triangle only and mirrored, which saves close to half of the multiply-adds.
 */
final class Gram {
    private static final int BLOCK = 256;

    private Gram() {
    }

    static NDArray of(NDArray x) {
        long d = x.getShape().get(1);
        if (d <= 2 * BLOCK) {
            return x.transpose().matMul(x);
        }
        NDManager m = x.getManager();
        int blocks = (int) ((d + BLOCK - 1) / BLOCK);
        NDArray[] cols = new NDArray[blocks];
        for (int b = 0; b < blocks; b++) {
            // a contiguous copy of the column block: products of strided views are slower than the copy
            cols[b] = x.get(new NDIndex(":, " + (b * BLOCK) + ":" + Math.min(d, (long) (b + 1) * BLOCK))).duplicate();
        }
        NDArray[][] tiles = new NDArray[blocks][blocks];
        for (int i = 0; i < blocks; i++) {
            NDArray ti = cols[i].transpose();
            for (int j = i; j < blocks; j++) {
                tiles[i][j] = ti.matMul(cols[j]);
                if (j > i) {
                    tiles[j][i] = tiles[i][j].transpose();
                }
            }
        }
        NDList rows = new NDList();
        for (int i = 0; i < blocks; i++) {
            rows.add(NDArrays.concat(new NDList(tiles[i]), 1));
        }
        NDArray g = NDArrays.concat(rows, 0);
        return g.toDevice(m.getDevice(), false);
    }
}
