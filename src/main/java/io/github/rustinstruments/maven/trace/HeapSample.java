package io.github.rustinstruments.maven.trace;

/**
 * One point of the heap-over-time series.
 *
 * @param timeMillis since the start of the recording
 * @param heapBytes  live heap bytes at that time
 * @param rssBytes   the latest resident set size sampled by then, {@code null} when none
 */
public record HeapSample(long timeMillis, long heapBytes, Long rssBytes) {}
