package io.github.rustinstruments.maven.trace;

/**
 * One frame of a recorded call stack, as the profiler wrote it.
 *
 * @param function the symbol as recorded (possibly mangled or half-demangled); {@code null} when unknown
 * @param file     the source file from debug info (relative or absolute); {@code null} when unknown
 * @param line     the source line; 0 when unknown
 * @param module   the binary or shared object the instruction belongs to; {@code null} when unknown
 */
public record Frame(String function, String file, int line, String module) {}
