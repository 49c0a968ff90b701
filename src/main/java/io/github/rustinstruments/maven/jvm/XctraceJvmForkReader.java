package io.github.rustinstruments.maven.jvm;

import io.github.rustinstruments.maven.analysis.LibraryScope;
import io.github.rustinstruments.maven.profiler.XctraceProfiler;
import io.github.rustinstruments.maven.symbols.JniNames;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
import io.github.rustinstruments.maven.trace.TestMarkers;
import io.github.rustinstruments.maven.trace.XctraceJvmAllocations;
import io.github.rustinstruments.maven.trace.XctraceToc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a test JVM that {@code prepare-jvm}'s macOS launcher recorded with Instruments' Allocations template
 * ({@code jvm-<n>.trace}): the trace's table of contents and its Allocations List are exported beside it with
 * {@code xcrun xctrace export} ({@link XctraceProfiler#export}: {@code jvm-<n>-toc.xml},
 * {@code jvm-<n>-statistics.xml}, {@code jvm-<n>-allocations-list.xml}; files exported since the trace was written
 * are kept) and the list is read with the library's scope and the JVM's test markers
 * ({@link XctraceJvmAllocations}, which says which figures an Allocations List cannot give). The recording's
 * duration comes from the table of contents.
 *
 * <p>Its stacks are one frame deep (the responsible caller), so where Java called in is known only for a JNI method:
 * {@link #wholeStacks()} is {@code false}.
 */
public final class XctraceJvmForkReader implements JvmForkReader {
    private final XctraceProfiler xctrace;
    private final Map<String, String> environment;
    private boolean checked;

    /**
     * @param xctrace     exports the traces
     * @param environment the variables xcrun is found with ({@code PATH}, {@code DEVELOPER_DIR})
     */
    public XctraceJvmForkReader(XctraceProfiler xctrace, Map<String, String> environment) {
        this.xctrace = xctrace;
        this.environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    @Override
    public Profile read(JvmForks.Fork fork, LibraryScope scope, TestMarkers markers) throws IOException {
        Path trace = fork.recording();
        if (!Files.isDirectory(trace)) {
            throw new RecordingFormatException(trace + ", the recording of test JVM " + fork.pid() + ", is not an"
                    + " Instruments trace (a .trace directory): run the tests again under prepare-jvm's launcher");
        }
        if (!checked) {
            xctrace.checkInstalled(environment); // also gives the exports xcrun's environment
            checked = true;
        }
        XctraceProfiler.Exports exports = xctrace.export(trace);
        XctraceToc.Run run = exports.toc().lastRun();
        if (exports.allocationsList() == null) {
            throw new RecordingFormatException(trace + ", the recording of test JVM " + fork.pid() + ", has no"
                    + " Allocations List (template " + run.templateName() + ", tracks "
                    + run.tracks().stream().map(XctraceToc.Track::name).toList() + "): prepare-jvm's launcher records"
                    + " with the Allocations template, whose Allocations track has it; run the tests again under it");
        }
        return XctraceJvmAllocations.read(exports.allocationsList(), scope::isLibraryModule, JniNames::javaMethodOf,
                markers, run.durationMillis());
    }

    @Override
    public boolean wholeStacks() {
        return false;
    }
}
