package io.github.rustinstruments.maven;

/**
 * The few log calls the Maven-free core needs; the mojos adapt Maven's {@code Log} to it,
 * unit tests collect the lines.
 */
public interface BuildLog {
    void info(String message);

    void warn(String message);

    void debug(String message);

    /** A log that drops everything; for callers that do not care. */
    BuildLog SILENT = new BuildLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {}
    };
}
