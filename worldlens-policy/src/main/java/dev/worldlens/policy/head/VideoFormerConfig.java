package dev.worldlens.policy.head;

/**
 * Shape of a {@link VideoFormer}. VPP's CALVIN model: width 384, 6 layers, 8 heads of 64, 14 queries per frame over
 * 16 frames, FFN x4, temporal attention on; the defaults here are the scaled-down sizes vpp.md section 9 suggests for
 * a CPU, narrower still (width 128, 2 layers) so a stage-2 run fits in minutes on two cores.
 *
 * @param width           token width D of the output (and of the queries)
 * @param depth           layers (cross-attention, temporal attention, FFN)
 * @param heads           attention heads
 * @param headDim         width of one head
 * @param queriesPerFrame learned queries per frame (VPP: 14); the output has frames x queriesPerFrame tokens
 * @param ffMult          FFN hidden width / D
 * @param temporal        false drops the temporal self-attention (VPP's "w/o temporal attention" ablation)
 * @param bypass          true replaces the Former by a per-token projection (VPP's "w/o Video Former" baseline): the
 *                        output is every input token, projected to D, frames x tokensPerFrame tokens
 * @param pool            with {@code bypass}: each frame's tokens are first averaged in consecutive groups down to
 *                        queriesPerFrame tokens, so the head reads as many tokens as the Former would give it (a fixed
 *                        pooling in place of learnt attention, and the cost of VPP's head, not 3-4 times it)
 */
public record VideoFormerConfig(int width, int depth, int heads, int headDim, int queriesPerFrame, int ffMult,
                                boolean temporal, boolean bypass, boolean pool) {

    public VideoFormerConfig {
        if (width < 2 || depth < 0 || heads < 1 || headDim < 1 || queriesPerFrame < 1 || ffMult < 1) {
            throw new IllegalArgumentException("video former: width >= 2, depth >= 0, heads, head width, queries "
                    + "and FFN multiple >= 1 expected; got width " + width + ", depth " + depth + ", heads " + heads
                    + ", headDim " + headDim + ", queries " + queriesPerFrame + ", ffMult " + ffMult);
        }
        if (pool && !bypass) {
            throw new IllegalArgumentException("video former: token pooling is an option of the bypass only");
        }
    }

    /** Width 128, 2 layers, 4 heads of 32, 8 queries per frame, FFN x4, temporal attention on. */
    public static VideoFormerConfig defaults() {
        return builder().build();
    }

    /** A builder whose every field is optional and starts at {@link #defaults()}'s value. */
    public static Builder builder() {
        return new Builder();
    }

    public VideoFormerConfig withWidth(int newWidth, int newHeads, int newHeadDim) {
        return new VideoFormerConfig(newWidth, depth, newHeads, newHeadDim, queriesPerFrame, ffMult, temporal, bypass,
                pool);
    }

    public VideoFormerConfig withQueries(int queries) {
        return new VideoFormerConfig(width, depth, heads, headDim, queries, ffMult, temporal, bypass, pool);
    }

    public VideoFormerConfig withoutTemporal() {
        return new VideoFormerConfig(width, depth, heads, headDim, queriesPerFrame, ffMult, false, bypass, pool);
    }

    /** The "VPP without Video Former" baseline: tokens projected one by one, nothing attends. */
    public VideoFormerConfig bypassed() {
        return new VideoFormerConfig(width, depth, heads, headDim, queriesPerFrame, ffMult, temporal, true, false);
    }

    /**
     * The bypass over pooled tokens: each frame's tokens averaged in consecutive groups to queriesPerFrame (for
     * VPP's features, laid out view by view and row by row, a group is a part of a row of one view's grid).
     */
    public VideoFormerConfig bypassedPooled() {
        return new VideoFormerConfig(width, depth, heads, headDim, queriesPerFrame, ffMult, temporal, true, true);
    }

    /** Tokens per frame the Former's output has for {@code tokensPerFrame} input tokens. */
    public int outputTokensPerFrame(int tokensPerFrame) {
        if (!bypass) {
            return queriesPerFrame;
        }
        return pool ? Math.min(queriesPerFrame, tokensPerFrame) : tokensPerFrame;
    }

    /** Output tokens for a feature grid of {@code frames} x {@code tokensPerFrame}. */
    public int outputTokens(int frames, int tokensPerFrame) {
        return frames * outputTokensPerFrame(tokensPerFrame);
    }

    /** Required fields are set with {@code set*}, optional ones with {@code opt*}. */
    public static final class Builder {
        private int width = 128;
        private int depth = 2;
        private int heads = 4;
        private int headDim = 32;
        private int queriesPerFrame = 8;
        private int ffMult = 4;
        private boolean temporal = true;
        private boolean bypass = false;
        private boolean pool = false;

        private Builder() {
        }

        /** Token width D of the output and the queries (default 128). */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /** Layers (default 2). */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Attention heads (default 4). */
        public Builder optHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Width of one head (default 32). */
        public Builder optHeadDim(int headDim) {
            this.headDim = headDim;
            return this;
        }

        /** Learned queries per frame (default 8). */
        public Builder optQueriesPerFrame(int queriesPerFrame) {
            this.queriesPerFrame = queriesPerFrame;
            return this;
        }

        /** FFN hidden width / D (default 4). */
        public Builder optFfMult(int ffMult) {
            this.ffMult = ffMult;
            return this;
        }

        /** False drops the temporal self-attention (default true). */
        public Builder optTemporal(boolean temporal) {
            this.temporal = temporal;
            return this;
        }

        /** True replaces the Former by a per-token projection (default false). */
        public Builder optBypass(boolean bypass) {
            this.bypass = bypass;
            return this;
        }

        /** With the bypass, average each frame's tokens down to queriesPerFrame first (default false). */
        public Builder optPool(boolean pool) {
            this.pool = pool;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the invalid sizes, or pooling without the bypass
         */
        public VideoFormerConfig build() {
            return new VideoFormerConfig(width, depth, heads, headDim, queriesPerFrame, ffMult, temporal, bypass, pool);
        }
    }
}
