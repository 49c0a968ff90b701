package io.github.rustinstruments.maven.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real small commands through {@link ProcessRunner}. */
class ProcessRunnerTest {
    @TempDir
    Path tmp;

    private final CollectingBuildLog log = new CollectingBuildLog();
    private final ProcessRunner runner = new ProcessRunner(log);
    /** Pids of background processes the tests start; killed after each test in case an assertion failed. */
    private final List<Long> startedPids = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void killLeftovers() {
        startedPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private static ProcessSpec sh(String script) {
        return ProcessSpec.of("sh", "-c", script);
    }

    @Test
    void deliversStdoutAndStderrLineByLine() throws IOException {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        List<String> err = Collections.synchronizedList(new ArrayList<>());

        ProcessResult result = runner.run(sh("printf 'out 1\\nout 2\\n'; printf 'err 1\\nerr 2\\n' >&2;"
                + " printf 'last line without newline'").stdout(out::add).stderr(err::add));

        assertEquals(0, result.exitCode());
        assertEquals(List.of("out 1", "out 2", "last line without newline"), out);
        assertEquals(List.of("err 1", "err 2"), err);
        assertEquals(List.of("err 1", "err 2"), result.stderrTail());
    }

    @Test
    void aGiganticLineIsCutAndSaidOnceTheNextLinesArriveIntact() throws IOException {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        List<String> err = Collections.synchronizedList(new ArrayList<>());

        // 3 MiB without a line end on each stream, twice on stdout: held whole, such lines exhaust the heap
        ProcessResult result = runner.run(sh("big() { head -c 3145728 /dev/zero | tr '\\0' x; echo; };"
                + " big; echo after; big; big >&2; echo 'err after' >&2").stdout(out::add).stderr(err::add));

        assertEquals(0, result.exitCode());
        assertEquals(3, out.size(), out.size() + " lines");
        assertEquals(ProcessRunner.MAX_LINE_CHARS, out.get(0).length());
        assertEquals("after", out.get(1));
        assertEquals(ProcessRunner.MAX_LINE_CHARS, out.get(2).length());
        assertEquals("err after", err.get(1));
        assertEquals(ProcessRunner.MAX_LINE_CHARS, result.stderrTail().get(0).length(), "the tail is bounded too");
        List<String> warnings = log.warn().stream().filter(w -> w.contains("longer than")).toList();
        assertEquals(2, warnings.size(), "once per stream: " + warnings);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("stdout had a line longer than 65536 characters")),
                warnings.toString());
    }

    @Test
    void linesEndWithLfCrLfOrCrAndTheLastMayHaveNone() throws IOException {
        ProcessRunner.BoundedLineReader reader = new ProcessRunner.BoundedLineReader(
                new java.io.StringReader("a\nb\r\nc\rd\r\n\nlong line\nend"), 4);

        List<String> lines = new ArrayList<>();
        List<Boolean> cut = new ArrayList<>();
        for (String line; (line = reader.readLine()) != null; ) {
            lines.add(line);
            cut.add(reader.lastLineCut());
        }
        assertEquals(List.of("a", "b", "c", "d", "", "long", "end"), lines);
        assertEquals(List.of(false, false, false, false, false, true, false), cut);
    }

    @Test
    void aChildThatOutlivesTheProgramIsNamedAndItsWaitIsNotInTheDuration() throws IOException {
        // the background sleep inherits stdout and keeps the pipe open after sh exits. sh waits a second first:
        // the JDK closes the pipe itself at exit when no reader is blocked on it, which would hide the child
        ProcessResult result = runner.run(sh("sleep 9 & echo $! ; echo started; sleep 1").stdout(line -> {
            if (line.matches("[0-9]+")) {
                startedPids.add(Long.parseLong(line)); // killed after the test
            }
        }));

        assertEquals(0, result.exitCode());
        assertTrue(result.durationMillis() < 4_000, "the program's own second, not the 5 s drain wait: "
                + result.durationMillis() + " ms");
        List<String> lingering = log.warn().stream().filter(w -> w.contains("still running after it exited"))
                .toList();
        assertEquals(1, lingering.size(), "one warning: " + log.warn());
        assertTrue(lingering.get(0).startsWith("a child process of sh is still running"), lingering.get(0));
    }

    @Test
    void aProgramWhoseChildrenEndWithItIsNotWarnedAbout() throws IOException {
        runner.run(sh("sleep 0.1 & wait; echo done"));

        assertTrue(log.warn().isEmpty(), log.warn().toString());
    }

    @Test
    void keepsOnlyTheLastTwentyLinesOfStderrAsTail() throws IOException {
        List<String> err = Collections.synchronizedList(new ArrayList<>());

        ProcessResult result = runner.run(sh("i=1; while [ $i -le 30 ]; do echo \"err $i\" >&2; i=$((i+1)); done")
                .stderr(err::add));

        assertEquals(30, err.size(), "every line reaches the sink");
        List<String> expectedTail = IntStream.rangeClosed(11, 30).mapToObj(i -> "err " + i).toList();
        assertEquals(ProcessSpec.TAIL_LINES, result.stderrTail().size());
        assertEquals(expectedTail, result.stderrTail());
    }

    @Test
    void stdoutDoesNotEnterTheStderrTail() throws IOException {
        ProcessResult result = runner.run(sh("echo to-stdout; echo to-stderr >&2"));

        assertEquals(List.of("to-stderr"), result.stderrTail());
    }

    @Test
    void reportsANonZeroExitCode() throws IOException {
        ProcessResult result = runner.run(sh("exit 7"));

        assertEquals(7, result.exitCode());
        assertEquals("exited with status 7", result.describeExit());
    }

    @Test
    void reportsDeathBySignalAs128PlusSignal() throws IOException {
        ProcessResult result = runner.run(sh("kill -SEGV $$"));

        assertEquals(139, result.exitCode());
        assertTrue(result.describeExit().contains("SIGSEGV"), result.describeExit());
        assertTrue(result.describeExit().contains("signal 11"), result.describeExit());
    }

    @Test
    void addsEnvironmentVariablesAndIgnoresNullKeysAndValues() throws IOException {
        Map<String, String> added = new HashMap<>();
        added.put("RI_TEST_A", "alpha");
        added.put("RI_TEST_B", "two words");
        added.put(null, "value without a key");
        added.put("RI_TEST_NULL", null);
        List<String> out = Collections.synchronizedList(new ArrayList<>());

        ProcessResult result = runner.run(sh("printf '%s|%s|%s|%s\\n' \"$RI_TEST_A\" \"$RI_TEST_B\""
                + " \"${RI_TEST_NULL-unset}\" \"${PATH:+inherited}\"").environment(added).stdout(out::add));

        assertEquals(0, result.exitCode());
        assertEquals(List.of("alpha|two words|unset|inherited"), out);
    }

    @Test
    void logsTheQuotedCommandItsDirectoryAndTheAddedEnvironment() throws IOException {
        runner.run(sh("echo hi").directory(tmp).environment(Map.of("RI_X", "a b")));

        String running = log.info().stream().filter(line -> line.startsWith("Running ")).findFirst().orElseThrow();
        assertTrue(running.contains(" -c 'echo hi'"), running);
        assertTrue(running.contains(" in " + tmp), running);
        assertTrue(running.endsWith(" with RI_X='a b'"), running);
    }

    @Test
    void runsInTheGivenWorkingDirectory() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("work dir"));
        List<String> out = Collections.synchronizedList(new ArrayList<>());

        runner.run(sh("pwd -P").directory(dir).stdout(out::add));

        assertEquals(List.of(dir.toRealPath().toString()), out);
    }

    @Test
    void missingWorkingDirectoryIsNotReportedAsAMissingTool() {
        Path missing = tmp.resolve("no-such-dir");

        IOException e = assertThrows(IOException.class,
                () -> runner.run(sh("true").directory(missing).installHint("install sh")));

        assertFalse(e instanceof ToolNotFoundException, "sh is installed; the directory is missing: " + e);
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void closesStandardInputSoAReaderDoesNotWait() throws IOException {
        long start = System.nanoTime();

        ProcessResult result = runner.run(ProcessSpec.of("cat").timeout(Duration.ofSeconds(20)));

        assertEquals(0, result.exitCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "cat got EOF at once");
    }

    @Test
    void keepsReadingWhenASinkThrows() throws IOException {
        List<String> out = Collections.synchronizedList(new ArrayList<>());

        ProcessResult result = runner.run(sh("echo one; echo boom; echo three").stdout(line -> {
            if (line.equals("boom")) {
                throw new IllegalStateException("sink failed");
            }
            out.add(line);
        }));

        assertEquals(0, result.exitCode());
        assertEquals(List.of("one", "three"), out);
        assertTrue(log.warn().stream().anyMatch(line -> line.contains("could not handle a line of stdout")
                && line.contains("sink failed")), log.warn().toString());
    }

    @Test
    void missingExecutableNamesThePathAndTheInstallHint() {
        ToolNotFoundException e = assertThrows(ToolNotFoundException.class, () -> runner.run(
                ProcessSpec.of("ri-no-such-tool-4711", "--version")
                        .installHint("install it with `apt-get install ri-no-such-tool`")));

        assertEquals("ri-no-such-tool-4711 not found on PATH; install it with `apt-get install ri-no-such-tool`",
                e.getMessage());
        assertEquals("ri-no-such-tool-4711", e.tool());
    }

    @Test
    void missingExecutableWithoutHintSaysOnlyWhatIsMissing() {
        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> runner.run(ProcessSpec.of("ri-no-such-tool-4711")));

        assertEquals("ri-no-such-tool-4711 not found on PATH", e.getMessage());
    }

    @Test
    void looksToolsUpOnThePathOverrideOfTheSpec() throws IOException {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Path standIn = executable(bin.resolve("ri-standin-greeter"), "#!/bin/sh\necho \"stand-in greeter: $1\"\n");
        List<String> out = Collections.synchronizedList(new ArrayList<>());

        ProcessResult result = runner.run(ProcessSpec.of("ri-standin-greeter", "hi")
                .environment(Map.of("PATH", bin + ":" + System.getenv("PATH"))).stdout(out::add));

        assertEquals(0, result.exitCode());
        assertEquals(List.of("stand-in greeter: hi"), out);
        assertEquals(Optional.of(standIn.toAbsolutePath()),
                ProcessRunner.findExecutable("ri-standin-greeter", Map.of("PATH", bin.toString())));
        assertEquals(Optional.empty(), ProcessRunner.findExecutable("ri-standin-greeter", Map.of()),
                "without the override Maven's own PATH is searched, which lacks the stand-in");
        assertThrows(ToolNotFoundException.class, () -> runner.run(ProcessSpec.of("ri-standin-greeter")));
    }

    @Test
    void findExecutableSkipsFilesWithoutExecuteBitAndDirectories() throws IOException {
        Path first = Files.createDirectory(tmp.resolve("first"));
        Path second = Files.createDirectory(tmp.resolve("second"));
        Files.writeString(first.resolve("ri-tool"), "#!/bin/sh\n"); // not executable
        Files.createDirectory(first.resolve("ri-dir-tool"));
        Path real = executable(second.resolve("ri-tool"), "#!/bin/sh\n");

        Map<String, String> env = Map.of("PATH", first + "::" + second);

        assertEquals(Optional.of(real.toAbsolutePath()), ProcessRunner.findExecutable("ri-tool", env));
        assertEquals(Optional.empty(), ProcessRunner.findExecutable("ri-dir-tool", env));
    }

    @Test
    void badAbsolutePathIsReportedAsSuch() throws IOException {
        String missing = tmp.resolve("nowhere/ri-tool").toString();
        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> runner.run(ProcessSpec.of(missing).installHint("point <tool> at it")));
        assertEquals(missing + " does not exist or is not executable; point <tool> at it", e.getMessage());

        Path notExecutable = Files.writeString(tmp.resolve("plain-file"), "#!/bin/sh\n");
        ToolNotFoundException e2 = assertThrows(ToolNotFoundException.class,
                () -> runner.run(ProcessSpec.of(notExecutable.toString())));
        assertEquals(notExecutable + " does not exist or is not executable", e2.getMessage());
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws IOException, InterruptedException {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();

        ProcessTimeoutException e = assertThrows(ProcessTimeoutException.class, () -> runner.run(
                sh("sleep 300 & echo $!; sleep 300 & echo $!; echo started >&2; wait")
                        .timeout(Duration.ofSeconds(1)).stdout(line -> {
                            out.add(line);
                            startedPids.add(Long.parseLong(line.trim()));
                        })));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(e.getMessage().contains("time limit of 1s"), e.getMessage());
        assertTrue(e.getMessage().contains("killed with its child processes"), e.getMessage());
        assertEquals(List.of("started"), e.partialResult().stderrTail(), "what it wrote before the kill is kept");
        // the shell's own status depends on whether SIGTERM reached it or its children first: the flag does not
        assertTrue(e.partialResult().timedOut(), "the result says the time limit stopped it");
        assertEquals(2, out.size(), "both children printed their pid: " + out);
        assertTrue(elapsed.compareTo(Duration.ofSeconds(20)) < 0, "returned after " + elapsed);
        assertTrue(elapsed.compareTo(Duration.ofMillis(900)) >= 0, "returned after " + elapsed);
        for (long pid : List.copyOf(startedPids)) {
            assertTrue(diesSoon(pid), "child " + pid + " of the timed-out shell is still alive");
        }
    }

    @Test
    void runWithinLimitReportsATimeOutInsteadOfThrowing() throws IOException {
        ProcessResult result = runner.runWithinLimit(sh("echo begun >&2; sleep 300").timeout(Duration.ofMillis(500)));

        assertTrue(result.timedOut());
        assertEquals("begun", result.stderrTail().get(0), "what it wrote before the kill is kept");
        assertFalse(runner.runWithinLimit(sh("exit 3").timeout(Duration.ofSeconds(30))).timedOut());
        assertEquals(3, runner.runWithinLimit(sh("exit 3").timeout(Duration.ofSeconds(30))).exitCode());
    }

    @Test
    void aTreeThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws IOException, InterruptedException {
        long start = System.nanoTime();

        ProcessTimeoutException e = assertThrows(ProcessTimeoutException.class, () -> runner.run(
                sh("trap '' TERM; echo $$; sleep 300 & echo $!; wait").timeout(Duration.ofSeconds(1))
                        .stdout(line -> startedPids.add(Long.parseLong(line.trim())))));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(e.getMessage().contains("time limit of 1s"), e.getMessage());
        // which of the shell and its child SIGKILL reaches first decides the shell's own status: the flag does not
        assertTrue(e.partialResult().timedOut(), "the result says the time limit stopped it");
        assertEquals(2, startedPids.size(), startedPids.toString());
        assertTrue(elapsed.compareTo(ProcessRunner.TERMINATION_GRACE) >= 0,
                "SIGKILL must come only after the grace period, but returned after " + elapsed);
        assertTrue(elapsed.compareTo(Duration.ofSeconds(30)) < 0, "returned after " + elapsed);
        for (long pid : List.copyOf(startedPids)) {
            assertTrue(diesSoon(pid), "process " + pid + " that ignored SIGTERM is still alive");
        }
    }

    @Test
    void quotesArgumentsForAShell() {
        assertEquals("cargo build --features 'a b' 'it'\\''s' '' '$HOME' --profile=release,x:y/z@1%",
                ProcessRunner.quote(List.of("cargo", "build", "--features", "a b", "it's", "", "$HOME",
                        "--profile=release,x:y/z@1%")));
    }

    @Test
    void quotedCommandSurvivesARoundTripThroughAShell() throws IOException {
        List<String> arguments = List.of("a b", "it's", "\"double\"", "", "$HOME", "back\\slash", "*");
        List<String> out = Collections.synchronizedList(new ArrayList<>());

        runner.run(sh("for a in " + ProcessRunner.quote(arguments) + "; do printf '[%s]\\n' \"$a\"; done")
                .stdout(out::add));

        assertEquals(arguments.stream().map(a -> "[" + a + "]").collect(Collectors.toList()), out);
    }

    private static boolean diesSoon(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(50);
            } else {
                return true;
            }
        }
        return false;
    }

    static Path executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertFalse(Files.isDirectory(file));
        return file;
    }
}
