package dev.worldlens.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Named trainable tensors of one model, kept on their own NDManager. Initial values are drawn with Java's
 * SplittableRandom, not the engine's generator, so a seed gives the same weights on every engine and device.
 * Saves and loads as a small self-describing binary (name, shape, float32 values).
 */
public final class Parameters implements AutoCloseable {
    private static final int MAGIC = 0x574C5031; // "WLP1"

    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();

    public Parameters(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    public NDManager manager() {
        return manager;
    }

    /** Truncated-free normal init with the given std (std 0 gives zeros). */
    public NDArray normal(String name, double std, SplittableRandom rng, long... shape) {
        long n = new Shape(shape).size();
        float[] v = new float[Math.toIntExact(n)];
        if (std > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextGaussian() * std);
            }
        }
        return put(name, v, shape);
    }

    /** Uniform init in [-bound, bound] (PyTorch's default for linear layers uses bound 1/sqrt(fan_in)). */
    public NDArray uniform(String name, double bound, SplittableRandom rng, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return put(name, v, shape);
    }

    public NDArray constant(String name, float value, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        java.util.Arrays.fill(v, value);
        return put(name, v, shape);
    }

    private NDArray put(String name, float[] values, long... shape) {
        if (params.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' defined twice");
        }
        NDArray a = manager.create(values, new Shape(shape));
        a.setName(name);
        a.setRequiresGradient(true);
        params.put(name, a);
        return a;
    }

    public NDArray get(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        return a;
    }

    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(params);
    }

    public long count() {
        long n = 0;
        for (NDArray a : params.values()) {
            n += a.getShape().size();
        }
        return n;
    }

    public void save(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(MAGIC);
        out.writeInt(params.size());
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            out.writeUTF(e.getKey());
            long[] shape = e.getValue().getShape().getShape();
            out.writeInt(shape.length);
            for (long s : shape) {
                out.writeLong(s);
            }
            for (float f : e.getValue().toType(DataType.FLOAT32, false).toFloatArray()) {
                out.writeFloat(f);
            }
        }
        out.flush();
    }

    /** Overwrites the values of existing parameters from a stream written by {@link #save}; shapes must match. */
    public void load(InputStream stream, String source) throws IOException {
        load(stream, source, false);
    }

    /**
     * As {@link #load(InputStream, String)}; with {@code allowMissing} the model may hold parameters the file lacks
     * (they keep their current values), e.g. a new auxiliary head on a pretrained encoder. Every parameter in the
     * file must still exist in the model with the same shape.
     */
    public void load(InputStream stream, String source, boolean allowMissing) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != MAGIC) {
            throw new IOException(source + ": not a WorldLens parameter file");
        }
        int n = in.readInt();
        if (allowMissing ? n > params.size() : n != params.size()) {
            throw new IOException(source + ": holds " + n + " parameters, the model has " + params.size());
        }
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            long[] shape = new long[in.readInt()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.readLong();
            }
            NDArray target = params.get(name);
            if (target == null || !target.getShape().equals(new Shape(shape))) {
                throw new IOException(source + ": parameter '" + name + "' " + new Shape(shape)
                        + " does not match the model (" + (target == null ? "absent" : target.getShape()) + ")");
            }
            float[] v = new float[Math.toIntExact(new Shape(shape).size())];
            for (int j = 0; j < v.length; j++) {
                v[j] = in.readFloat();
            }
            target.set(v);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
