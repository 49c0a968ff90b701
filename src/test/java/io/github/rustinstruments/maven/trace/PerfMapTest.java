package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfMapTest {
    /** A real map of JDK 17 (-XX:+DumpPerfMapAtExit), written with recordings/jni.zst; see jvm-fixture/README.md. */
    private static final String JNI_MAP = "/jvm-fixture/recordings/jni-perf.map";
    /** Temurin 25's, written with recordings/ffm.zst. */
    private static final String FFM_MAP = "/jvm-fixture/recordings/ffm-perf.map";

    @TempDir
    Path tmp;

    private static PerfMap parse(String text) throws IOException {
        return PerfMap.read(new StringReader(text));
    }

    private static PerfMap resource(String name) throws IOException {
        try (InputStream in = PerfMapTest.class.getResourceAsStream(name)) {
            return PerfMap.read(in);
        }
    }

    @Test
    void compiledMethodsAreNamedWithoutTheirReturnType() throws IOException {
        PerfMap map = parse("""
                0x00007ff014ed1ea0 0x00000000000001d8 int com.example.Leaky.churn(int)
                0x00007ff014ed2520 0x0000000000000088 java.lang.String[] com.example.Main.names(java.util.List, int[])
                0x00007ff014940b80 0x0000000000017de0 Interpreter
                """);
        assertEquals(3, map.size());
        assertEquals(0, map.skippedLines());
        PerfMap.CodeBlob churn = map.lookup(0x7ff014ed1ea0L + 0x10);
        assertEquals(new PerfMap.CodeBlob(0x7ff014ed1ea0L, 0x1d8, "int com.example.Leaky.churn(int)"), churn);
        assertEquals("com.example.Leaky.churn(int)", churn.javaMethod());
        assertEquals("com.example.Leaky.churn", churn.javaMethodName());
        assertEquals("com.example.Main.names(java.util.List, int[])", map.javaFrame(0x7ff014ed2520L + 0x87));
        assertEquals(PerfMap.INTERPRETED, map.javaFrame(0x7ff014941373L));
        assertTrue(map.lookup(0x7ff014941373L).isInterpreter());
    }

    @Test
    void rangesIncludeTheStartAndExcludeTheEnd() throws IOException {
        PerfMap map = parse("0x1000 0x100 void A.a()\n0x1100 0x10 void B.b()\n");
        assertNull(map.lookup(0xfff));
        assertEquals("A.a()", map.javaFrame(0x1000));
        assertEquals("A.a()", map.javaFrame(0x10ff));
        assertEquals("B.b()", map.javaFrame(0x1100));
        assertNull(map.lookup(0x1110), "in no blob");
        assertNull(map.lookup(-1L), "unsigned: the highest address is above every blob");
    }

    @Test
    void theInnermostOfNestedBlobsIsFound() throws IOException {
        // the JDK writes the adapters blob and the adapters inside it; order in the file does not matter
        PerfMap map = parse("""
                0x2100 0x80 I2C/C2I adapters
                0x2000 0x4000 adapters
                0x2300 0x40 I2C/C2I adapters
                0x2300 0x10 int Inner.most()
                0x9000 0x10 void Far.away()
                """);
        assertEquals("I2C/C2I adapters", map.lookup(0x2150).name());
        assertEquals("adapters", map.lookup(0x2200).name(), "between two nested blobs: the container");
        assertEquals("Inner.most()", map.javaFrame(0x2305), "the smaller of two blobs with the same start");
        assertEquals("I2C/C2I adapters", map.lookup(0x2335).name());
        assertEquals("adapters", map.lookup(0x5fff).name());
        assertNull(map.lookup(0x6000));
        assertEquals("Far.away()", map.javaFrame(0x9000));
    }

    @Test
    void stubsAreNoJavaMethods() throws IOException {
        PerfMap map = parse("""
                0x1000 0x10 StubRoutines (1)
                0x2000 0x10 nep_invoker_blob
                0x3000 0x10 throw_div0_exception Runtime1 stub
                0x4000 0x10 I2C/C2I adapters
                0x5000 0x10 long java.lang.invoke.LambdaForm$MH/0x000000002804f400.invoke(java.lang.Object, int)
                0x6000 0x10 void com.example.Outer$Inner.<init>()
                """);
        assertNull(map.javaFrame(0x1000));
        assertNull(map.javaFrame(0x2000));
        assertNull(map.javaFrame(0x3000));
        assertNull(map.javaFrame(0x4000));
        assertEquals("java.lang.invoke.LambdaForm$MH/0x000000002804f400.invoke(java.lang.Object, int)",
                map.javaFrame(0x5000));
        assertEquals("com.example.Outer$Inner.<init>", map.lookup(0x6000).javaMethodName());
    }

    @Test
    void oddLinesAreSkippedAndCounted() throws IOException {
        PerfMap map = parse("""
                0x1000 0x10 void Good.one()

                garbage
                0x2000
                0x2000 0x10
                0xzz 0x10 void Bad.start()
                0x3000 0xqq void Bad.size()
                0x4000 0x0 void Empty.blob()
                0x00000000 0x10 void Null.start()
                0x5000 0x10\s\s\s
                0x10000000000000000 0x10 void Too.wide()
                0xffffffffffffff00 0x1000 void Wraps.around()
                0x6000 0x10 void Good.two()\r
                0x7000 0x10 void Good.last()""");
        assertEquals(3, map.size());
        assertEquals(10, map.skippedLines(), "the blank line is not counted");
        assertEquals("Good.one()", map.javaFrame(0x1000));
        assertEquals("Good.two()", map.javaFrame(0x6000), "a CRLF line end");
        assertEquals("Good.last()", map.javaFrame(0x7000), "a last line without its line end");
        assertNull(map.lookup(0x4000));
    }

    @Test
    void hexWithoutPrefixAndUppercaseIsAccepted() throws IOException {
        PerfMap map = parse("7FF014ED1EA0 1D8 int A.b(int)\n");
        assertEquals("A.b(int)", map.javaFrame(0x7ff014ed1ea0L));
    }

    @Test
    void overlongLinesAreSkippedWithoutBeingKept() throws IOException {
        String longName = "void A.b(" + "int, ".repeat(PerfMap.MAX_LINE / 5) + "int)";
        PerfMap map = parse("0x1000 0x10 " + longName + "\n0x2000 0x10 void C.d()\n");
        assertEquals(1, map.size());
        assertEquals(1, map.skippedLines());
        assertEquals("C.d()", map.javaFrame(0x2000));
    }

    @Test
    void malformedUtf8IsReplacedNotFatal() throws IOException {
        byte[] bytes = "0x1000 0x10 void A.\u00e9()\n0x2000 0x10 void B.b()\n".getBytes(StandardCharsets.ISO_8859_1);
        PerfMap map = PerfMap.read(new ByteArrayInputStream(bytes));
        assertEquals(2, map.size());
        assertEquals("A.\ufffd()", map.javaFrame(0x1000));
    }

    @Test
    void emptyInputGivesTheEmptyMap() throws IOException {
        assertSame(PerfMap.empty(), parse(""));
        assertNull(PerfMap.empty().lookup(0x1000));
        assertEquals(0, PerfMap.empty().size());
    }

    @Test
    void readsAFile() throws IOException {
        Path file = tmp.resolve("perf-42.map");
        Files.writeString(file, "0x1000 0x10 void A.b()\n");
        assertEquals("A.b()", PerfMap.read(file).javaFrame(0x1008));
    }

    @Test
    void entriesBeyondTheLimitAreDroppedAndCounted() throws IOException {
        int extra = 3;
        Reader lines = new Reader() {
            private int line;
            private String pending = "";

            @Override
            public int read(char[] buf, int off, int len) {
                if (pending.isEmpty()) {
                    if (line == PerfMap.MAX_ENTRIES + extra) {
                        return -1;
                    }
                    pending = "0x" + Long.toHexString(0x10000L + 16L * line) + " 0x10 void M.m" + (line % 7) + "()\n";
                    line++;
                }
                int n = Math.min(len, pending.length());
                pending.getChars(0, n, buf, off);
                pending = pending.substring(n);
                return n;
            }

            @Override
            public void close() {}
        };
        PerfMap map = PerfMap.read(lines);
        assertEquals(PerfMap.MAX_ENTRIES, map.size());
        assertEquals(extra, map.droppedEntries());
        assertEquals(0, map.skippedLines());
        assertEquals("M.m3()", map.javaFrame(0x10000L + 16L * 3 + 5));
    }

    // ---- real maps, and addresses that heaptrack_print printed as "0x… in ??" in the library's stacks

    @Test
    void aRealJdk17MapNamesTheJitFramesOfTheLibrarysStacks() throws IOException {
        PerfMap map = resource(JNI_MAP);
        assertEquals(637, map.size());
        assertEquals(0, map.skippedLines());
        // Main.hot compiled by C1 and by C2: two blobs, both alive at exit
        assertEquals("com.example.jvmfixture.Main.hot(int)", map.javaFrame(0x7f02a1423693L));
        assertEquals("com.example.jvmfixture.Main.hot(int)", map.javaFrame(0x7f02a8ed58b7L));
        // the compiled wrapper of the native method itself
        assertEquals("com.example.jvmfixture.Leaky.churn(int)", map.javaFrame(0x7f02a8ed55dbL));
        assertEquals(PerfMap.INTERPRETED, map.javaFrame(0x7f02a8945579L));
        assertEquals(PerfMap.INTERPRETED, map.javaFrame(0x7f02a894125fL));
        // the call stub between JavaCalls::call_helper and Java code
        assertEquals("StubRoutines (1)", map.lookup(0x7f02a8938cc8L).name());
        assertNull(map.javaFrame(0x7f02a8938cc8L));
        // a frame of libjvm.so that heaptrack left unnamed is not generated code
        assertNull(map.lookup(0x7f02c63c0200L));
    }

    @Test
    void aRealJdk25MapNamesTheFfmDowncallPath() throws IOException {
        PerfMap map = resource(FFM_MAP);
        assertEquals(910, map.size());
        assertEquals(0, map.skippedLines());
        assertEquals("nep_invoker_blob", map.lookup(0x7fac63a6c41cL).name());
        assertNull(map.javaFrame(0x7fac63a6c41cL));
        assertEquals("java.lang.invoke.LambdaForm$MH/0x000000002804f400.invoke(java.lang.Object, int)",
                map.javaFrame(0x7fac5c487ef3L));
        assertEquals(PerfMap.INTERPRETED, map.javaFrame(0x7fac63940137L));
        assertEquals("StubRoutines (initialstubs)", map.lookup(0x7fac63938fa5L).name());
    }
}
