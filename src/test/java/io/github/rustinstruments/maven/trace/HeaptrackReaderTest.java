package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.airlift.compress.zstd.ZstdInputStream;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every expected figure below is what {@code heaptrack_print} 1.4.0 reports for the same fixture: the totals from
 * its summary, the per-trace ones from {@code -F --flamegraph-cost-type allocations|temporary|peak|leaked} (exact
 * bytes), allocated bytes from its {@code -H} size histogram. Where heaptrack_print itself is inconsistent the test
 * says so.
 */
class HeaptrackReaderTest {

    private static final String RUST_STD = "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/alloc/src/";
    private static final String MEMCHECK = "/work/app/target/debug/memcheck";

    // ---- a hand-written recording of a small Rust program: inlined frames, temporaries, leaks, c and R records

    @ParameterizedTest
    @ValueSource(strings = {"rust-small.txt", "rust-small.zst", "rust-small.gz"})
    void totalsAreHeaptrackPrintsWhateverTheCompression(String fixture) throws IOException {
        Profile profile = HeaptrackReader.read(fixture(fixture));

        assertEquals("./target/debug/memcheck --rounds 3", profile.command());
        assertEquals(9L, profile.allocations()); //       calls to allocation functions: 9
        assertEquals(3L, profile.temporaryAllocations()); // temporary memory allocations: 3
        assertEquals(408L, profile.peakHeapBytes()); //  peak heap memory consumption: 408B
        assertEquals(0x1c0L * 0x1000, profile.peakRssBytes()); // peak RSS: 1.84M (448 pages of 4 KiB)
        assertEquals(88L, profile.leakedBytes()); //     total memory leaked: 88B
        assertEquals(816L, profile.allocatedBytes()); // -H: 2x24 + 2x32 + 3x64 + 2x256
        assertEquals(3L, profile.leakedBlocks());
        assertEquals(30L, profile.durationMillis()); //  last 'c 1e'
    }

    @Test
    void costPerTrace() throws IOException {
        List<StackCost> stacks = HeaptrackReader.read(fixture("rust-small.txt")).stacks();

        assertEquals(3, stacks.size());
        // heaptrack_print -F, per cost type:  allocations | temporary | peak | leaked
        StackCost parse = stacks.get(0); //    5 | 2 | 320 | 0
        assertCost(parse, 5, 704, 2, 320, 0, 0);
        StackCost leaky = stacks.get(1); //    2 | 0 | 64 | 64
        assertCost(leaky, 2, 64, 0, 64, 64, 2);
        StackCost direct = stacks.get(2); //   2 | 1 | 24 | 24
        assertCost(direct, 2, 48, 1, 24, 24, 1);
        // the peak of 408 bytes is reached by the 2nd '+ 3': 'parse' still holds 64 + 256 bytes it frees later
        assertEquals(408L, stacks.stream().mapToLong(StackCost::peakBytes).sum());
        assertEquals("mylib::leaky::h4444444444444444", leaky.frames().get(3).function());
        assertEquals(List.of(new Frame("alloc::alloc::alloc::h0123456789abcdef", RUST_STD + "alloc.rs", 95, MEMCHECK),
                new Frame("memcheck::main::h3333333333333333", "src/main.rs", 9, MEMCHECK),
                new Frame("main", null, 0, MEMCHECK)), List.of(direct.frames().get(0), direct.frames().get(3),
                direct.frames().get(4)));
    }

    @Test
    void inlinedFramesFollowTheirInstructionInnermostFirstAndStacksEndAtMain() throws IOException {
        List<Frame> frames = HeaptrackReader.read(fixture("rust-small.txt")).stacks().get(0).frames();

        // 'i 55d0000010a0 1 3 4 5f 11 4 be 5 6 1d0' then 'i 55d000002200 1 f 8 10 7 8 2a': heaptrack_print prints
        // the record's own frame first and the inlined ones after it, the last being the real symbol
        assertEquals(List.of(
                new Frame("alloc::alloc::alloc::h0123456789abcdef", RUST_STD + "alloc.rs", 95, MEMCHECK),
                new Frame("_RNvMNtCslNYArtu3iFV_5alloc5allocNtB2_6Global10alloc_impl", RUST_STD + "alloc.rs", 190,
                        MEMCHECK),
                new Frame("alloc::raw_vec::RawVecInner$LT$A$GT$::try_allocate_in::h1111111111111111",
                        RUST_STD + "raw_vec/mod.rs", 464, MEMCHECK),
                new Frame("_RNvNtCs1234abcd_5mylib6intern", "src/lib.rs", 16, MEMCHECK),
                new Frame("mylib::parse::h2222222222222222", "src/lib.rs", 42, MEMCHECK),
                new Frame("memcheck::main::h3333333333333333", "src/main.rs", 7, MEMCHECK),
                // __libc_start_call_main and _start lie below main: heaptrack's backtraces stop at main
                new Frame("main", null, 0, MEMCHECK)), frames);
    }

