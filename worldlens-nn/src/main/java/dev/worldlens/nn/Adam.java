package dev.worldlens.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam (with optional decoupled weight decay, i.e. AdamW) over a {@link Parameters} set, updating in place from the
 * gradients left by a GradientCollector. Moment buffers live on the parameters' manager.
 */
public final class Adam {
    private static final int STATE_MAGIC = 0x574C4131; // "WLA1"
    private final List<NDArray> params = new ArrayList<>();
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private double lr;
    private int t;

    public Adam(Parameters parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        NDManager manager = parameters.manager();
        for (NDArray p : parameters.all().values()) {
            params.add(p);
            m.add(manager.zeros(p.getShape()));
            v.add(manager.zeros(p.getShape()));
        }
    }

    /** Adam with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8, no weight decay). */
    public static Adam withDefaults(Parameters parameters, double lr) {
        return new Adam(parameters, lr, 0.9, 0.999, 1e-8, 0.0);
    }

    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    public int steps() {
        return t;
    }

    public double learningRate() {
        return lr;
    }

    /** Writes the step count and both moment buffers (in parameter order), so a resumed run continues exactly. */
    public void saveState(java.io.OutputStream stream) throws java.io.IOException {
        java.io.DataOutputStream out = new java.io.DataOutputStream(stream);
        out.writeInt(STATE_MAGIC);
        out.writeInt(t);
        out.writeInt(params.size());
        for (int i = 0; i < params.size(); i++) {
            writeFloats(out, m.get(i));
            writeFloats(out, v.get(i));
        }
        out.flush();
    }

    /** Restores what {@link #saveState} wrote; the parameter list must be the same (count and sizes). */
    public void loadState(java.io.InputStream stream, String source) throws java.io.IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(stream);
        if (in.readInt() != STATE_MAGIC) {
            throw new java.io.IOException(source + ": not a WorldLens optimizer state");
        }
        int steps = in.readInt();
        int n = in.readInt();
        if (n != params.size()) {
            throw new java.io.IOException(source + ": optimizer state for " + n + " parameters, the model has "
                    + params.size());
        }
        for (int i = 0; i < n; i++) {
            readFloats(in, m.get(i), source);
            readFloats(in, v.get(i), source);
        }
        t = steps;
    }

    private static void writeFloats(java.io.DataOutputStream out, NDArray a) throws java.io.IOException {
        float[] values = a.toFloatArray();
        out.writeInt(values.length);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(values.length * 4);
        buf.asFloatBuffer().put(values);
        out.write(buf.array());
    }

    private static void readFloats(java.io.DataInputStream in, NDArray target, String source)
            throws java.io.IOException {
        int n = in.readInt();
        if (n != target.getShape().size()) {
            throw new java.io.IOException(source + ": optimizer buffer of " + n + " values, the parameter has "
                    + target.getShape().size());
        }
        byte[] bytes = new byte[n * 4];
        in.readFully(bytes);
        float[] values = new float[n];
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        target.set(values);
    }

    /**
     * One update from the current gradients, which are then reset to zero. PyTorch accumulates gradients across
     * backward passes and nothing else clears them (GradientCollector.zeroGradients() would, but walks every live
     * array of the engine), so without the reset each step would follow the sum of all earlier gradients. Call it
     * after the GradientCollector is closed.
     */
    public void step() {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        double stepSize = lr / c1;
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            try (NDManager scope = p.getManager().newSubManager()) {
                // temporaries go on the manager of their first operand: keep them all on the scope, not on the
                // parameters' manager (which would grow every step)
                NDArray g = p.getGradient();
                g.attach(scope);
                if (fusedStep(p, g, m.get(i), v.get(i), c1, c2)) {
                    continue;
                }
                NDArray mi = m.get(i);
                NDArray vi = v.get(i);
                Scalars.muli(mi, beta1).addi(Scalars.mul(g, 1 - beta1));
                Scalars.muli(vi, beta2).addi(Scalars.muli(g.square(), 1 - beta2));
                NDArray denom = Scalars.div(vi, c2);
                denom.attach(scope);
                denom = denom.sqrt().addi(eps);
                if (weightDecay > 0) {
                    Scalars.muli(p, 1 - lr * weightDecay);
                }
                NDArray update = mi.div(denom);
                update.attach(scope);
                Scalars.muli(update, stepSize);
                p.subi(update);
                Scalars.muli(g, 0);
            }
        }
    }

    /** Zeroes every gradient without an update (a step whose gradients are not finite is dropped). */
    public void discardGradients() {
        for (NDArray p : params) {
            NDArray g = p.getGradient();
            if (p instanceof PtNDArray pp) {
                JniUtils.zeroGrad(pp);
            } else {
                // multiplying by zero would keep NaN: overwrite instead
                g.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
            }
        }
    }

    /**
     * The same update as one native call of the PyTorch engine (m and v in place, then the gradient zeroed): about
     * half the passes over memory and a tenth of the JNI calls of the op-by-op path, which matters because the
     * update is memory-bound. PyTorch's lr/c1 * m / (sqrt(v/c2) + eps) is passed as
     * lr*sqrt(c2)/c1 * m / (sqrt(v) + eps*sqrt(c2)). Returns false (doing nothing) off the PyTorch engine.
     */
    private boolean fusedStep(NDArray p, NDArray g, NDArray mi, NDArray vi, double c1, double c2) {
        if (!(p instanceof PtNDArray pp && g instanceof PtNDArray pg && mi instanceof PtNDArray pm
                && vi instanceof PtNDArray pv)) {
            return false;
        }
        double rootC2 = Math.sqrt(c2);
        // adamw=false with zero decay adds 0*p to the gradient (one pass); adamw=true decays p by lr*wd first
        JniUtils.adamUpdate(pp, pg, pm, pv, (float) lr, (float) (lr * rootC2 / c1), (float) weightDecay, 1f, -1f,
                (float) beta1, (float) beta2, (float) (eps * rootC2), weightDecay > 0);
        JniUtils.zeroGrad(pp);
        return true;
    }
}
