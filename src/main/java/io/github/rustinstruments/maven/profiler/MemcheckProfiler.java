package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.process.Directories;
import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.symbols.RustDemangler;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.LeakDetails.LeakRecord;
import io.github.rustinstruments.maven.trace.MemcheckXmlReader;
import io.github.rustinstruments.maven.trace.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codehaus.plexus.util.SelectorUtils;

/**
 * valgrind memcheck (Linux): a precise leak check with reachability classes and memory errors.
 *
 * <p>{@link #record} runs
 * <pre>
 * valgrind --tool=memcheck --leak-check=full --show-leak-kinds=all --num-callers=40
 *     --child-silent-after-fork=yes --xml=yes --xml-file=&lt;run&gt;/&lt;kind&gt;.xml
 *     --suppressions=&lt;run&gt;/rust-std.supp [--suppressions=&lt;user file&gt;]... &lt;exe&gt; &lt;args&gt;
 * </pre>
 * {@code rust-std.supp} is the suppression set shipped with the plugin (memory Rust's standard library keeps on
 * purpose until exit; it never suppresses definitely or indirectly lost memory), copied next to the recording
 * because valgrind reads suppressions from files. {@code --track-origins=yes} is not used: it roughly doubles
 * memcheck's time and memory and only helps with uninitialised values, which safe Rust cannot produce.
 * {@code --child-silent-after-fork} keeps a forked child from writing into the same XML file.
 *
 * <p>{@link #analyse} reads the XML ({@link MemcheckXmlReader}) and drops the loss records whose allocation stack
 * has a frame whose demangled function name matches one of the {@code suppressedFunctions} patterns ({@code *}
 * any characters, {@code ?} one; e.g. {@code mylib::cache::*}), recomputing every total. Memory errors are never
 * dropped by these patterns: suppress those, if you must, with a valgrind suppression file, which names the error
 * kind.
 */
public final class MemcheckProfiler implements Profiler {
    public static final String INSTALL_HINT = "install it with `apt-get install valgrind` (Debian, Ubuntu),"
            + " `dnf install valgrind` (Fedora), or point <valgrindExecutable> at it";
    /** The suppression file shipped with the plugin (a class path resource next to this class). */
    public static final String STD_SUPPRESSIONS = "rust-std.supp";
    /** Stack depth memcheck records; deep enough to get from the allocator through std into the user's code. */
    static final int NUM_CALLERS = 40;

    private final ProcessRunner runner;
    private final BuildLog log;
    private final String executable;
    private final List<Path> userSuppressionFiles;
    private final List<String> suppressedFunctions;

    /**
     * @param valgrindExecutable   valgrind, by name (searched on the command's PATH) or path
     * @param userSuppressionFiles valgrind suppression files passed after the shipped one; may be {@code null}
     * @param suppressedFunctions  function name patterns whose loss records are dropped; may be {@code null}
     * @throws IllegalArgumentException for a blank pattern
     */
    public MemcheckProfiler(ProcessRunner runner, BuildLog log, String valgrindExecutable,
            List<Path> userSuppressionFiles, List<String> suppressedFunctions) {
        this.runner = runner;
        this.log = log;
        this.executable = valgrindExecutable;
        this.userSuppressionFiles = userSuppressionFiles == null ? List.of() : List.copyOf(userSuppressionFiles);
        List<String> patterns = new ArrayList<>();
        for (String pattern : suppressedFunctions == null ? List.<String>of() : suppressedFunctions) {
            if (pattern == null || pattern.isBlank()) {
                throw new IllegalArgumentException("empty function pattern in suppressedFunctions; write a function"
                        + " name such as mylib::cache::*, with * for any characters and ? for one");
            }
            patterns.add(pattern.trim());
        }
        this.suppressedFunctions = List.copyOf(patterns);
    }

    @Override
    public String id() {
        return "memcheck";
    }

    @Override
    public void checkInstalled(Map<String, String> environment) throws ToolNotFoundException {
        ProcessRunner.requireExecutable(executable, environment, INSTALL_HINT);
    }

