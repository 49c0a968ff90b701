package io.github.rustinstruments.maven.analysis;

import io.github.rustinstruments.maven.symbols.FrameKind;

/**
 * A frame after demangling and classification: what reports show.
 *
 * @param function demangled name (hash hidden unless asked for); {@code ?? in <module>} when unknown
 * @param file     source file, {@code null} when unknown
 * @param line     source line, 0 when unknown
 * @param module   binary or shared object, {@code null} when unknown
 * @param kind     whose code it is
 */
public record ResolvedFrame(String function, String file, int line, String module, FrameKind kind) {

    /** {@code mylib::parse (src/lib.rs:42)}. */
    public String label() {
        if (file == null) {
            return function;
        }
        return function + " (" + (line > 0 ? file + ":" + line : file) + ")";
    }
}
