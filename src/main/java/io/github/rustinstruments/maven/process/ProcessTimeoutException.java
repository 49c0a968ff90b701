package io.github.rustinstruments.maven.process;

import java.io.IOException;

/** The process ran past its time limit; its whole tree has been killed. */
public class ProcessTimeoutException extends IOException {
    private final ProcessResult partialResult;

    public ProcessTimeoutException(String message, ProcessResult partialResult) {
        super(message);
        this.partialResult = partialResult;
    }

    /** What the process printed before it was killed; its exit code is that of the killed process. */
    public ProcessResult partialResult() {
        return partialResult;
    }
}
