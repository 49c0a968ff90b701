package io.github.rustinstruments.maven.cargo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.process.Durations;
import io.github.rustinstruments.maven.process.ProcessTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Drives cargo: {@code cargo metadata} and {@code cargo build} with machine-readable messages. */
public final class Cargo {
    public static final String INSTALL_HINT = "install Rust with rustup (https://rustup.rs) or point"
            + " <cargoExecutable> (-Drust-instruments.cargoExecutable) at cargo";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessRunner runner;
    private final BuildLog log;
    private final String executable;
    private final Map<String, String> environment;
    private final boolean offline;
    private Duration timeLimit = DEFAULT_TIME_LIMIT;

    /** How long one cargo call may take unless told otherwise: generous, a cold build of a big crate is slow. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(30);
    /** How many lines of cargo's first errors a failure message quotes (mvn -q hides the log above it). */
    static final int QUOTED_ERROR_LINES = 20;

    /**
     * @param executable  {@code cargo} or a path to it
     * @param environment variables added for every cargo call (the user's {@code environmentVariables})
     * @param offline     pass {@code --offline} (Maven runs with {@code -o})
     */
    public Cargo(ProcessRunner runner, BuildLog log, String executable, Map<String, String> environment,
            boolean offline) {
        this.runner = runner;
        this.log = log;
        this.executable = executable;
        this.environment = environment == null ? Map.of() : environment;
        this.offline = offline;
    }

    /** The time limit of every cargo call; after it cargo and its children are killed and the call fails. */
    public Cargo timeLimit(Duration limit) {
        this.timeLimit = limit == null ? DEFAULT_TIME_LIMIT : limit;
        return this;
    }

