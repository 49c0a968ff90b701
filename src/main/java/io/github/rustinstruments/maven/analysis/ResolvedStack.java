package io.github.rustinstruments.maven.analysis;

import java.util.List;

/**
 * One distinct call stack, resolved, with its costs.
 *
 * @param frames innermost first
 * @param costs  what the allocations made from this stack cost
 */
public record ResolvedStack(List<ResolvedFrame> frames, Costs costs) {}
