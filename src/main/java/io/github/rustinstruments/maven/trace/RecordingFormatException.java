package io.github.rustinstruments.maven.trace;

import java.io.IOException;

/**
 * A recording that cannot be read as the format it claims to be: not a recording of that profiler at all,
 * truncated, corrupt, or referring to data it never defined. The message names the file and what was expected,
 * so that it can be shown to the user as is.
 */
public class RecordingFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public RecordingFormatException(String message) {
        super(message);
    }

    public RecordingFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
