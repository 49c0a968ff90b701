package io.github.rustinstruments.maven.analysis;

/** The figures a call tree or a flame graph can be weighted by. */
public enum CostType {
    ALLOCATIONS, ALLOCATED_BYTES, TEMPORARY, PEAK_BYTES, LEAKED_BYTES
}