    // ---- heaptrack's less obvious rules

    @Test
    void quirksAsHeaptrackPrintCountsThem() throws IOException {
        Profile profile = HeaptrackReader.read(fixture("quirks.txt"));

        // heaptrack_print: 5 calls, 2 temporary, peak 144B, leaked -16B, suppressed leaks: 112B
        assertEquals(5L, profile.allocations());
        // '- 0' after another '-' is temporary: every free resets "the latest allocation" to info 0
        assertEquals(2L, profile.temporaryAllocations());
        assertEquals(144L, profile.peakHeapBytes());
        // frees are not matched to live blocks: two '- 0' with a single '+ 0' leave -16 bytes; the 48 and 64 bytes
        // from __new_exitfn (built-in suppression) and my_cache_init (the recording's 'S leak:^my_cache_init$')
        // are suppressed
        assertEquals(-16L, profile.leakedBytes());
        assertEquals(-1L, profile.leakedBlocks());
        assertEquals(192L, profile.allocatedBytes());
        assertNull(profile.peakRssBytes(), "no 'R' record");
        assertEquals(3L, profile.durationMillis());

        List<StackCost> stacks = profile.stacks();
        assertEquals(4, stacks.size());
        // -F: allocations 1 2 1 1 | temporary 1 1 0 0 | peak -32 64 48 64 | leaked -16 0 0 0
        assertCost(stacks.get(0), 1, 16, 1, -32, -16, -1);
        assertCost(stacks.get(1), 2, 64, 1, 64, 0, 0);
        assertCost(stacks.get(2), 1, 48, 0, 48, 0, 0);
        assertCost(stacks.get(3), 1, 64, 0, 64, 0, 0);
        // 't 1 2' is operator new called from quirks::work: heaptrack shows the node as its parent
        assertEquals(List.of("quirks::work", "main"), functions(stacks.get(0)));
        assertEquals(functions(stacks.get(1)), functions(stacks.get(0)));
    }

    @Test
    void attachedRecordDoesNotResetThePrintedTotals() throws IOException {
        Profile profile = HeaptrackReader.read(fixture("attach-midway.txt"));

        // heaptrack resets its totals at 'A' only in its first pass and prints those of the second pass:
        // calls 5, temporary 2, peak 80B, peak RSS 12.29K, leaked 64B
        assertEquals(5L, profile.allocations());
        assertEquals(2L, profile.temporaryAllocations());
        assertEquals(80L, profile.peakHeapBytes());
        assertEquals(3L * 0x1000, profile.peakRssBytes());
        assertEquals(64L, profile.leakedBytes());
        assertEquals(9L, profile.durationMillis());
        // heaptrack_print's per-trace peaks are 0 here (it looks for the first pass's peak in the second pass);
        // this reader gives the traces' bytes at the 80-byte peak
        assertEquals(List.of(16L, 64L), profile.stacks().stream().map(StackCost::peakBytes).toList());
        assertEquals(List.of(32L, 32L), profile.stacks().stream().map(StackCost::leakedBytes).toList());
    }

