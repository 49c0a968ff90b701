package io.github.rustinstruments.maven.trace;

/**
 * One frame of a recorded call stack, as the profiler wrote it.
 *
 * @param function the symbol as recorded (possibly mangled or half-demangled); {@code null} when unknown
 * @param file     the source file from debug info (relative or absolute); {@code null} when unknown
 * @param line     the source line; 0 when unknown
 * @param module   the binary or shared object the instruction belongs to; {@code null} when unknown
 * @param address  the instruction pointer, kept only for frames the profiler could not name (no function, e.g. a
 *                 JVM's JIT-compiled and interpreter code, which no module holds): there it is the only thing that
 *                 tells two such frames apart, and what a JVM's perf map names. 0 for every named frame, so that
 *                 named frames stay equal per function and line whatever their address
 */
public record Frame(String function, String file, int line, String module, long address) {

    /** A frame without an address: every named frame, and unnamed ones from profilers that give none. */
    public Frame(String function, String file, int line, String module) {
        this(function, file, line, module, 0);
    }

    /** Whether this frame carries an instruction pointer ({@link #address()} is not 0). */
    public boolean hasAddress() {
        return address != 0;
    }

    /** The same frame without its address: what caches keyed by name, file and line should use. */
    public Frame withoutAddress() {
        return address == 0 ? this : new Frame(function, file, line, module, 0);
    }
}
