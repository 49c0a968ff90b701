package io.github.rustinstruments.maven.process;

import java.util.List;

/**
 * How a finished process ended.
 *
 * @param exitCode       the exit status; 128 + N when a signal N ended it (as a shell reports it)
 * @param durationMillis wall time from start to exit
 * @param stderrTail     the last lines it wrote to standard error (at most {@link ProcessSpec#TAIL_LINES})
 * @param timedOut       the time limit passed and the runner killed the process tree; {@code exitCode} is then
 *                       whatever the killed process reported and says nothing about the program
 */
public record ProcessResult(int exitCode, long durationMillis, List<String> stderrTail, boolean timedOut) {

    /** A process that ended by itself. */
    public ProcessResult(int exitCode, long durationMillis, List<String> stderrTail) {
        this(exitCode, durationMillis, stderrTail, false);
    }

    /** A readable description of the status, naming the signal when there was one. */
    public String describeExit() {
        return describeExit(exitCode);
    }

    /** The same for a bare exit status, e.g. one a profiler reports for its target. */
    public static String describeExit(int exitCode) {
        if (exitCode > 128 && exitCode < 128 + 65) {
            int signal = exitCode - 128;
            return "was killed by signal " + signal + signalName(signal) + " (exit status " + exitCode + ")";
        }
        return "exited with status " + exitCode;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 4 -> " (SIGILL)";
            case 6 -> " (SIGABRT)";
            case 7 -> " (SIGBUS)";
            case 8 -> " (SIGFPE)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }
}
