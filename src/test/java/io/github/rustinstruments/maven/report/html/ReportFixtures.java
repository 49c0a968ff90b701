package io.github.rustinstruments.maven.report.html;

import io.github.rustinstruments.maven.analysis.CallTree;
import io.github.rustinstruments.maven.analysis.JvmTestsFixture;
import io.github.rustinstruments.maven.analysis.Costs;
import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.analysis.ResolvedFrame;
import io.github.rustinstruments.maven.analysis.ResolvedStack;
import io.github.rustinstruments.maven.analysis.SiteAttribution;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.symbols.FrameKind;
import io.github.rustinstruments.maven.trace.HeapSample;
import io.github.rustinstruments.maven.trace.HeaptrackReader;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.StackCost;
import io.github.rustinstruments.maven.trace.TestCosts;
import io.github.rustinstruments.maven.workflow.SummaryFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Report inputs for the tests: a real heaptrack recording, and a large synthetic profile. */
final class ReportFixtures {
    private ReportFixtures() {}

    static Path resource(String name) {
        try {
            return Path.of(ReportFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code src/test/resources/heaptrack/real-prog.zst}: a real heaptrack 1.4 recording of {@code real-prog.rs}
     * (temporaries, kept boxes, leaks, a 1 MiB vector), analysed as the plugin does, with crate {@code prog} as the
     * user's code.
     */
    static ReportInput realProgram() throws IOException {
        Profile profile = HeaptrackReader.read(resource("/heaptrack/real-prog.zst"));
        FrameClassifier classifier = new FrameClassifier(Set.of("prog"), List.of(Path.of("/tmp/ht")));
        ProfileAnalysis analysis = ProfileAnalysis.of(profile, classifier, false);
        Summary summary = SummaryFactory.allocations("default", "heaptrack", "linux-x86_64", List.of("./prog"), 0,
                profile.durationMillis(), "allocations.zst", profile, analysis.sites());
        return new ReportInput(summary, profile.timeline(), profile.peakTimeMillis(), analysis.sites(),
                analysis.topDown(), analysis.bottomUp());
    }

    /** A profile shaped like a big Rust service: {@code stacks} distinct stacks, 20 to 60 frames deep. */
    static List<ResolvedStack> syntheticStacks(int stacks, long seed) {
        Random random = new Random(seed);
        String[] crates = {"bigapp", "bigapp", "bigapp", "serde_json", "hashbrown", "tokio", "regex"};
        int functionsPerCrate = 400;
        List<ResolvedFrame> functions = new ArrayList<>();
        for (String crate : crates) {
            boolean user = crate.equals("bigapp");
            for (int i = 0; i < functionsPerCrate; i++) {
                String module = "m" + (i % 23);
                String name = crate + "::" + module + "::" + (i % 3 == 0 ? "Parser<T>::parse_" : "handle_") + i
                        + (i % 7 == 0 ? "::{{closure}}" : "");
                String file = user ? "src/" + module + ".rs"
                        : "/home/dev/.cargo/registry/src/index.crates.io-6f17d22bba15001f/" + crate
                                + "-1.0.0/src/" + module + ".rs";
                functions.add(new ResolvedFrame(name, file, 10 + i, "/srv/bigapp/target/release/bigapp",
                        user ? FrameKind.USER : FrameKind.UNKNOWN));
            }
        }
        ResolvedFrame main = new ResolvedFrame("bigapp::main", "src/main.rs", 12, "bigapp", FrameKind.USER);
        ResolvedFrame langStart = new ResolvedFrame("std::rt::lang_start_internal",
                "/rustc/17067e9ac6d7e98f18d4b3b6e6e1f7b4ff1e1b2d/library/std/src/rt.rs", 174, "bigapp",
                FrameKind.RUST_RUNTIME);
        ResolvedFrame start = new ResolvedFrame("_start", null, 0, "bigapp", FrameKind.SYSTEM);
        ResolvedFrame vecGrow = new ResolvedFrame("alloc::raw_vec::RawVec<T,A>::grow_one",
                "/rustc/17067e9ac6d7e98f18d4b3b6e6e1f7b4ff1e1b2d/library/alloc/src/raw_vec.rs", 567, "bigapp",
                FrameKind.RUST_RUNTIME);
        ResolvedFrame malloc = new ResolvedFrame("malloc", null, 0, "/usr/lib/x86_64-linux-gnu/libc.so.6",
                FrameKind.SYSTEM);
        // a few hundred hot paths from main (popularity falls off steeply), each stack one of them plus its own tail
        List<List<ResolvedFrame>> paths = new ArrayList<>();
        for (int p = 0; p < 300; p++) {
            List<ResolvedFrame> path = new ArrayList<>();
            int at = random.nextInt(functions.size());
            int length = 8 + random.nextInt(20);
            for (int d = 0; d < length; d++) {
                path.add(functions.get(at));
                at = Math.floorMod(at + random.nextInt(9) - 3, functions.size());
            }
            paths.add(path);
        }
        List<ResolvedStack> out = new ArrayList<>(stacks);
        for (int s = 0; s < stacks; s++) {
            List<ResolvedFrame> outerFirst = new ArrayList<>(64);
            outerFirst.add(start);
            outerFirst.add(langStart);
            outerFirst.add(main);
            double u = random.nextDouble();
            List<ResolvedFrame> path = paths.get((int) (paths.size() * u * u * u));
            // share a prefix of the hot path, then wander off: 100,000 distinct stacks, 20 to 60 frames deep
            int shared = Math.max(1, path.size() - random.nextInt(4));
            outerFirst.addAll(path.subList(0, shared));
            int at = functions.indexOf(path.get(shared - 1));
            int tail = 5 + random.nextInt(25);
            for (int d = 0; d < tail; d++) {
                at = Math.floorMod(at + random.nextInt(9) - 3 + (random.nextInt(15) == 0 ? random.nextInt(2800) : 0),
                        functions.size());
                outerFirst.add(functions.get(at));
            }
            outerFirst.add(vecGrow);
            outerFirst.add(malloc);
            List<ResolvedFrame> innermostFirst = new ArrayList<>(outerFirst.size());
            for (int i = outerFirst.size() - 1; i >= 0; i--) {
                innermostFirst.add(outerFirst.get(i));
            }
            long allocations = 1 + (long) Math.abs(random.nextGaussian() * 200);
            long size = 16L << random.nextInt(10);
            long bytes = allocations * size;
            long peak = random.nextInt(4) == 0 ? size * (1 + random.nextInt((int) Math.min(allocations, 50))) : 0;
            long leakedBlocks = random.nextInt(40) == 0 ? 1 + random.nextInt(3) : 0;
            long temporary = allocations / (1 + random.nextInt(4));
            out.add(new ResolvedStack(innermostFirst,
                    new Costs(allocations, bytes, temporary, peak, leakedBlocks * size, leakedBlocks)));
        }
        return out;
    }

    /** The large synthetic profile as the report gets it, with a long time line. */
    static ReportInput synthetic(int stacks, int samples) {
        List<ResolvedStack> resolved = syntheticStacks(stacks, 42);
        Costs total = Costs.ZERO;
        for (ResolvedStack s : resolved) {
            total = total.plus(s.costs());
        }
        List<HeapSample> timeline = new ArrayList<>(samples);
        Random random = new Random(7);
        long heap = 0;
        long peak = 0;
        long peakTime = 0;
        for (int i = 0; i < samples; i++) {
            // a working set that grows, is released in phases, with noise
            double phase = (double) i / samples;
            long target = (long) (300_000_000 * phase + 250_000_000 * Math.sin(phase * 9) * Math.sin(phase * 9)
                    + 50_000_000 * Math.max(0, Math.sin(phase * 40)));
            heap = Math.max(0, target + (long) (random.nextGaussian() * 4_000_000));
            if (heap > peak) {
                peak = heap;
                peakTime = i * 10L;
            }
            timeline.add(new HeapSample(i * 10L, heap, heap + 40_000_000L));
        }
        Summary.Totals totals = new Summary.Totals(total.allocations(), total.allocatedBytes(),
                total.temporaryAllocations(), peak, peak + 40_000_000L, total.leakedBytes(), total.leakedBlocks());
        List<Summary.Site> sites = SiteAttribution.sitesOf(resolved);
        Summary summary = new Summary(Summary.SCHEMA_VERSION, "big", "allocations", "heaptrack", "linux-x86_64",
                List.of("/srv/bigapp/target/release/bigapp", "--serve"), 0, samples * 10L, "allocations.zst", totals,
                null, sites.stream().limit(SummaryFactory.SITES_IN_SUMMARY).toList());
        return new ReportInput(summary, timeline, peakTime, sites,
                CallTree.build(resolved, CallTree.Direction.TOP_DOWN),
                CallTree.build(resolved, CallTree.Direction.BOTTOM_UP));
    }

    /** A parameterized test whose name would end the page's script element, were it not escaped. */
    static final String HOSTILE_TEST = "com.example.LeakyTest#decode(String)[1] </script><b onmouseover=alert(1)>";

    /**
     * A JVM run split per test ({@link JvmTestsFixture}, plus a test with a hostile name), analysed and summarised
     * as {@code jvm-allocations} does it, with a short time line.
     */
    static ReportInput jvmTests() {
        List<TestCosts> entries = new ArrayList<>(JvmTestsFixture.tests());
        entries.add(new TestCosts(HOSTILE_TEST, 3, 300, 300L, 0, 0, List.of(new StackCost(JvmTestsFixture.CHURN, 3,
                300, 0, 300, 0, 0))));
        Profile profile = JvmTestsFixture.profile(entries);
        ProfileAnalysis analysis = ProfileAnalysis.of(profile, JvmTestsFixture.classifier(), false);
        Summary summary = SummaryFactory.of("allocations", "jvm", "heaptrack-jvm", "linux-x86_64", null, 0, 900L,
                "jvm-41.zst", profile, analysis).inJvm(List.of("libleaky_jni.so"),
                List.of(new Summary.Fork(41, "jvm-41.zst", 0), new Summary.Fork(42, "jvm-42.zst", 0)),
                new Summary.Totals(9_000L, 9_000_000L, null, 900_000L, 50_000_000L, 30_000L, 50L));
        List<HeapSample> timeline = List.of(new HeapSample(0, 0, null), new HeapSample(100, 20_000, null),
                new HeapSample(400, 41_324, null), new HeapSample(600, 41_100, null), new HeapSample(900, 41_024, null));
        return new ReportInput(summary, timeline, 400L, analysis.sites(), analysis.topDown(), analysis.bottomUp(),
                analysis.tests());
    }
}
