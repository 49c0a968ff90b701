package io.github.rustinstruments.maven.process;

import java.io.IOException;
import java.time.Duration;

/** The process ran past its time limit; its whole tree has been killed. */
public class ProcessTimeoutException extends IOException {
    private final Duration limit;
    private final ProcessResult partialResult;

    public ProcessTimeoutException(String message, Duration limit, ProcessResult partialResult) {
        super(message);
        this.limit = limit;
        this.partialResult = partialResult;
    }

    public Duration limit() {
        return limit;
    }

    /** What the process printed before it was killed; its exit code is that of the killed process. */
    public ProcessResult partialResult() {
        return partialResult;
    }
}
