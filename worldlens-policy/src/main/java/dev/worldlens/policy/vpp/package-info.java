/**
 * The assembled policy: {@link dev.worldlens.policy.vpp.VppPolicy} (visual features, Video Former, diffusion head;
 * saved as policy.json plus weights.bin), its {@link dev.worldlens.policy.vpp.VppConfig}, and {@link
 * dev.worldlens.policy.vpp.PolicyBenchmark} for closed-loop inference speed with a per-part breakdown.
 */
package dev.worldlens.policy.vpp;
