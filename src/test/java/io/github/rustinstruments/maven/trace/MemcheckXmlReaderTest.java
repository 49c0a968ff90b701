package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.trace.LeakDetails.LeakKindTotals;
import io.github.rustinstruments.maven.trace.LeakDetails.LeakRecord;
import io.github.rustinstruments.maven.trace.LeakDetails.MemoryError;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MemcheckXmlReader} on real valgrind 3.19 recordings of tiny Rust programs and on hand-made variants
 * (src/test/resources/memcheck/README.md says how each was made).
 */
class MemcheckXmlReaderTest {
    private static final String SRC = "/tmp/memcheck-fixtures/src/";
    private static final String VGPRELOAD = "/usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so";

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(MemcheckXmlReaderTest.class.getResource("/memcheck/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LeakRecord record(Profile profile, String kind, long bytes) {
        return profile.leaks().records().stream().filter(r -> r.kind().equals(kind) && r.bytes() == bytes)
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " record of " + bytes + " bytes in "
                        + profile.leaks().records()));
    }

    private static int indexOf(List<Frame> frames, String function) {
        for (int i = 0; i < frames.size(); i++) {
            if (function.equals(frames.get(i).function())) {
                return i;
            }
        }
        return -1;
    }

    private Path write(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void leakKindsAddUpPerClassAndLeakedIsDefinitelyPlusIndirectly() throws IOException {
        Profile profile = MemcheckXmlReader.read(fixture("leak-kinds.xml"));

        assertEquals(new LeakKindTotals(300, 2, 0, 0, 64, 1, 32, 1), profile.leaks().kinds());
        assertEquals(300L, profile.leakedBytes());
        assertEquals(2L, profile.leakedBlocks());
        assertEquals(4, profile.leaks().records().size());
        assertEquals(List.of(), profile.leaks().errors());
        assertEquals("./leak_kinds", profile.command());
        assertEquals(1534L, profile.durationMillis(), "the FINISHED status time 00:00:00:01.534");
    }

    @Test
    void figuresMemcheckCannotKnowAreNullNotZero() throws IOException {
        Profile profile = MemcheckXmlReader.read(fixture("leak-kinds.xml"));

        assertNull(profile.allocations(), "protocol 4 has no heap summary");
        assertNull(profile.allocatedBytes());
        assertNull(profile.temporaryAllocations());
        assertNull(profile.peakHeapBytes());
        assertNull(profile.peakRssBytes());
        assertNull(profile.peakTimeMillis());
        assertEquals(List.of(), profile.timeline());
    }

    @Test
    void eachLossRecordKeepsItsAllocationStackInnermostFirst() throws IOException {
        Profile profile = MemcheckXmlReader.read(fixture("leak-kinds.xml"));

        LeakRecord boxed = record(profile, MemcheckXmlReader.DEFINITELY_LOST, 100);
        assertEquals(1, boxed.blocks());
        assertEquals(new Frame("malloc", null, 0, VGPRELOAD), boxed.frames().get(0));
        int leakBox = indexOf(boxed.frames(), "leak_kinds::leak_box");
        assertEquals(new Frame("leak_kinds::leak_box", SRC + "leak_kinds.rs", 18, "/tmp/memcheck-fixtures/leak_kinds"),
                boxed.frames().get(leakBox));
        assertEquals("leak_kinds::main", boxed.frames().get(leakBox + 1).function());
        assertEquals("main", boxed.frames().get(boxed.frames().size() - 1).function());
        assertNull(boxed.frames().get(boxed.frames().size() - 1).file(), "main of the C runtime: no debug info");

        assertTrue(indexOf(record(profile, MemcheckXmlReader.DEFINITELY_LOST, 200).frames(),
                "leak_kinds::forget_vec") > 0);
        LeakRecord possibly = record(profile, MemcheckXmlReader.POSSIBLY_LOST, 64);
        assertEquals("calloc", possibly.frames().get(0).function(), "Box::new of zeroes is a calloc");
        assertTrue(indexOf(possibly.frames(), "leak_kinds::keep_interior_pointer") > 0);
        assertTrue(indexOf(record(profile, MemcheckXmlReader.STILL_REACHABLE, 32).frames(),
                "leak_kinds::keep_in_static") > 0);
    }

    @Test
    void inlinedFramesKeepTheirShortNameAndTheirOwnSourceLine() throws IOException {
        Profile profile = MemcheckXmlReader.read(fixture("rc-cycle.xml"));

        List<Frame> frames = record(profile, MemcheckXmlReader.INDIRECTLY_LOST, 72).frames();
        // <dir>/rustc/<hash></dir><file>library/std/src/sys/alloc/unix.rs</file>: joined with a slash
        assertEquals(new Frame("alloc", "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/sys/alloc/unix.rs",
                14, "/tmp/memcheck-fixtures/rc_cycle"), frames.get(1));
        assertEquals(new Frame("__rust_alloc", SRC + "rc_cycle.rs", 4, "/tmp/memcheck-fixtures/rc_cycle"),
                frames.get(2));
        assertEquals("new<alloc::rc::RcInner<rc_cycle::Node>>", frames.get(8).function(), "entities decoded");
    }

    @Test
    void anRcCycleIsDefinitelyLostForOneNodeAndIndirectlyForTheOther() throws IOException {
        Profile profile = MemcheckXmlReader.read(fixture("rc-cycle.xml"));

        // memcheck: "144 (72 direct, 72 indirect) bytes in 1 blocks are definitely lost", <leakedbytes>144
        LeakRecord definitely = record(profile, MemcheckXmlReader.DEFINITELY_LOST, 72);
        LeakRecord indirectly = record(profile, MemcheckXmlReader.INDIRECTLY_LOST, 72);
        assertEquals(1, definitely.blocks());
        assertEquals(1, indirectly.blocks());
        assertEquals(new LeakKindTotals(72, 1, 72, 1, 0, 0, 0, 0), profile.leaks().kinds(),
                "memcheck's LEAK SUMMARY for this program: definitely lost 72 bytes, indirectly lost 72 bytes");
        assertEquals(144L, profile.leakedBytes());
        assertEquals(2L, profile.leakedBlocks());
        assertEquals(17, definitely.frames().get(indexOf(definitely.frames(), "rc_cycle::make_cycle")).line());
        assertEquals(18, indirectly.frames().get(indexOf(indirectly.frames(), "rc_cycle::make_cycle")).line());
    }

    @Test
    void stacksHoldTheDefinitelyAndIndirectlyLostRecordsAndAddUpToLeakedBytes() throws IOException {
        Profile cycle = MemcheckXmlReader.read(fixture("rc-cycle.xml"));
        Profile kinds = MemcheckXmlReader.read(fixture("leak-kinds.xml"));

        assertEquals(2, cycle.stacks().size());
        assertEquals(144L, cycle.stacks().stream().mapToLong(StackCost::leakedBytes).sum());
        assertEquals(2L, cycle.stacks().stream().mapToLong(StackCost::leakedBlocks).sum());
        for (StackCost stack : cycle.stacks()) {
            assertEquals(0, stack.allocations());
            assertEquals(0, stack.allocatedBytes());
            assertEquals(0, stack.temporaryAllocations());
            assertEquals(0, stack.peakBytes());
        }
        assertEquals(2, kinds.stacks().size(), "possibly lost and still reachable memory is not leaked");
        assertEquals(kinds.leakedBytes(), kinds.stacks().stream().mapToLong(StackCost::leakedBytes).sum());
    }

    @Test
    void recordsWithTheSameStackAreMergedIntoOneStackCost() {
        List<Frame> frames = List.of(new Frame("malloc", null, 0, "vgpreload"), new Frame("mylib::make", "src/lib.rs",
                3, "prog"));
        List<Frame> other = List.of(new Frame("malloc", null, 0, "vgpreload"), new Frame("mylib::other", "src/lib.rs",
                9, "prog"));
        Profile profile = MemcheckXmlReader.profile("prog", null, null, null, List.of(
                new LeakRecord(MemcheckXmlReader.DEFINITELY_LOST, 16, 1, frames),
                new LeakRecord(MemcheckXmlReader.INDIRECTLY_LOST, 32, 2, frames),
                new LeakRecord(MemcheckXmlReader.DEFINITELY_LOST, 8, 1, other),
                new LeakRecord(MemcheckXmlReader.STILL_REACHABLE, 1000, 10, frames),
                new LeakRecord("Leak_SomethingNew", 5, 5, frames)), List.of());

        assertEquals(List.of(new StackCost(frames, 0, 0, 0, 0, 48, 3), new StackCost(other, 0, 0, 0, 0, 8, 1)),
                profile.stacks());
        assertEquals(new LeakKindTotals(24, 2, 32, 2, 0, 0, 1000, 10), profile.leaks().kinds());
        assertEquals(56L, profile.leakedBytes());
        assertEquals(4L, profile.leakedBlocks());
        assertEquals(5, profile.leaks().records().size(), "an unknown kind is listed, in no total");
    }

    @Test
    void memoryErrorsAreReportedWithWhereTheAddressLiesAndTheFirstStack() throws IOException {
        Profile profile = MemcheckXmlReader.read(fixture("invalid-read.xml"));

        assertEquals(2, profile.leaks().errors().size());
        MemoryError useAfterFree = profile.leaks().errors().get(0);
        assertEquals("InvalidRead", useAfterFree.kind());
        assertEquals("Invalid read of size 1; Address 0x4a60ce3 is 3 bytes inside a block of size 16 free'd",
                useAfterFree.what());
        assertEquals(16, useAfterFree.frames().size(), "the first stack only, not where it was freed or allocated");
        assertEquals("read_volatile<u8>", useAfterFree.frames().get(0).function());
        assertEquals(new Frame("invalid_read::use_after_free", SRC + "invalid_read.rs", 11,
                "/tmp/memcheck-fixtures/invalid_read"), useAfterFree.frames().get(1));

        MemoryError outOfBounds = profile.leaks().errors().get(1);
        assertEquals("Invalid read of size 4; Address 0x4a60d40 is 0 bytes after a block of size 16 alloc'd",
                outOfBounds.what());
        assertEquals("invalid_read::out_of_bounds", outOfBounds.frames().get(1).function());

        assertEquals(List.of(), profile.leaks().records());
        assertEquals(new LeakKindTotals(0, 0, 0, 0, 0, 0, 0, 0), profile.leaks().kinds());
        assertEquals(0L, profile.leakedBytes());
        assertEquals(List.of(), profile.stacks());
    }

    @Test
    void aCleanProgramHasNoRecordsAndZeroLeakedNotNull() throws IOException {
        Profile profile = MemcheckXmlReader.read(fixture("clean.xml"));

        assertEquals(0L, profile.leakedBytes());
        assertEquals(0L, profile.leakedBlocks());
        assertEquals(new LeakKindTotals(0, 0, 0, 0, 0, 0, 0, 0), profile.leaks().kinds());
        assertEquals(List.of(), profile.leaks().records());
        assertEquals(List.of(), profile.leaks().errors());
        assertEquals("./clean a b", profile.command());
    }

    @Test
    void aProgramStoppedBySigtermStillHasItsLeakCheck() throws IOException {
        Profile profile = MemcheckXmlReader.read(fixture("killed.xml"));

        // the <fatal_signal> and its stack are neither an error nor a loss record
        assertEquals(List.of(), profile.leaks().errors());
        assertEquals(1, profile.leaks().records().size());
        assertTrue(indexOf(record(profile, MemcheckXmlReader.DEFINITELY_LOST, 48).frames(), "sleeper::leak") > 0);
        assertEquals(48L, profile.leakedBytes());
        assertEquals(4982L, profile.durationMillis());
    }

    @Test
    void protocol6AddsTheHeapSummaryAndIsOtherwiseReadTheSame() throws IOException {
        Profile six = MemcheckXmlReader.read(fixture("protocol6.xml"));
        Profile four = MemcheckXmlReader.read(fixture("rc-cycle.xml"));

        assertEquals(11L, six.allocations());
        assertEquals(2764L, six.allocatedBytes());
        assertEquals(four.leaks(), six.leaks());
        assertEquals(four.stacks(), six.stacks());
        assertEquals(four.leakedBytes(), six.leakedBytes());
        assertNull(six.temporaryAllocations());
        assertNull(six.peakHeapBytes());
    }

    @Test
    void aTruncatedFileSaysValgrindDidNotFinish() {
        Path file = fixture("truncated.xml");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> MemcheckXmlReader.read(file));

        assertEquals(file + " ends before </valgrindoutput>: valgrind did not finish (killed or time limit?)",
                e.getMessage());
    }

    @Test
    void aFileCutAnywhereAfterTheRootIsTruncatedAndBeforeItIsNotValgrindXml() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("rc-cycle.xml"));
        int root = new String(whole, StandardCharsets.UTF_8).indexOf("<valgrindoutput>") + "<valgrindoutput>".length();
        Path file = tmp.resolve("cut.xml");
        for (int length = 1; length < whole.length - "</valgrindoutput>\n".length(); length += 211) {
            Files.write(file, java.util.Arrays.copyOf(whole, length));

            RecordingFormatException e = assertThrows(RecordingFormatException.class,
                    () -> MemcheckXmlReader.read(file), "cut at " + length);

            if (length > root) {
                assertTrue(e.getMessage().endsWith("ends before </valgrindoutput>: valgrind did not finish"
                        + " (killed or time limit?)"), "cut at " + length + ": " + e.getMessage());
            } else {
                assertTrue(e.getMessage().startsWith(file + " is not valgrind XML output"),
                        "cut at " + length + ": " + e.getMessage());
            }
        }
    }

    @Test
    void otherXmlIsNotValgrindXml() {
        Path file = fixture("not-valgrind.xml");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> MemcheckXmlReader.read(file));

        assertEquals(file + " is not valgrind XML output: its root element is <testsuite>, valgrind's is"
                + " <valgrindoutput> (valgrind --tool=memcheck --xml=yes --xml-file=...)", e.getMessage());
    }

    @Test
    void aFileThatIsNotXmlAtAllIsNotValgrindXml() throws IOException {
        Path file = write("allocations.txt", "v 10200\nX /home/dev/memcheck\ns 5 main\n");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> MemcheckXmlReader.read(file));

        assertTrue(e.getMessage().startsWith(file + " is not valgrind XML output (valgrind --tool=memcheck"
                + " --xml=yes --xml-file=...): "), e.getMessage());
    }

    @Test
    void anEmptyFileSaysValgrindWroteNothing() throws IOException {
        Path file = write("leaks.xml", "");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> MemcheckXmlReader.read(file));

        assertTrue(e.getMessage().startsWith(file + " is empty: valgrind wrote no XML"), e.getMessage());
    }

    @Test
    void aMissingFileIsAnIoErrorNamingIt() {
        Path file = tmp.resolve("nowhere.xml");

        IOException e = assertThrows(IOException.class, () -> MemcheckXmlReader.read(file));

        assertFalse(e instanceof RecordingFormatException);
        assertEquals(file + " does not exist or is not a file", e.getMessage());
    }

    @Test
    void theOutputOfAnotherValgrindToolIsRejected() throws IOException {
        String helgrind = Files.readString(fixture("clean.xml"))
                .replace("<protocoltool>memcheck</protocoltool>", "<protocoltool>helgrind</protocoltool>")
                .replace("<tool>memcheck</tool>", "<tool>helgrind</tool>");
        Path file = write("helgrind.xml", helgrind);

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> MemcheckXmlReader.read(file));

        assertEquals(file + " is the output of valgrind's helgrind, not memcheck: only memcheck"
                + " (valgrind --tool=memcheck) checks for leaks", e.getMessage());
    }

    @Test
    void anOlderProtocolIsRejected() throws IOException {
        Path file = write("old.xml", "<?xml version=\"1.0\"?>\n<valgrindoutput>\n<protocolversion>3</protocolversion>\n"
                + "</valgrindoutput>\n");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> MemcheckXmlReader.read(file));

        assertTrue(e.getMessage().startsWith(file + " is valgrind XML protocol 3, older than"), e.getMessage());
    }

    @Test
    void aLossRecordWithoutItsFiguresIsMalformed() throws IOException {
        Path file = write("broken.xml", "<?xml version=\"1.0\"?>\n<valgrindoutput>\n"
                + "<protocolversion>4</protocolversion>\n<protocoltool>memcheck</protocoltool>\n"
                + "<error>\n  <unique>0x1</unique>\n  <kind>Leak_DefinitelyLost</kind>\n"
                + "  <xwhat><text>8 bytes in 1 blocks are definitely lost</text></xwhat>\n</error>\n"
                + "</valgrindoutput>\n");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> MemcheckXmlReader.read(file));

        assertEquals(file + " is not well-formed valgrind XML (line 5): the loss record (Leak_DefinitelyLost) has no"
                + " <leakedbytes> or <leakedblocks>", e.getMessage());
    }

    @Test
    void brokenXmlWithItsClosingTagIsMalformedNotTruncated() throws IOException {
        Path file = write("broken.xml", "<?xml version=\"1.0\"?>\n<valgrindoutput>\n<error><kind>X</kind>\n"
                + "</valgrindoutput>\n");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> MemcheckXmlReader.read(file));

        assertTrue(e.getMessage().startsWith(file + " is not well-formed valgrind XML (line "), e.getMessage());
    }

    @Test
    void externalEntitiesAreNeverResolved() throws IOException {
        Path secret = write("secret.txt", "TOP-SECRET-CONTENT");
        Path file = write("xxe.xml", "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE valgrindoutput [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<valgrindoutput>\n<protocolversion>4</protocolversion>\n<args><argv><exe>&xxe;</exe></argv></args>\n"
                + "</valgrindoutput>\n");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> MemcheckXmlReader.read(file));

        assertFalse(e.getMessage().contains("TOP-SECRET-CONTENT"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + " is not valgrind XML output"), e.getMessage());
    }

    @Test
    void withoutLossRecordsRecomputesEveryTotalAndKeepsErrors() throws IOException {
        Profile profile = MemcheckXmlReader.read(fixture("rc-cycle.xml"));

        Profile kept = MemcheckXmlReader.withoutLossRecords(profile,
                r -> r.kind().equals(MemcheckXmlReader.INDIRECTLY_LOST));

        assertEquals(new LeakKindTotals(72, 1, 0, 0, 0, 0, 0, 0), kept.leaks().kinds());
        assertEquals(72L, kept.leakedBytes());
        assertEquals(1L, kept.leakedBlocks());
        assertEquals(1, kept.stacks().size());
        assertEquals(profile.command(), kept.command());
        assertEquals(profile.durationMillis(), kept.durationMillis());
        assertSame(profile, MemcheckXmlReader.withoutLossRecords(profile, r -> false), "nothing dropped, same profile");
    }

    @Test
    void countsAreParsedWithDigitGroupingAndDeltas() {
        assertEquals(1072L, MemcheckXmlReader.parseCount("1,072"));
        assertEquals(72L, MemcheckXmlReader.indirectBytes(
                "144 (72 direct, 72 indirect) bytes in 1 blocks are definitely lost in loss record 3 of 5"));
        assertEquals(1072L, MemcheckXmlReader.indirectBytes("2,144 (+16) (1,072 (+16) direct, 1,072 (+0) indirect)"
                + " bytes in 2 (+1) blocks are definitely lost in loss record 3 of 5"));
        assertEquals(0L, MemcheckXmlReader.indirectBytes("100 bytes in 1 blocks are definitely lost in loss record 2 of 5"));
        assertNull(MemcheckXmlReader.parseCount("many"));
        assertEquals(90_061_001L, MemcheckXmlReader.parseTime("01:01:01:01.001 "));
        assertEquals(586L, MemcheckXmlReader.parseTime("00:00:00:00.586"));
        assertNull(MemcheckXmlReader.parseTime("soon"));
    }

    @Test
    void theFixturesAreRecognisedAsValgrindXml() throws IOException {
        for (String name : List.of("leak-kinds.xml", "rc-cycle.xml", "clean.xml", "invalid-read.xml", "killed.xml",
                "protocol6.xml")) {
            assertEquals(RecordingFormat.VALGRIND_XML, RecordingFormat.detect(fixture(name)), name);
            assertNotNull(MemcheckXmlReader.read(fixture(name)).leaks(), name);
        }
    }

    @Test
    void anXmlThatNeverReachedFinishedGivesNoFigures() throws IOException {
        // what valgrind 3.19 writes when it cannot parse a suppression file: a closed document, state RUNNING
        Path xml = tmp.resolve("leaks.xml");
        Files.writeString(xml, """
                <?xml version="1.0"?>
                <valgrindoutput>
                <protocolversion>4</protocolversion>
                <protocoltool>memcheck</protocoltool>
                <pid>7345</pid>
                <tool>memcheck</tool>
                <args><argv><exe>/bin/true</exe></argv></args>
                <status>
                  <state>RUNNING</state>
                  <time>00:00:00:00.037 </time>
                </status>
                </valgrindoutput>""");

        RecordingIncompleteException e = assertThrows(RecordingIncompleteException.class,
                () -> MemcheckXmlReader.read(xml));
        assertEquals("valgrind did not finish its check: " + xml + " ends in state RUNNING, not FINISHED, so it"
                + " measured nothing", e.getMessage());
    }
}
