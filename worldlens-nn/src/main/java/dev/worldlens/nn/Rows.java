package dev.worldlens.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/** Row gathers on the engine. */
public final class Rows {
    private Rows() {
    }

    /**
     * Rows {@code index} (int64, any shape) of {@code table} [rows, ...], as [index shape..., ...]; the result lives on
     * the index's manager. Uses the engine's embedding lookup (index_select), several times faster than advanced
     * indexing ({@code table.get(NDIndex)}) for row batches.
     */
    public static NDArray gather(NDArray table, NDArray index) {
        Shape shape = table.getShape();
        NDArray flat = shape.dimension() == 2 ? table : table.reshape(shape.get(0), -1);
        NDArray out = Embedding.embedding(index, flat, SparseFormat.DENSE).singletonOrThrow();
        if (shape.dimension() != 2) {
            out = out.reshape(index.getShape().addAll(shape.slice(1)));
        }
        if (flat != table) {
            flat.close();
        }
        return out;
    }
}
