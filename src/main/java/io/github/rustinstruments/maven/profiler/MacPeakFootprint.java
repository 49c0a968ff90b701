package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.process.Directories;
import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peak memory footprint of one run of a program on macOS (12+), from the BSD {@code time} utility, written from
 * the command line and output macOS documents in time(1) ({@code man 1 time}: {@code -l}, {@code -o}); tested with a
 * stand-in script, never on a Mac.
 *
 * <p>{@link #measure} runs the program once as
 * <pre>
 * /usr/bin/time -l -o &lt;run&gt;/&lt;kind&gt;-time.txt &lt;exe&gt; &lt;args&gt;
 * </pre>
 * ({@code -l}: the rusage lines; {@code -o}: into a file, so that they never mix with the program's own standard
 * error). Among those lines is {@code <N>  peak memory footprint} in bytes, the cleanest peak-memory figure macOS
 * gives (the {@code leaks} header's footprint is rounded and inflated by stack logging). {@code time} exits with
 * the program's status, so {@link Result#exitCode()} is the program's.
 *
 * <p>The figure belongs in {@code peakRssBytes} of a summary made on macOS, where no backend samples RSS.
 */
public final class MacPeakFootprint {
    /** The output file's name after the recording's kind: {@code allocations-time.txt}. */
    public static final String SUFFIX = "-time.txt";

    public static final String DEFAULT_EXECUTABLE = "/usr/bin/time";
    public static final String INSTALL_HINT = "/usr/bin/time is part of macOS (the -l peak memory footprint needs"
            + " macOS 12 or later); point <timeExecutable> at a BSD time that supports -l and -o";

    /** {@code <N>  peak memory footprint}, leading spaces for alignment. */
    private static final Pattern FOOTPRINT = Pattern.compile("^\\s*(\\d+)\\s+peak memory footprint\\s*$");

    private final ProcessRunner runner;
    private final BuildLog log;
    private final String executable;

    /**
     * The outcome of one measured run.
     *
     * @param file                the rusage file {@code time} wrote; {@code null} when it wrote none
     * @param peakFootprintBytes  the {@code peak memory footprint}; {@code null} when the file or the line is absent
     * @param exitCode            the program's exit status (which {@code time} exits with)
     * @param durationMillis      wall time of the run
     * @param timedOut            the time limit passed and the process tree was killed
     * @param stderrTail          the last lines of standard error, for error messages
     */
    public record Result(Path file, Long peakFootprintBytes, int exitCode, long durationMillis, boolean timedOut,
            List<String> stderrTail) {}

    /** @param timeExecutable BSD time, by name or path; {@code null} for {@value #DEFAULT_EXECUTABLE} */
    public MacPeakFootprint(ProcessRunner runner, BuildLog log, String timeExecutable) {
        this.runner = runner;
        this.log = log;
        this.executable = timeExecutable == null || timeExecutable.isBlank() ? DEFAULT_EXECUTABLE : timeExecutable;
    }

    /** Fails with a hint when {@code time} is not where the command would look for it. */
    public void checkInstalled(Map<String, String> environment) throws ToolNotFoundException {
        ProcessRunner.requireExecutable(executable, environment, INSTALL_HINT);
    }

    /** The full command line: {@code time -l -o <file> <exe> <args>}. */
    List<String> commandLine(Path output, List<String> target) {
        List<String> command = new ArrayList<>(List.of(executable, "-l", "-o", output.toString()));
        command.addAll(target);
        return command;
    }

    /** The file {@link #measure} writes: {@code <run>/<kind>-time.txt}. */
    public static Path outputFile(RecordingRequest request) {
        return request.runDirectory().resolve(request.kind() + SUFFIX);
    }

    /**
     * Runs the request's command once under {@code time -l}, in its working directory with its environment and time
     * limit; a non-zero exit or a time-out is reported, not thrown.
     */
    public Result measure(RecordingRequest request) throws IOException {
        Directories.create(request.runDirectory());
        Path output = outputFile(request);
        // a stale file from an earlier build must never be mistaken for this one (all under target/)
        Files.deleteIfExists(output);
        ProcessSpec spec = ProcessSpec.of(commandLine(output, request.command())).directory(request.workingDirectory())
                .environment(request.environment()).timeout(request.timeLimit()).installHint(INSTALL_HINT)
                .stopFirst(Path.of(request.command().get(0)))
                .stdout(line -> log.info("[time] " + line))
                .stderr(line -> log.info("[time] " + line));
        ProcessResult result = runner.runWithinLimit(spec);
        Path file = Files.isRegularFile(output) ? output : null;
        Long peak = file == null ? null : parse(file);
        if (file == null) {
            log.warn("time wrote no " + output + ", so there is no peak memory footprint (it "
                    + result.describeExit() + ")");
        } else if (peak == null) {
            log.warn(output + " has no 'peak memory footprint' line (macOS 12 or later prints it)");
        }
        return new Result(file, peak, result.exitCode(), result.durationMillis(), result.timedOut(),
                result.stderrTail());
    }

    /**
     * The {@code peak memory footprint} of a {@code time -l} output file in bytes; {@code null} when the file has
     * no such line (macOS before 12, a run killed before {@code time} printed it). Other lines are ignored.
     *
     * @throws RecordingFormatException the figure does not fit a long
     * @throws IOException              the file cannot be read
     */
    public static Long parse(Path file) throws IOException {
        // new String replaces malformed bytes rather than failing on them
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return parse(text.lines().toList(), file.toString());
    }

    /** {@link #parse(Path)} of lines; {@code nameForMessages} names them in exception messages. */
    static Long parse(List<String> lines, String nameForMessages) throws RecordingFormatException {
        Long peak = null;
        for (String line : lines) {
            Matcher m = FOOTPRINT.matcher(line.replace("\r", ""));
            if (m.matches()) {
                try {
                    peak = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    throw new RecordingFormatException(nameForMessages + ": the peak memory footprint "
                            + m.group(1) + " is not a byte count", e);
                }
            }
        }
        return peak;
    }
}