    @Test
    void olderFormatsWithUnsizedStrings() throws IOException {
        Profile format2 = HeaptrackReader.read(fixture("format2.txt"));
        // heaptrack_print: 2 calls, 0 temporary, peak 72B, leaked 48B
        assertEquals(List.of(2L, 0L, 72L, 48L), List.of(format2.allocations(), format2.temporaryAllocations(),
                format2.peakHeapBytes(), format2.leakedBytes()));
        // strings run to the end of the line, spaces included; operator new is hidden
        assertEquals(List.of(new Frame("std::vector<int, std::allocator<int> >::push_back(int const&)",
                "/usr/include/c++/12/bits/stl_vector.h", 1200, "/opt/cpp app/bin/cpp-app"),
                new Frame("main", null, 0, "/opt/cpp app/bin/cpp-app")), format2.stacks().get(0).frames());

        // 'v 10200' alone: heaptrack 1.0 wrote its own version where the format belongs, that means format 1
        Profile format1 = HeaptrackReader.read(fixture("format1.txt"));
        assertEquals(List.of(2L, 1L, 128L, 64L), List.of(format1.allocations(), format1.temporaryAllocations(),
                format1.peakHeapBytes(), format1.leakedBytes()));
        assertNull(format1.durationMillis(), "no 'c' record");
    }

    // ---- a real recording

    @Test
    void realRecordingOfARustProgram() throws IOException {
        // real-prog.rs recorded by heaptrack 1.4.0; heaptrack_print: 269 calls, 53 temporary, peak 1.12M,
        // peak RSS 5.46M, leaked 544B; exact bytes from -F and -H
        Profile profile = HeaptrackReader.read(fixture("real-prog.zst"));

        assertEquals("./prog", profile.command());
        assertEquals(269L, profile.allocations());
        assertEquals(53L, profile.temporaryAllocations());
        assertEquals(1_122_852L, profile.peakHeapBytes());
        assertEquals(0x534L * 0x1000, profile.peakRssBytes());
        assertEquals(544L, profile.leakedBytes());
        assertEquals(1L, profile.leakedBlocks());
        assertEquals(1_186_413L, profile.allocatedBytes());
        assertEquals(31L, profile.durationMillis());
        assertEquals(16, profile.stacks().size());
        assertEquals(1_122_852L, profile.stacks().stream().mapToLong(StackCost::peakBytes).sum());

        // the loop of 50 short-lived vectors: every one freed right after its allocation
        StackCost temporaries = profile.stacks().stream().filter(s -> s.allocations() == 50).findFirst().orElseThrow();
        assertCost(temporaries, 50, 6225, 50, 0, 0, 0);
        List<Frame> frames = temporaries.frames();
        // v0 symbols of std stay mangled, legacy ones are half-demangled by heaptrack itself
        assertEquals("_RNvNtCslNYArtu3iFV_5alloc5alloc5alloc", frames.get(0).function());
        int makeVec = functions(temporaries).indexOf("prog::make_vec::he8497d10425e279a");
        assertEquals(new Frame("prog::make_vec::he8497d10425e279a", "/tmp/ht/prog.rs", 5, "/tmp/ht/prog"),
                frames.get(makeVec));
        assertEquals(new Frame("prog::temporaries::h76b27bf0dbbddb9e", "/tmp/ht/prog.rs", 12, "/tmp/ht/prog"),
                frames.get(makeVec + 1));
        assertEquals("main", frames.get(frames.size() - 1).function());

        // the 1 MiB vector is all of the peak that is not in the kept boxes
        StackCost big = profile.stacks().stream().filter(s -> s.allocatedBytes() == 1 << 20).findFirst()
                .orElseThrow();
        assertCost(big, 1, 1 << 20, 0, 1 << 20, 0, 0);
    }

    // ---- the time line

    @Test
    void aSampleAtEveryTimeStampWithThePeakWhereItHappened() throws IOException {
        Profile profile = HeaptrackReader.read(fixture("rust-small.txt"));

        // 'c a' (10 ms) with 320 bytes live, 'R 1a0'; then the peak of 408 bytes; 'c 14' with 88 bytes, 'R 1c0';
        // 'c 1e' with 88 bytes, 'R 180', and nothing else happens by the end
        assertEquals(10L, profile.peakTimeMillis());
        assertEquals(List.of(
                new HeapSample(10, 408, 0x1a0L * 0x1000), // the sample before the peak shows it
                new HeapSample(20, 88, 0x1c0L * 0x1000),
                new HeapSample(30, 88, 0x180L * 0x1000)), profile.timeline());
    }

