package io.github.rustinstruments.maven.trace;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decompresses a {@code .zst} file with the {@code zstd} command in a child process (heaptrack itself needs it to
 * write {@code .zst}): native zstd is several times faster than the pure-Java decoder and costs the JVM no JIT
 * warm-up. The caller falls back to the Java decoder whenever this path fails in any way, which also keeps its
 * diagnostics of truncated or corrupt files.
 *
 * <p>The system property {@value #PROPERTY} chooses the tool: a path to a zstd executable, or {@code none} to always
 * use the Java decoder; by default {@code zstd} is looked up on the {@code PATH}.
 */
final class ExternalZstd {

    static final String PROPERTY = "rust-instruments.zstd";

    /** The tool's exit status was not 0: its output may be incomplete. */
    static final class Failed extends IOException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    private static volatile Path onPath;
    private static volatile boolean searched;

    private ExternalZstd() {}

    /** The zstd executable to use, or {@code null} for none. */
    static Path tool() {
        String chosen = System.getProperty(PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            return chosen.strip().equals("none") ? null : Path.of(chosen.strip());
        }
        if (!searched) {
            onPath = find(System.getenv("PATH"));
            searched = true;
        }
        return onPath;
    }

    /** The first executable {@code zstd} in a PATH-like list of directories, or {@code null}. */
    static Path find(String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, "zstd");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            } catch (RuntimeException e) {
                // an unusable PATH entry: try the next one
            }
        }
        return null;
    }

    /**
     * Starts {@code tool -dcq -- file}; the stream it returns ends with {@link Failed} instead of a normal end when
     * the tool exits with an error. Close it to stop the tool.
     *
     * @throws IOException when the tool cannot be started
     */
    static InputStream decompress(Path tool, Path file) throws IOException {
        Process process = new ProcessBuilder(tool.toString(), "-dcq", "--", file.toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        process.getOutputStream().close();
        return new Output(process);
    }

    /** The tool's standard output, checked for the tool's exit status at its end. */
    private static final class Output extends FilterInputStream {
        private final Process process;
        private boolean checked;

        Output(Process process) {
            super(process.getInputStream());
            this.process = process;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                checkExit();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                checkExit();
            }
            return n;
        }

        private void checkExit() throws IOException {
            if (checked) {
                return;
            }
            int status;
            try {
                status = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failed("interrupted while waiting for zstd");
            }
            if (status != 0) {
                throw new Failed("zstd exited with status " + status);
            }
            checked = true;
        }

        @Override
        public void close() throws IOException {
            // stops a tool whose output is no longer wanted (the parser gave up early)
            process.destroy();
            super.close();
        }
    }
}
