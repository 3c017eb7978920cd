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
        return new VideoFormerConfig(128, 2, 4, 32, 8, 4, true, false, false);
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
}
