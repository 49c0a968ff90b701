package io.github.rustinstruments.maven.analysis;

import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes collapsed stacks ({@code <run>/allocations.folded}), the input of flamegraph.pl, inferno-flamegraph and
 * speedscope:
 * <pre>
 * memcheck::main;mylib::parse;alloc::vec::Vec&lt;T,A&gt;::push 4096
 * </pre>
 * <ul>
 *   <li>one line per distinct stack: frames outermost first joined by {@code ;}, one space, the integer cost
 *       for the chosen {@link CostType}, {@code \n}; stacks with a cost of 0 are left out;</li>
 *   <li>a frame is its demangled function name only, no file:line (the flame graph convention: a function is
 *       one box however many lines of it allocate); stacks whose labels are equal are merged and their costs
 *       added;</li>
 *   <li>the innermost allocator frames are folded as in the call tree ({@link AllocatorFrames}), so the top of
 *       each flame is the code that asked for memory;</li>
 *   <li>the format has no escapes, so a {@code ;} inside a name (array types such as {@code [u8; 4]}) becomes
 *       U+FF1B FULLWIDTH SEMICOLON {@code ；}, and line breaks and other control characters become spaces;
 *       leading and trailing spaces of a name are trimmed (inferno trims lines), an empty name becomes
 *       {@code ??}. Spaces inside names are fine: all three tools take the count after the last space;</li>
 *   <li>a stack without frames is written as the single frame {@value #NO_STACK};</li>
 *   <li>lines are sorted (by their stack text), so equal profiles give byte-identical files.</li>
 * </ul>
 * The writer decides the encoding; UTF-8 is what the tools expect.
 */
public final class FoldedStacks {
    /** The frame of a stack the profiler recorded without any frame. */
    public static final String NO_STACK = "[no stack]";

    private FoldedStacks() {}

    /** Writes {@code stacks} weighted by {@code type}; does not close {@code out}. */
    public static void write(List<ResolvedStack> stacks, CostType type, Writer out) throws IOException {
        Objects.requireNonNull(type, "type");
        Map<String, long[]> costs = new HashMap<>();
        Map<String, String> labels = new HashMap<>(); // function name -> sanitized label
        StringBuilder line = new StringBuilder(256);
        for (ResolvedStack stack : stacks) {
            long cost = stack.costs().get(type);
            if (cost == 0) {
                continue;
            }
            List<ResolvedFrame> frames = AllocatorFrames.fold(stack.frames());
            line.setLength(0);
            if (frames.isEmpty()) {
                line.append(NO_STACK);
            }
            for (int i = frames.size() - 1; i >= 0; i--) {
                String function = frames.get(i).function();
                String label = labels.computeIfAbsent(function == null ? "" : function, FoldedStacks::label);
                line.append(label);
                if (i > 0) {
                    line.append(';');
                }
            }
            costs.computeIfAbsent(line.toString(), k -> new long[1])[0] += cost;
        }
        TreeMap<String, long[]> sorted = new TreeMap<>(costs);
        for (Map.Entry<String, long[]> e : sorted.entrySet()) {
            if (e.getValue()[0] == 0) {
                continue;
            }
            out.write(e.getKey());
            out.write(' ');
            out.write(Long.toString(e.getValue()[0]));
            out.write('\n');
        }
    }

    /** A function name made safe for the format (see the class comment). */
    static String label(String function) {
        StringBuilder sb = new StringBuilder(function.length());
        for (int i = 0; i < function.length(); i++) {
            char c = function.charAt(i);
            if (c == ';') {
                sb.append('\uFF1B');
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        String s = sb.toString().strip();
        return s.isEmpty() ? "??" : s;
    }
}
