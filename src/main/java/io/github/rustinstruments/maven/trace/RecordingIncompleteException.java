package io.github.rustinstruments.maven.trace;

/**
 * The profiler stopped before it completed its recording (valgrind's XML never reached state {@code FINISHED}):
 * what the file holds is no measurement of the program, so it gives no figures at all. The profiler's own messages
 * say why; the caller quotes them.
 */
public class RecordingIncompleteException extends RecordingFormatException {
    private static final long serialVersionUID = 1L;

    public RecordingIncompleteException(String message) {
        super(message);
    }
}
