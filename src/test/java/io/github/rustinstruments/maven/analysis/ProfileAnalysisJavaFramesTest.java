package io.github.rustinstruments.maven.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.HeaptrackReader;
import io.github.rustinstruments.maven.trace.PerfMap;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.StackCost;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Frames the profiler could not name keep an address; analysis must not grow with it, and a perf map names them. */
class ProfileAnalysisJavaFramesTest {
    private static final String LIB = "/x/libleaky_jni.so";
    private static final FrameClassifier CLASSIFIER = new FrameClassifier(Set.of(), List.of());

    private static Profile profile(List<List<Frame>> stacks) {
        return new Profile("java Main", 0L, 0L, 0L, 0L, null, 0L, 0L, null,
                stacks.stream().map(f -> new StackCost(f, 1, 8, 0, 8, 0, 0)).toList());
    }

    private static Frame jit(long address) {
        return new Frame(null, null, 0, null, address);
    }

    @Test
    void distinctAddressesOfUnnamedFramesResolveToOneFrame() {
        Frame work = new Frame("work", "src/lib.rs", 3, LIB);
        Profile profile = profile(List.of(List.of(work, jit(0x1000)), List.of(work, jit(0x2000)),
                List.of(work, new Frame(null, null, 0, null))));
        ProfileAnalysis analysis = ProfileAnalysis.of(profile, CLASSIFIER, false);

        assertEquals(2, analysis.distinctFrames(), "work and ??");
        assertSame(analysis.stacks().get(0).frames().get(1), analysis.stacks().get(1).frames().get(1));
        assertEquals("??", analysis.stacks().get(0).frames().get(1).function());
        // one path in the call tree, not one per address
        assertEquals(3, analysis.topDown().size(), "root, ??, work");
    }

    @Test
    void aPerfMapNamesTheJvmsGeneratedCode() throws IOException {
        PerfMap map = PerfMap.read(new StringReader("""
                0x1000 0x100 Interpreter
                0x2000 0x100 int com.example.Main.hot(int)
                0x3000 0x100 nep_invoker_blob
                """));
        Frame work = new Frame("work", "src/lib.rs", 3, LIB);
        Profile profile = profile(List.of(List.of(work, jit(0x2010), jit(0x1010)), List.of(work, jit(0x2020),
                jit(0x1020)), List.of(work, jit(0x3000), jit(0x9000)), List.of(work, new Frame(null, null, 0, LIB,
                0x2010))));
        ProfileAnalysis analysis = ProfileAnalysis.of(profile, CLASSIFIER, false, map);

        List<List<String>> names = analysis.stacks().stream()
                .map(s -> s.frames().stream().map(ResolvedFrame::function).toList()).toList();
        assertEquals(List.of(
                List.of("work", "com.example.Main.hot(int)", ProfileAnalysis.INTERPRETED_JAVA),
                List.of("work", "com.example.Main.hot(int)", ProfileAnalysis.INTERPRETED_JAVA),
                List.of("work", "nep_invoker_blob", "??"),
                // a frame in a module is no generated code, whatever its address
                List.of("work", "?? in libleaky_jni.so")), names);
        // two addresses in one method are one node
        assertSame(analysis.stacks().get(0).frames().get(1), analysis.stacks().get(1).frames().get(1));
        assertEquals(3, analysis.bottomUp().root().children().get(0).children().size(),
                "called from hot, the stub and ?? in the library: nothing per address");
    }

    @Test
    void theJniRecordingsJitFramesGetTheirJavaNames() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/jvm-fixture/recordings").toURI());
        Profile profile = HeaptrackReader.read(dir.resolve("jni.zst"));
        ProfileAnalysis plain = ProfileAnalysis.of(profile, CLASSIFIER, false);
        ProfileAnalysis named = ProfileAnalysis.of(profile, CLASSIFIER, false, PerfMap.read(dir.resolve("jni-perf.map")));

        Set<String> plainNames = names(plain);
        Set<String> javaNames = names(named);
        assertTrue(javaNames.contains("com.example.jvmfixture.Main.hot(int)"));
        assertTrue(javaNames.contains(ProfileAnalysis.INTERPRETED_JAVA));
        assertTrue(!plainNames.contains("com.example.jvmfixture.Main.hot(int)"));
        // the named frames are few: a name per blob, not per address
        assertTrue(named.distinctFrames() < plain.distinctFrames() + 100,
                named.distinctFrames() + " vs " + plain.distinctFrames());
        assertEquals(plain.stacks().size(), named.stacks().size());
    }

    private static Set<String> names(ProfileAnalysis analysis) {
        return analysis.stacks().stream().flatMap(s -> s.frames().stream()).map(ResolvedFrame::function)
                .collect(Collectors.toSet());
    }
}
