/**
 * CALVIN's long-horizon evaluation in the Tabletop (vpp.md section 8.1): {@link
 * dev.worldlens.policy.eval.ChainSampler} draws chains of 5 feasible tasks ahead of any policy, {@link
 * dev.worldlens.policy.eval.ChainEvaluator} runs a {@link dev.worldlens.policy.Policy} through them (success judged
 * by the task oracle after every step, a chain stopping at its first failure) and reports {@link
 * dev.worldlens.policy.eval.ChainResult}: success rates with 1..5 tasks in a row, average length, per-task counts,
 * rollout GIFs. {@link dev.worldlens.policy.eval.ExpertPolicy} (the scripted expert, reading the simulator through
 * {@link dev.worldlens.policy.eval.PrivilegedPolicy}) and {@link dev.worldlens.policy.eval.RandomPolicy} bound it.
 */
package dev.worldlens.policy.eval;
