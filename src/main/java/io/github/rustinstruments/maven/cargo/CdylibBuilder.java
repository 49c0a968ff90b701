package io.github.rustinstruments.maven.cargo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the crate's {@code cdylib}, the shared library a JVM loads through JNI or FFM, with line tables on so that
 * the recordings of the test JVMs have file:line in the library's frames.
 */
public final class CdylibBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cargo cargo;
    private final ProcessRunner runner;
    private final BuildLog log;
    private final String executable;
    private final Map<String, String> environment;
    private final boolean offline;

    /** The arguments as for {@link Cargo}; the same executable, environment and offline switch. */
    public CdylibBuilder(ProcessRunner runner, BuildLog log, String executable, Map<String, String> environment,
            boolean offline) {
        this.cargo = new Cargo(runner, log, executable, environment, offline);
        this.runner = runner;
        this.log = log;
        this.executable = executable;
        this.environment = environment == null ? Map.of() : environment;
        this.offline = offline;
    }

    /**
     * A built shared library.
     *
     * @param file    the library, e.g. {@code .../release/libcodec.so}
     * @param library the package it belongs to
     */
    public record Built(Path file, CargoPackage library) {}

    /**
     * Builds the cdylib of the crate in {@code crateDirectory}.
     *
     * @throws CargoException the crate has no cdylib target, or cargo fails
     */
    public Built build(Path crateDirectory, String profile, List<String> features, boolean noDefaultFeatures,
            boolean allFeatures, Path targetDirectory) throws CargoException, ToolNotFoundException {
        CargoPackage pkg = CrateChecks.packageOf(cargo.metadata(CrateLocator.manifest(crateDirectory), true),
                crateDirectory);
        CargoPackage.CargoTarget lib = requireCdylib(pkg);
        List<String> command = new ArrayList<>(List.of(executable, "build", "--manifest-path",
                pkg.manifestPath().toString(), "--message-format=json-render-diagnostics", "--profile", profile,
                "--lib"));
        List<String> wanted = features == null ? List.of() : features.stream().filter(f -> f != null && !f.isBlank())
                .map(String::trim).toList();
        if (!wanted.isEmpty()) {
            command.add("--features");
            command.add(String.join(",", wanted));
        }
        if (noDefaultFeatures) {
            command.add("--no-default-features");
        }
        if (allFeatures) {
            command.add("--all-features");
        }
        if (offline) {
            command.add("--offline");
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("CARGO_TARGET_DIR", targetDirectory.toString());
        // file:line for the library's frames even in an optimised profile
        env.put("CARGO_PROFILE_" + Cargo.profileEnvName(profile) + "_DEBUG", "true");

        List<Path> libraries = new ArrayList<>();
        ProcessResult result;
        try {
            result = runner.run(ProcessSpec.of(command).directory(pkg.directory()).environment(env)
                    .installHint(Cargo.INSTALL_HINT)
                    .stdout(line -> onMessage(line, lib.name(), libraries))
                    .stderr(line -> log.info("[cargo] " + line)));
        } catch (ToolNotFoundException e) {
            throw e;
        } catch (IOException e) {
            throw new CargoException("cargo failed: " + e.getMessage(), e);
        }
        if (result.exitCode() != 0) {
            throw new CargoException("cargo build of the library of '" + pkg.name() + "' in " + pkg.manifestPath()
                    + " failed (" + result.describeExit() + "); cargo's messages are above");
        }
        if (libraries.isEmpty()) {
            throw new CargoException("cargo built " + pkg.manifestPath() + " but reported no shared library for '"
                    + lib.name() + "'");
        }
        Path file = libraries.get(libraries.size() - 1);
        log.info("Built " + file);
        return new Built(file, pkg);
    }

    /** The library target, when it builds a cdylib; else what to change. */
    static CargoPackage.CargoTarget requireCdylib(CargoPackage pkg) throws CargoException {
        CargoPackage.CargoTarget lib = pkg.library().orElse(null);
        if (lib == null || !lib.crateTypes().contains("cdylib")) {
            throw new CargoException("crate '" + pkg.name() + "' builds no shared library for the JVM to load ("
                    + (lib == null ? "it has no [lib] target" : "its library builds only "
                    + String.join(", ", lib.crateTypes())) + "): add crate-type = [\"cdylib\"] to the [lib] section of "
                    + pkg.manifestPath() + " (keep \"rlib\" there if Rust code links against it), or, when your"
                    + " build makes the library itself, name it with <library> (-Drust-instruments.library)");
        }
        return lib;
    }

    private void onMessage(String line, String targetName, List<Path> libraries) {
        if (!line.startsWith("{")) {
            log.info("[cargo] " + line);
            return;
        }
        try {
            libraries.addAll(sharedLibrariesOf(JSON.readTree(line), targetName));
        } catch (IOException e) {
            log.info("[cargo] " + line);
        }
    }

    /** The shared library files of a {@code compiler-artifact} message for the cdylib target {@code targetName}. */
    static List<Path> sharedLibrariesOf(JsonNode message, String targetName) {
        if (!"compiler-artifact".equals(message.path("reason").asText())) {
            return List.of();
        }
        JsonNode target = message.path("target");
        boolean cdylib = false;
        for (JsonNode kind : target.path("kind")) {
            cdylib |= kind.asText().equals("cdylib");
        }
        if (!cdylib || !targetName.equals(target.path("name").asText())) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (JsonNode file : message.path("filenames")) {
            String name = file.asText();
            if (name.endsWith(".so") || name.endsWith(".dylib") || name.endsWith(".dll")) {
                files.add(Path.of(name));
            }
        }
        return files;
    }
}
