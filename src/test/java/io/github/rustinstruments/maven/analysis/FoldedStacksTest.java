package io.github.rustinstruments.maven.analysis;

import static io.github.rustinstruments.maven.analysis.Stacks.costs;
import static io.github.rustinstruments.maven.analysis.Stacks.malloc;
import static io.github.rustinstruments.maven.analysis.Stacks.runtime;
import static io.github.rustinstruments.maven.analysis.Stacks.rustAlloc;
import static io.github.rustinstruments.maven.analysis.Stacks.stack;
import static io.github.rustinstruments.maven.analysis.Stacks.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.symbols.FrameKind;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FoldedStacksTest {
    private static final ResolvedFrame MAIN = user("memcheck::main", 7);
    private static final ResolvedFrame START =
            new ResolvedFrame("__libc_start_main", null, 0, Stacks.LIBC, FrameKind.SYSTEM);

    private static String folded(List<ResolvedStack> stacks, CostType type) throws IOException {
        StringWriter out = new StringWriter();
        FoldedStacks.write(stacks, type, out);
        return out.toString();
    }

    private static List<ResolvedStack> sample() {
        return List.of(
                stack(costs(3, 300, 0, 0, 0, 0), malloc(), rustAlloc(), runtime("alloc::raw_vec::finish_grow"),
                        runtime("alloc::vec::Vec<T,A>::push"), user("mylib::parse", 43), MAIN, START),
                stack(costs(1, 100, 0, 0, 64, 1), malloc(), user("mylib::parse", 42), MAIN, START),
                stack(costs(2, 50, 0, 0, 0, 0), malloc(), user("mylib::parse", 44), MAIN, START),
                stack(costs(5, 20, 0, 0, 0, 0), malloc(), user("mylib::make", 10), user("memcheck::main", 8), START),
                stack(costs(0, 0, 0, 0, 0, 0), malloc(), user("mylib::nothing", 1), MAIN, START));
    }

    @Test
    void bytesAreWrittenOutermostFirstWithTheAllocatorFoldedAndLinesOfAFunctionMerged() throws IOException {
        assertEquals("""
                __libc_start_main;memcheck::main;mylib::make 20
                __libc_start_main;memcheck::main;mylib::parse 150
                __libc_start_main;memcheck::main;mylib::parse;alloc::vec::Vec<T,A>::push 300
                """, folded(sample(), CostType.ALLOCATED_BYTES));
    }

    @Test
    void theCostTypeChoosesTheFigureAndZeroCostStacksAreLeftOut() throws IOException {
        assertEquals("""
                __libc_start_main;memcheck::main;mylib::make 5
                __libc_start_main;memcheck::main;mylib::parse 3
                __libc_start_main;memcheck::main;mylib::parse;alloc::vec::Vec<T,A>::push 3
                """, folded(sample(), CostType.ALLOCATIONS));
        assertEquals("__libc_start_main;memcheck::main;mylib::parse 64\n", folded(sample(), CostType.LEAKED_BYTES));
        assertEquals("", folded(sample(), CostType.PEAK_BYTES));
    }

    @Test
    void namesThatWouldBreakTheFormatAreMadeSafe() throws IOException {
        ResolvedFrame array = user("<[u8; 32] as core::fmt::Debug>::fmt", 1);
        ResolvedFrame newline = user("weird\nname\r\tx", 2);
        ResolvedFrame blank = user("  ", 3);
        ResolvedFrame padded = user(" test::foob ", 4);
        String text = folded(List.of(stack(1, 10, array, newline, blank, padded, MAIN)), CostType.ALLOCATED_BYTES);

        assertEquals("memcheck::main;test::foob;??;weird name  x;<[u8\uFF1B 32] as core::fmt::Debug>::fmt 10\n",
                text);
    }

    @Test
    void aStackWithoutFramesGetsAPlaceholderFrame() throws IOException {
        assertEquals("[no stack] 7\n", folded(List.of(stack(1, 7)), CostType.ALLOCATED_BYTES));
    }

    @Test
    void aStackOfAllocatorFramesOnlyIsWrittenWhole() throws IOException {
        assertEquals("__rust_alloc;malloc 8\n",
                folded(List.of(stack(1, 8, malloc(), rustAlloc())), CostType.ALLOCATED_BYTES));
    }

    @Test
    void everyLineParsesAsFlamegraphPlInfernoAndSpeedscopeParseIt() throws IOException {
        String text = folded(List.of(
                stack(1, 10, user("<[u8; 4] as core::fmt::Debug>::fmt", 1), user("a b c", 2), MAIN),
                stack(1, 12345, user("mylib::with space 12", 1), MAIN)), CostType.ALLOCATED_BYTES);

        // speedscope: /^(.*) (\d+)$/, frames split on ';'; flamegraph.pl: /^(.*)\s+?(\d+(?:\.\d*)?)$/;
        // inferno: the count after the last ' '
        Pattern speedscope = Pattern.compile("^(.*) (\\d+)$");
        long sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = speedscope.matcher(line);
            assertTrue(m.matches(), line);
            assertEquals(m.group(2), line.substring(line.lastIndexOf(' ') + 1));
            assertEquals(m.group(1), line.substring(0, line.lastIndexOf(' ')));
            sum += Long.parseLong(m.group(2));
            assertEquals(m.group(2).equals("10") ? 3 : 2, m.group(1).split(";").length, line);
        }
        assertEquals(12355, sum);
    }

    @Test
    void outputIsStableWhateverTheOrderOfTheStacks() throws IOException {
        List<ResolvedStack> stacks = new java.util.ArrayList<>(sample());
        String expected = folded(stacks, CostType.ALLOCATED_BYTES);
        java.util.Collections.reverse(stacks);
        assertEquals(expected, folded(stacks, CostType.ALLOCATED_BYTES));
    }

    @Test
    void theFoldedTotalIsTheTreeTotal() throws IOException {
        List<ResolvedStack> stacks = sample();
        long sum = folded(stacks, CostType.ALLOCATED_BYTES).lines()
                .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).sum();
        assertEquals(CallTree.build(stacks, CallTree.Direction.TOP_DOWN).root().total().allocatedBytes(), sum);
    }
}