    /** {@code cargo metadata --format-version 1}; {@code noDeps} skips dependency resolution. */
    public CargoMetadata metadata(Path manifest, boolean noDeps) throws CargoException, ToolNotFoundException {
        List<String> command = new ArrayList<>(List.of(executable, "metadata", "--format-version", "1",
                "--manifest-path", manifest.toString()));
        if (noDeps) {
            command.add("--no-deps");
        }
        if (offline) {
            command.add("--offline");
        }
        StringBuilder out = new StringBuilder();
        List<String> errors = new ArrayList<>();
        ProcessResult result = run(ProcessSpec.of(command).directory(manifest.getParent()).environment(environment)
                .stdout(line -> out.append(line).append('\n'))
                .stderr(line -> {
                    errors.add(line);
                    log.debug("[cargo] " + line);
                }));
        if (result.exitCode() != 0) {
            throw new CargoException("cargo metadata failed for " + manifest + " (" + result.describeExit() + ")"
                    + (errors.stream().allMatch(String::isBlank) ? ": " + executable + " printed nothing; is"
                    + " <cargoExecutable> (-Drust-instruments.cargoExecutable) really cargo?"
                    : ": " + String.join("\n", errors)));
        }
        try {
            return CargoMetadata.parse(out.toString());
        } catch (IOException e) {
            throw new CargoException("could not read the output of cargo metadata for " + manifest + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Builds the requested target; cargo's progress goes to the log at INFO.
     *
     * @return the executable, as cargo's {@code compiler-artifact} message names it
     */
    public Path build(CargoBuildRequest request) throws CargoException, ToolNotFoundException {
        List<String> command = new ArrayList<>(List.of(executable, "build", "--manifest-path",
                request.manifest().toString(), "--message-format=json-render-diagnostics",
                "--profile", request.profile(), "--" + request.targetKind(), request.targetName()));
        if (!request.features().isEmpty()) {
            command.add("--features");
            command.add(String.join(",", request.features()));
        }
        if (request.noDefaultFeatures()) {
            command.add("--no-default-features");
        }
        if (request.allFeatures()) {
            command.add("--all-features");
        }
        if (offline) {
            command.add("--offline");
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("CARGO_TARGET_DIR", request.targetDirectory().toString());
        // debug info even in optimised profiles, so stacks have file:line
        env.put("CARGO_PROFILE_" + profileEnvName(request.profile()) + "_DEBUG", "true");

        List<Path> executables = new ArrayList<>();
        List<String> stderr = new ArrayList<>();
        ProcessResult result = run(ProcessSpec.of(command).directory(request.manifest().getParent()).environment(env)
                .stdout(line -> onMessage(line, request, executables))
                .stderr(line -> {
                    stderr.add(line);
                    log.info("[cargo] " + line);
                }));
        if (result.exitCode() != 0) {
            if (stderr.stream().anyMatch(line -> line.contains("conflicts with global allocator")
                    || line.contains("cannot define multiple global allocators"))) {
                throw new CargoException(AllocatorCheck.conflictMessage(stderr));
            }
            throw new CargoException("cargo build of " + request.targetKind() + " '" + request.targetName() + "' in "
                    + request.manifest() + " failed (" + result.describeExit() + ")" + firstErrors(stderr));
        }
        if (executables.isEmpty()) {
            throw new CargoException("cargo built " + request.manifest() + " but reported no executable for "
                    + request.targetKind() + " '" + request.targetName() + "'");
        }
        return executables.get(executables.size() - 1);
    }

    /**
     * cargo's first errors, quoted: with {@code mvn -q} the [cargo] lines are not shown, so "see above" is no help.
     * From the first line starting with {@code error}, at most {@link #QUOTED_ERROR_LINES} lines.
     */
    static String firstErrors(List<String> stderr) {
        if (stderr.stream().allMatch(String::isBlank)) {
            return "; cargo printed nothing";
        }
        int first = 0;
        while (first < stderr.size() && !stderr.get(first).stripLeading().startsWith("error")) {
            first++;
        }
        if (first == stderr.size()) {
            first = Math.max(0, stderr.size() - QUOTED_ERROR_LINES); // no error line: its last words
        }
        List<String> quoted = stderr.subList(first, Math.min(stderr.size(), first + QUOTED_ERROR_LINES));
        int rest = stderr.size() - first - quoted.size();
        return ":\n" + String.join("\n", quoted)
                + (rest > 0 ? "\n[... " + rest + " more lines: the [cargo] lines of the log have all of them]" : "");
    }

    static String profileEnvName(String profile) {
        return profile.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private void onMessage(String line, CargoBuildRequest request, List<Path> executables) {
        if (!line.startsWith("{")) {
            log.info("[cargo] " + line);
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (IOException e) {
            log.info("[cargo] " + line);
            return;
        }
        Path exe = executableOf(message, request.targetKind(), request.targetName());
        if (exe != null) {
            executables.add(exe);
        }
    }

    /** The executable of a {@code compiler-artifact} message for the wanted target, or {@code null}. */
    static Path executableOf(JsonNode message, String targetKind, String targetName) {
        if (!"compiler-artifact".equals(message.path("reason").asText())) {
            return null;
        }
        JsonNode target = message.path("target");
        if (!targetName.equals(target.path("name").asText()) || !message.hasNonNull("executable")) {
            return null;
        }
        for (JsonNode kind : target.path("kind")) {
            if (kind.asText().equals(targetKind)) {
                return Path.of(message.path("executable").asText());
            }
        }
        return null;
    }

    private ProcessResult run(ProcessSpec spec) throws CargoException, ToolNotFoundException {
        try {
            return runner.run(spec.installHint(INSTALL_HINT).timeout(timeLimit));
        } catch (ToolNotFoundException e) {
            throw e;
        } catch (ProcessTimeoutException e) {
            throw new CargoException(e.getMessage() + "; a hanging cargo (waiting for a lock, the network, a build"
                    + " script) stops the build here. Raise <cargoTimeLimit> (-Drust-instruments.cargoTimeLimit, now "
                    + Durations.format(timeLimit) + ") if the build is just slow", e);
        } catch (IOException e) {
            throw new CargoException("cargo failed: " + e.getMessage(), e);
        }
    }
}
