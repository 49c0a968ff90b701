package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pieces of a heaptrack installation and the rules for running a program under them, without heaptrack's
 * wrapper script (which splits an output path with spaces). What the script does internally, and what any launcher
 * (this plugin's {@link HeaptrackPipeline}, a shell script starting a JVM) must do the same way:
 * <ol>
 * <li>make a FIFO;</li>
 * <li>start {@link #interpreterCommand the interpreter} reading the FIFO, its output piped into
 * {@link Compressor#command the compressor}, whose output is the recording {@code <base>.zst} (or {@code .gz});</li>
 * <li>start the program with {@link #programEnvironment LD_PRELOAD and DUMP_HEAPTRACK_OUTPUT} added to its
 * environment, in its own working directory, with its own arguments;</li>
 * <li>wait for all three; the recording is complete when the compressor has exited.</li>
 * </ol>
 *
 * @param script         heaptrack's script, symlinks resolved
 * @param preloadLibrary {@code libheaptrack_preload.so}, loaded into the program
 * @param interpreter    {@code heaptrack_interpret}, which turns the raw stream into the recorded format
 */
public record HeaptrackInstallation(Path script, Path preloadLibrary, Path interpreter) {
    /** Where heaptrack's script looks for its pieces, relative to its own (symlink-resolved) directory. */
    static final String PRELOAD_RELATIVE = "../lib/heaptrack/libheaptrack_preload.so";
    static final String INTERPRETER_RELATIVE = "../lib/heaptrack/libexec/heaptrack_interpret";
    /** Reads the FIFO on the interpreter's standard input; the paths are positional parameters, never parsed. */
    static final String REDIRECT_SCRIPT = "exec \"$0\" < \"$1\"";
    static final String SHELL = "/bin/sh";

    /**
     * Finds the installation behind the configured executable (a name searched on the command's PATH, or a path).
     *
     * @return empty when the executable is not heaptrack's script and has no installation beside it: a wrapper,
     *         which can only be run as a whole
     * @throws ToolNotFoundException the executable is missing, or it is heaptrack's script but a piece it needs is
     *                               not where the script looks for it
     */
    public static Optional<HeaptrackInstallation> locate(String executable, Map<String, String> environment,
            String installHint) throws ToolNotFoundException {
        Path found = ProcessRunner.findExecutable(executable, environment)
                .orElseThrow(() -> ProcessRunner.notFound(executable, installHint));
        Path script;
        try {
            script = found.toRealPath();
        } catch (IOException e) {
            throw ProcessRunner.notFound(executable, installHint);
        }
        Path directory = script.getParent();
        Path preload = directory.resolve(PRELOAD_RELATIVE).normalize();
        Path interpreter = directory.resolve(INTERPRETER_RELATIVE).normalize();
        boolean hasPreload = Files.isRegularFile(preload);
        boolean hasInterpreter = Files.isRegularFile(interpreter) && Files.isExecutable(interpreter);
        if (hasPreload && hasInterpreter) {
            Path library = real(preload);
            if (!library.toString().matches("[^\\s:]+")) {
                // the dynamic linker splits LD_PRELOAD at spaces and colons; heaptrack's script fails here too
                throw new ToolNotFoundException(executable, "heaptrack's preload library " + library + " cannot be"
                        + " preloaded: LD_PRELOAD cannot carry a path with spaces or colons; install heaptrack under"
                        + " a path without them and point <heaptrackExecutable> at its bin/heaptrack");
            }
            return Optional.of(new HeaptrackInstallation(script, library, real(interpreter)));
        }
        if (!hasPreload && !hasInterpreter && !isHeaptrackScript(script)) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (!hasPreload) {
            missing.add(preload + " (heaptrack's preload library)");
        }
        if (!hasInterpreter) {
            missing.add(interpreter + " (heaptrack_interpret, executable)");
        }
        throw new ToolNotFoundException(executable, "heaptrack's installation is incomplete: "
                + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " missing beside "
                + script + (script.equals(found) ? "" : " (where " + found + " leads)")
                + "; reinstall heaptrack (Debian and Ubuntu ship these in the package libheaptrack): " + installHint);
    }

    private static Path real(Path path) throws ToolNotFoundException {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new ToolNotFoundException(path.toString(), "cannot resolve " + path + ": " + e.getMessage());
        }
    }

    /** heaptrack's script names its interpreter; a wrapper around it does not. */
    private static boolean isHeaptrackScript(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.ISO_8859_1).contains("heaptrack_interpret");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The variables added to the program's environment: the preload library in front of any LD_PRELOAD the program
     * would get anyway (the request's, else the inherited one), and the FIFO it writes to.
     */
    public Map<String, String> programEnvironment(Path fifo, Map<String, String> requested) {
        String existing = requested != null && requested.get("LD_PRELOAD") != null ? requested.get("LD_PRELOAD")
                : System.getenv("LD_PRELOAD");
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("LD_PRELOAD", preloadLibrary + (existing == null || existing.isEmpty() ? "" : ":" + existing));
        variables.put("DUMP_HEAPTRACK_OUTPUT", fifo.toString());
        return variables;
    }

    /** The interpreter reading {@code fifo} on its standard input and writing the recording to its standard output. */
    public List<String> interpreterCommand(Path fifo) {
        return List.of(SHELL, "-c", REDIRECT_SCRIPT, interpreter.toString(), fifo.toString());
    }

    /**
     * The compressor of the interpreter's output: zstd when it is on the command's PATH (as heaptrack's script
     * decides), else gzip.
     *
     * @throws ToolNotFoundException neither is on the PATH
     */
    public static Compressor compressor(Map<String, String> environment) throws ToolNotFoundException {
        Optional<Path> zstd = ProcessRunner.findExecutable("zstd", environment);
        if (zstd.isPresent()) {
            return new Compressor(zstd.get(), ".zst");
        }
        return ProcessRunner.findExecutable("gzip", environment).map(gzip -> new Compressor(gzip, ".gz"))
                .orElseThrow(() -> new ToolNotFoundException("zstd", "neither zstd nor gzip found on PATH; heaptrack"
                        + " compresses its recording with one of them: install zstd (`apt-get install zstd`)"));
    }

    /**
     * A compressor writing standard input to standard output.
     *
     * @param executable zstd or gzip
     * @param suffix     the recording's file name suffix, {@code .zst} or {@code .gz}
     */
    public record Compressor(Path executable, String suffix) {
        public List<String> command() {
            return List.of(executable.toString(), "-c");
        }
    }
}
