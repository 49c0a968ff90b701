package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.trace.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A memory profiler backend. It launches a command of any kind under the profiler and reads what the profiler
 * wrote into the common {@link Profile} model; mojos only ever talk to this interface.
 */
public interface Profiler {
    /** The name in the summary's {@code profiler} field and the {@code profiler} parameter. */
    String id();

    /** Fails with what to install when the tool is missing from the PATH the command would see. */
    void checkInstalled(Map<String, String> environment) throws ToolNotFoundException;

    /** Runs the command under the profiler; a non-zero exit or a time-out is reported, not thrown. */
    Recording record(RecordingRequest request) throws IOException;

    /** Reads a recording this profiler wrote. */
    Profile analyse(Path recording) throws IOException;

    /** How a user opens the recording in the profiler's own viewer. */
    String viewerCommand(Path recording);

    /**
     * The platform a recording read from a file was made on, as far as the profiler and the recording tell
     * ({@code report} goal); {@code null} when they do not.
     */
    default String platformOf(Profile profile) {
        return null;
    }
}