    @Override
    public Recording record(RecordingRequest request) throws IOException {
        for (Path file : userSuppressionFiles) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null,
                        "the valgrind suppression file does not exist (see <suppressionFiles>)");
            }
        }
        Directories.create(request.runDirectory());
        Path xml = request.runDirectory().resolve(request.kind() + ".xml");
        // a stale recording from an earlier build must never be mistaken for this one (all under target/)
        Files.deleteIfExists(xml);
        Path stdSuppressions = writeStdSuppressions(request.runDirectory());

        List<String> command = new ArrayList<>(List.of(executable, "--tool=memcheck", "--leak-check=full",
                "--show-leak-kinds=all", "--num-callers=" + NUM_CALLERS, "--child-silent-after-fork=yes",
                // valgrind expands %p and %q{VAR} in --xml-file (and rejects any other %): a literal % is %%
                "--xml=yes", "--xml-file=" + xml.toString().replace("%", "%%"), "--suppressions=" + stdSuppressions));
        for (Path file : userSuppressionFiles) {
            // valgrind runs in the program's working directory: a relative path would mean something else there
            command.add("--suppressions=" + file.toAbsolutePath().normalize());
        }
        command.addAll(request.command());
        ProcessSpec spec = ProcessSpec.of(command).directory(request.workingDirectory())
                .environment(request.environment()).timeout(request.timeLimit()).installHint(INSTALL_HINT)
                // the program runs inside valgrind's own process, so in practice this stops the whole tree with
                // SIGTERM, on which memcheck still runs its leak check and completes the XML
                .stopFirst(Path.of(request.command().get(0)))
                .stdout(line -> log.info("[" + id() + "] " + line))
                .stderr(line -> log.info("[" + id() + "] " + line));
        ProcessResult result = runner.runWithinLimit(spec);
        return new Recording(existing(xml), result);
    }

    /** Copies the shipped suppressions to {@code <run>/rust-std.supp}, where valgrind can read them. */
    static Path writeStdSuppressions(Path runDirectory) throws IOException {
        Path target = runDirectory.resolve(STD_SUPPRESSIONS);
        try (InputStream in = MemcheckProfiler.class.getResourceAsStream(STD_SUPPRESSIONS)) {
            if (in == null) {
                throw new IOException("the plugin's " + STD_SUPPRESSIONS + " is missing from its class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static Path existing(Path file) {
        return Files.isRegularFile(file) ? file : null;
    }

    @Override
    public Profile analyse(Path recording) throws IOException {
        Profile profile = MemcheckXmlReader.read(recording);
        if (suppressedFunctions.isEmpty() || profile.leaks() == null) {
            return profile;
        }
        Profile kept = MemcheckXmlReader.withoutLossRecords(profile, this::isSuppressed);
        int dropped = profile.leaks().records().size() - kept.leaks().records().size();
        if (dropped > 0) {
            log.info("[" + id() + "] " + dropped + " loss record" + (dropped == 1 ? "" : "s") + " dropped: "
                    + (dropped == 1 ? "its" : "their") + " stack matches suppressedFunctions "
                    + String.join(", ", suppressedFunctions));
        }
        return kept;
    }

    /** Whether a frame of the record's stack has a demangled function name matching a suppressed pattern. */
    boolean isSuppressed(LeakRecord record) {
        for (Frame frame : record.frames()) {
            if (frame.function() == null) {
                continue;
            }
            String name = RustDemangler.demangle(frame.function().trim());
            for (String pattern : suppressedFunctions) {
                if (glob(pattern, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code name} matches {@code pattern}: {@code *} any characters (also none, also {@code ::}), {@code ?}
     * exactly one, the rest itself, case-sensitively.
     */
    static boolean glob(String pattern, String name) {
        return SelectorUtils.match(pattern, name, true);
    }

    @Override
    public String platformOf(Profile profile) {
        return Platform.ofLinuxRecording(profile);
    }

    @Override
    public String viewerCommand(Path recording) {
        String file = ProcessRunner.quote(List.of(recording.toString()));
        return "any XML viewer or editor, e.g. xdg-open " + file + " (valgrind has no viewer of its own; for its"
                + " text report run the program under valgrind --leak-check=full --show-leak-kinds=all without"
                + " --xml=yes)";
    }
}