    @Test
    void aPeakBeforeTheFirstTimeStampIsAtTimeZero() throws IOException {
        Profile quirks = HeaptrackReader.read(fixture("quirks.txt"));
        assertEquals(0L, quirks.peakTimeMillis());
        assertEquals(List.of(new HeapSample(0, 144, null), new HeapSample(3, 96, null)), quirks.timeline());

        Profile attached = HeaptrackReader.read(fixture("attach-midway.txt"));
        assertEquals(0L, attached.peakTimeMillis());
        // the time line shows the heap, leaks suppressions or not: 'R 3' follows 'c 9'
        assertEquals(List.of(new HeapSample(0, 80, null), new HeapSample(5, 48, null),
                new HeapSample(9, 64, 3L * 0x1000)), attached.timeline());
    }

    @Test
    void noTimeStampsNoTimeLine() throws IOException {
        Profile profile = HeaptrackReader.read(fixture("format1.txt"));

        assertEquals(List.of(), profile.timeline());
        assertNull(profile.peakTimeMillis());
    }

    @Test
    void timeLineOfARealRecording() throws IOException {
        Profile profile = HeaptrackReader.read(fixture("real-prog.zst"));

        // 'c b', 'c 16', 'c 1f' with their 'R': the 1 MiB vector is allocated after 'c 16' and is still there at
        // the end of main; the end is the last time stamp, with the leaks only
        assertEquals(22L, profile.peakTimeMillis());
        assertEquals(List.of(
                new HeapSample(11, 1_121_828, 0x524L * 0x1000),
                new HeapSample(22, 1_122_852, 0x534L * 0x1000),
                new HeapSample(31, 544, 0x443L * 0x1000)), profile.timeline());
    }

    @Test
    void hoursLongRecordingsKeepAShortTimeLineThatShowsThePeak(@TempDir Path dir) throws IOException {
        // 50,000 time stamps, 10 ms apart; after the 31,337th (time 313,370 ms), 100 blocks of 64 bytes come and go
        byte[] text = longRecording(50_000, 31_337);
        Profile profile = HeaptrackReader.read(new ByteArrayInputStream(text), "long");

        long base = 0x20;
        assertEquals(base + 100 * 0x40, profile.peakHeapBytes());
        assertEquals(313_370L, profile.peakTimeMillis());
        assertEquals(500_000L, profile.durationMillis());
        List<HeapSample> timeline = profile.timeline();
        // 50,000 samples do not fit in 20,000: 2 time stamps a sample from the 20,001st on, 4 from the 40,001st
        assertEquals(10_000 + 2_500 + 1, timeline.size());
        assertEquals(List.of(new HeapSample(313_370, base + 100 * 0x40, null)),
                timeline.stream().filter(s -> s.heapBytes() > base).toList());
        assertEquals(new HeapSample(500_000, 0x20, null), timeline.get(timeline.size() - 1));
    }

    // ---- what is not a readable recording

    @Test
    void truncatedZstdStreamIsReportedAsSuch() {
        Path file = fixture("rust-small-truncated.zst");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> HeaptrackReader.read(file));

        // heaptrack_print prints zeros for this file and exits 0
        assertEquals(file + " is truncated: the zstd stream ended in the middle of a frame (was heaptrack killed "
                + "before it finished writing?)", e.getMessage());
    }

    @Test
    void truncatedGzipStreamIsReportedAsSuch(@TempDir Path dir) throws IOException {
        byte[] gzip = Files.readAllBytes(fixture("rust-small.gz"));
        Path file = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gzip, gzip.length / 2));

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> HeaptrackReader.read(file));

        assertEquals(file + " is truncated: the gzip stream ended before its end (was heaptrack killed before it "
                + "finished writing?)", e.getMessage());
    }

    @Test
    void corruptZstdStream(@TempDir Path dir) throws IOException {
        byte[] zstd = Files.readAllBytes(fixture("rust-small.zst"));
        zstd[100] ^= 0x55;
        Path file = Files.write(dir.resolve("flipped.zst"), zstd);

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> HeaptrackReader.read(file));

        assertEquals(file + " is not a valid zstd stream: its compressed data is corrupt", e.getMessage());
    }

    @Test
    void anotherKindOfFileIsNotTakenForARecording() {
        Path file = fixture("not-heaptrack.xml");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> HeaptrackReader.read(file));

        assertEquals(file + " is not a heaptrack recording: expected a 'v' version line at the start, found "
                + "'<?xml version=\"1.0\"?>'", e.getMessage());
    }

    @Test
    void binaryGarbageIsShownPrintably(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("a.out"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, '\n'});

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> HeaptrackReader.read(file));

        assertEquals(file + " is not a heaptrack recording: expected a 'v' version line at the start, found "
                + "'\\x7fELF\\x02\\x01\\x01\\x00'", e.getMessage());
    }

    @Test
    void emptyFile(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("empty.zst"), new byte[0]);

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> HeaptrackReader.read(file));

        assertEquals(file + " is not a heaptrack recording: it is empty", e.getMessage());
    }

    @Test
    void recordsThatReferToUnknownIndicesNameTheLine() {
        assertError("v 10400 3\n+ 0\n", "x.zst is corrupt at line 2 ('+' record): it refers to allocation info 0 "
                + "(hex), but only 0 (hex) 'a' records precede it");
        assertError("v 10400 3\ns 1 m\ni 1000 1 2\n", "x.zst is corrupt at line 3 ('i' record): it refers to "
                + "string 2 (hex), but only 1 (hex) 's' records precede it");
        assertError("v 10400 3\nt 1 0\n", "x.zst is corrupt at line 2 ('t' record): it refers to instruction "
                + "pointer 1 (hex), but only 0 (hex) 'i' records precede it");
        assertError("v 10400 3\ns 1 m\ni 1000 1\nt 1 0\nt 1 5\n", "x.zst is corrupt at line 5 ('t' record): it "
                + "refers to parent trace 5 (hex), but only 1 (hex) 't' records precede it");
        assertError("v 10400 3\na 10 1\n", "x.zst is corrupt at line 2 ('a' record): it refers to trace 1 (hex), but "
                + "only 0 (hex) 't' records precede it");
        assertError("v 10400 3\ns 1 m\ni 1000 1\nt 1 0\na 10 1\n- 1\n", "x.zst is corrupt at line 6 ('-' record): "
                + "it refers to allocation info 1 (hex), but only 1 (hex) 'a' records precede it");
        // heaptrack's numbers are unsigned 64-bit
        assertError("v 10400 3\n+ ffffffffffffffff\n", "x.zst is corrupt at line 2 ('+' record): it refers to "
                + "allocation info ffffffffffffffff (hex), but only 0 (hex) 'a' records precede it");
        assertError("v 10400 3\ns 1 m\ni 1000 8000000000000000\n", "x.zst is corrupt at line 3 ('i' record): it "
                + "refers to string 8000000000000000 (hex), but only 1 (hex) 's' records precede it");
    }

    @Test
    void malformedRecords() {
        assertError("v 10400 3\nc 1G\n",
                "x.zst is corrupt at line 2 ('c' record): expected the time stamp as a lowercase hex number, "
                        + "found 'G'");
        assertError("v 10400 3\n+\n", "x.zst is corrupt at line 2 ('+' record): the record has none of its fields");
        assertError("v 10400 3\nR\t5\n",
                "x.zst is corrupt at line 2 ('R' record): expected a space after the record type, found byte 0x09");
        assertError("v 10400 3\ns 9 short\n",
                "x.zst is corrupt at line 2 ('s' record): the string is announced with 9 bytes, but the line has "
                        + "only 5");
        assertError("v 10400 3\nX ./a\nX ./b\n",
                "x.zst is corrupt at line 3 ('X' record): it has a second 'X' debuggee line (two recordings "
                        + "concatenated?)");
        assertError("v 10400 3\nR 12345678901234567\n",
                "x.zst is corrupt at line 2 ('R' record): the RSS page count has more than 16 hex digits");
        assertError("v 10400 3\ns 1 m\ni 1000 1\nt 1",
                "x.zst is truncated: it ends in the middle of the 't' record at line 4 (was heaptrack killed before "
                        + "it finished writing?)");
    }

    @Test
    void headersThisReaderDoesNotAccept() {
        assertError("v 10500 4\n", "x.zst was written by heaptrack 1.5.0 in file format 4; this reader understands "
                + "formats 1 to 3");
        assertError("v ffffffffffffffff ffffffffffffffff\n", "x.zst was written by heaptrack 281474976710655.255.255 in "
                + "file format 18446744073709551615; this reader understands formats 1 to 3");
        assertError("v 10000\n", "x.zst was written by heaptrack 1.0.0 in file format 0; this reader understands "
                + "formats 1 to 3");
        assertError("X ./old\ns main\n", "x.zst has no 'v' version line: it looks like a recording of heaptrack older "
                + "than 1.0 (file format 0), which is not supported; found 'X ./old' at line 1");
        assertError("v 10400 3\nX ./prog\nm 1 x 55d0 0 130b0\n", "x.zst is a raw heaptrack capture (it has 'm' module "
                + "records, line 3), not the interpreted data file: pipe it through heaptrack_interpret first, which "
                + "heaptrack does itself unless run with -r");
        assertError("v 10400 3\nv 10400 3\n", "x.zst is corrupt at line 2 ('v' record): it has a second 'v' version "
                + "line (two recordings concatenated?)");
    }

    @Test
    void damagedRecordingsFailWithARecordingFormatExceptionOnly() throws IOException {
        byte[] good = Files.readAllBytes(fixture("rust-small.txt"));
        Random random = new Random(42);
        int failures = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = good.clone();
            if (round % 3 == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            for (int flips = 1 + random.nextInt(3); flips > 0 && bytes.length > 0; flips--) {
                String damage = " \n0f9a+-ztisXv\u00ff";
                bytes[random.nextInt(bytes.length)] = (byte) damage.charAt(random.nextInt(damage.length()));
            }
            try {
                HeaptrackReader.read(new ByteArrayInputStream(bytes), "damaged");
            } catch (RecordingFormatException e) {
                failures++;
                assertTrue(e.getMessage().startsWith("damaged "), e.getMessage());
                assertTrue(e.getCause() == null, () -> "an internal error escaped: " + e.getCause());
            }
        }
        assertTrue(failures > 100, "the damage was detected " + failures + " times");
    }

    @Test
    void eventsAreStreamedNotCollected() throws IOException {
        // 6 million events through a generated stream: the reader keeps only its per-trace counters
        String header = "v 10400 3\nX ./loop\ns 4 loop\ni 1000 1 1\nt 1 0\na 20 1\na 40 1\n";
        InputStream events = new InputStream() {
            private final byte[] head = header.getBytes(StandardCharsets.US_ASCII);
            private final byte[] cycle = "+ 0\n+ 1\n- 1\n".getBytes(StandardCharsets.US_ASCII);
            private long position;
            private final long end = head.length + 2_000_000L * cycle.length;

            @Override
            public int read() {
                if (position >= end) {
                    return -1;
                }
                long at = position++;
                return at < head.length ? head[(int) at] : cycle[(int) ((at - head.length) % cycle.length)];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c < 0) {
                        break;
                    }
                    b[off + n++] = (byte) c;
                }
                return n == 0 && len > 0 ? -1 : n;
            }
        };

        Profile profile = HeaptrackReader.read(events, "generated");

        assertEquals(4_000_000L, profile.allocations());
        assertEquals(2_000_000L, profile.temporaryAllocations());
        assertEquals(2_000_000L * 0x20, profile.leakedBytes());
        assertEquals(2_000_000L * 0x20 + 0x40, profile.peakHeapBytes());
        assertEquals(1, profile.stacks().size());
        assertEquals(2_000_000L * 0x20, profile.stacks().get(0).peakBytes() - 0x40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rust-small.txt", "quirks.txt", "attach-midway.txt", "format2.txt", "real-prog.zst"})
    void lineByLineAndBufferedReadingAgree(String fixture) throws IOException {
        // a stream that gives a few bytes at a time never lets the reader take its fast path for events
        byte[] text = decompressedText(fixture(fixture));
        Profile buffered = HeaptrackReader.read(new ByteArrayInputStream(text), "x");
        Profile trickled = HeaptrackReader.read(new ByteArrayInputStream(text) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        }, "x");

        assertEquals(buffered, trickled);
        assertEquals(buffered, HeaptrackReader.read(fixture(fixture)));
    }

    @Test
    void errorsAfterManyEventsNameTheirLine() {
        String header = "v 10400 3\nX ./long\nI 1000 100\ns 4 long\ni 1000 1 1\nt 1 0\na 20 1\na 40 1\n";
        assertError(header + "+ 0\n".repeat(1000) + "+ 7\n" + "- 0\n".repeat(100), "x.zst is corrupt at line 1009 "
                + "('+' record): it refers to allocation info 7 (hex), but only 2 (hex) 'a' records precede it");
        assertError(header + "- 1\n".repeat(2000) + "+ 1 \n" + "- 0\n".repeat(100) + "-  1\n", "x.zst is corrupt at "
                + "line 2110 ('-' record): expected the allocation info index as a lowercase hex number, found ' '");
        assertError(header + "+ 1\n".repeat(2000) + "+ 10000000000000000\n" + "- 0\n".repeat(100), "x.zst is corrupt "
                + "at line 2009 ('+' record): the allocation info index has more than 16 hex digits");
    }

    @Test
    void compressedRecordingsReadOnASecondThreadGiveTheSameProfile(@TempDir Path dir) throws IOException {
        // several chunks of the decompressing thread, with records across their borders
        byte[] text = longRecording(200_000, 77_777);
        assertTrue(text.length > 4 << 20, "size " + text.length);
        Path plain = Files.write(dir.resolve("long.txt"), text);
        Path zstd = dir.resolve("long.zst");
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zstd))) {
            out.write(text);
        }
        Path gzip = dir.resolve("long.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(text);
        }

        Profile expected = HeaptrackReader.read(plain);
        assertEquals(200_000L * 10, expected.durationMillis());
        assertEquals(expected, HeaptrackReader.read(zstd));
        assertEquals(expected, HeaptrackReader.read(gzip));
    }

    @Test
    void aCompressedRecordingCutShortIsStillReportedAsTruncated(@TempDir Path dir) throws IOException {
        // the decompressing thread fails after many chunks: the parser gets everything before, then the failure
        Path zstd = dir.resolve("long.zst");
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zstd))) {
            out.write(longRecording(200_000, 5));
        }
        byte[] bytes = Files.readAllBytes(zstd);
        Path cut = Files.write(dir.resolve("cut.zst"), Arrays.copyOf(bytes, bytes.length * 3 / 4));

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> HeaptrackReader.read(cut));

        assertEquals(cut + " is truncated: the zstd stream ended in the middle of a frame (was heaptrack killed "
                + "before it finished writing?)", e.getMessage());
    }

    /**
     * A recording with {@code stamps} time stamps 10 ms apart, a few events between them, 0x20 bytes live at each;
     * after time stamp number {@code peakAfter}, 100 blocks of 0x40 bytes are allocated and freed.
     */
    private static byte[] longRecording(int stamps, int peakAfter) {
        StringBuilder text = new StringBuilder("v 10400 3\nX ./long\nI 1000 100\ns 4 long\ni 1000 1 1\nt 1 0\n"
                + "a 20 1\na 40 1\n+ 0\n");
        for (int i = 1; i <= stamps; i++) {
            text.append("c ").append(Long.toHexString(10L * i)).append('\n');
            text.append("+ 0\n- 0\n+ 1\n- 1\n");
            if (i == peakAfter) {
                text.append("+ 1\n".repeat(100)).append("- 1\n".repeat(100));
            }
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] decompressedText(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (file.toString().endsWith(".zst")) {
            try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(bytes))) {
                return in.readAllBytes();
            }
        }
        return bytes;
    }

    private static void assertError(String recording, String message) {
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> HeaptrackReader.read(new ByteArrayInputStream(recording.getBytes(StandardCharsets.UTF_8)),
                        "x.zst"));
        assertEquals(message, e.getMessage());
    }

    private static void assertCost(StackCost stack, long allocations, long allocatedBytes, long temporary,
            long peakBytes, long leakedBytes, long leakedBlocks) {
        assertEquals(List.of(allocations, allocatedBytes, temporary, peakBytes, leakedBytes, leakedBlocks),
                List.of(stack.allocations(), stack.allocatedBytes(), stack.temporaryAllocations(), stack.peakBytes(),
                        stack.leakedBytes(), stack.leakedBlocks()),
                "allocations, allocatedBytes, temporary, peakBytes, leakedBytes, leakedBlocks");
    }

    private static List<String> functions(StackCost stack) {
        return stack.frames().stream().map(Frame::function).toList();
    }

    private static Path fixture(String name) {
        try {
            var url = HeaptrackReaderTest.class.getResource("/heaptrack/" + name);
            if (url == null) {
                fail("missing test resource heaptrack/" + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
