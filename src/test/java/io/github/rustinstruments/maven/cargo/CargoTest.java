package io.github.rustinstruments.maven.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Cargo} without a real cargo: message parsing on real {@code --message-format=json} lines (fixture
 * {@code build-messages.jsonl}, produced by cargo 1.95) and command lines checked with a stand-in executable.
 */
class CargoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final CollectingBuildLog log = new CollectingBuildLog();
    private Path standInCargo;
    private Path argsFile;
    private Path envFile;
    private Path stdoutFile;
    private Path manifest;

    @BeforeEach
    void standIn() throws IOException {
        argsFile = tmp.resolve("args.txt");
        envFile = tmp.resolve("env.txt");
        stdoutFile = tmp.resolve("stdout.txt");
        Files.writeString(stdoutFile, "");
        standInCargo = tmp.resolve("stand-in-cargo");
        Files.writeString(standInCargo, "#!/bin/sh\n"
                + "# stand-in for cargo, written by CargoTest: records its arguments and environment and prints\n"
                + "# canned output\n"
                + "printf '%s\\n' \"$@\" > \"$RI_STANDIN_ARGS\"\n"
                + "printf '%s\\n' \"${CARGO_TARGET_DIR-unset}\" \"${CARGO_PROFILE_RELEASE_WITH_DEBUG_DEBUG-unset}\""
                + " \"$(pwd -P)\" > \"$RI_STANDIN_ENV\"\n"
                + "cat \"$RI_STANDIN_STDOUT\"\n"
                + "printf '%s\\n' \"${RI_STANDIN_STDERR:-   Compiling stand-in}\" >&2\n"
                + "exit \"${RI_STANDIN_EXIT:-0}\"\n");
        Files.setPosixFilePermissions(standInCargo, PosixFilePermissions.fromString("rwxr-xr-x"));
        manifest = Files.createDirectories(tmp.resolve("mylib/memcheck")).resolve("Cargo.toml");
    }

    private Cargo cargo(boolean offline, Map<String, String> extra) {
        Map<String, String> env = new java.util.LinkedHashMap<>(Map.of("RI_STANDIN_ARGS", argsFile.toString(),
                "RI_STANDIN_ENV", envFile.toString(), "RI_STANDIN_STDOUT", stdoutFile.toString()));
        env.putAll(extra);
        return new Cargo(new ProcessRunner(log), log, standInCargo.toString(), env, offline);
    }

    private static JsonNode message(String reasonAndTarget) throws IOException {
        return JSON.readTree(Fixtures.lines("build-messages.jsonl").stream()
                .filter(line -> line.contains(reasonAndTarget)).findFirst().orElseThrow());
    }

    @Test
    void executableOfABinArtifact() throws IOException {
        JsonNode bin = message("\"name\":\"app\"");

        assertEquals(Path.of("/home/dev/rust/target/debug/app"), Cargo.executableOf(bin, "bin", "app"));
        assertNull(Cargo.executableOf(bin, "example", "app"), "wrong kind");
        assertNull(Cargo.executableOf(bin, "bin", "other"), "wrong name");
    }

    @Test
    void aLibraryArtifactHasNoExecutable() throws IOException {
        JsonNode lib = message("\"name\":\"my_lib\"");

        assertTrue(lib.has("executable") && lib.get("executable").isNull(), "the fixture says executable: null");
        assertNull(Cargo.executableOf(lib, "lib", "my_lib"));
        assertNull(Cargo.executableOf(lib, "rlib", "my_lib"));
    }

    @Test
    void executableOfAnExampleArtifact() throws IOException {
        JsonNode example = message("\"name\":\"demo\"");

        assertEquals(Path.of("/home/dev/rust/target/debug/examples/demo"),
                Cargo.executableOf(example, "example", "demo"));
        assertNull(Cargo.executableOf(example, "bin", "demo"), "crate type bin, but target kind example");
    }

    @Test
    void otherMessagesHaveNoExecutable() throws IOException {
        assertNull(Cargo.executableOf(message("build-finished"), "bin", "app"));
        assertNull(Cargo.executableOf(JSON.readTree("{\"reason\":\"compiler-message\",\"target\":{\"name\":\"app\","
                + "\"kind\":[\"bin\"]},\"executable\":\"/x/app\"}"), "bin", "app"));
    }

    @Test
    void profileEnvNameIsUpperCaseWithUnderscores() {
        assertEquals("RELEASE", Cargo.profileEnvName("release"));
        assertEquals("DEV", Cargo.profileEnvName("dev"));
        assertEquals("RELEASE_WITH_DEBUG", Cargo.profileEnvName("release-with-debug"));
    }

    @Test
    void buildPassesEveryOptionAndReturnsTheExecutableCargoNamed() throws Exception {
        Files.write(stdoutFile, List.of("not json from a build script",
                message("\"name\":\"my_lib\"").toString(),
                "{\"reason\":\"compiler-artifact\",\"target\":{\"kind\":[\"bin\"],\"crate_types\":[\"bin\"],"
                        + "\"name\":\"memcheck\"},\"executable\":\"/t/release-with-debug/memcheck\",\"fresh\":false}",
                message("build-finished").toString()));
        Path targetDir = tmp.resolve("target/rust-instruments/cargo");

        Path exe = cargo(true, Map.of()).build(new CargoBuildRequest(manifest, "bin", "memcheck",
                "release-with-debug", List.of("my-lib/fast", "extra"), true, false, targetDir));

        assertEquals(Path.of("/t/release-with-debug/memcheck"), exe);
        assertEquals(List.of("build", "--manifest-path", manifest.toString(), "--message-format=json-render-diagnostics",
                "--profile", "release-with-debug", "--bin", "memcheck", "--features", "my-lib/fast,extra",
                "--no-default-features", "--offline"), Files.readAllLines(argsFile));
        assertEquals(List.of(targetDir.toString(), "true", manifest.getParent().toRealPath().toString()),
                Files.readAllLines(envFile), "CARGO_TARGET_DIR, debug info for the profile, working directory");
        assertTrue(log.info().contains("[cargo] not json from a build script"), log.info().toString());
        assertTrue(log.info().contains("[cargo]    Compiling stand-in"), "cargo's stderr goes to INFO: " + log.info());
        assertTrue(log.warn().isEmpty(), log.warn().toString());
    }

    @Test
    void buildOfAnExampleWithAllFeaturesOnline() throws Exception {
        Files.writeString(stdoutFile, message("\"name\":\"demo\"").toString() + "\n");

        Path exe = cargo(false, Map.of()).build(new CargoBuildRequest(manifest, "example", "demo", "dev", List.of(),
                false, true, tmp.resolve("t")));

        assertEquals(Path.of("/home/dev/rust/target/debug/examples/demo"), exe);
        assertEquals(List.of("build", "--manifest-path", manifest.toString(), "--message-format=json-render-diagnostics",
                "--profile", "dev", "--example", "demo", "--all-features"), Files.readAllLines(argsFile));
    }

    @Test
    void buildThatReportsNoExecutableFails() {
        CargoException e = assertThrows(CargoException.class, () -> cargo(false, Map.of()).build(
                new CargoBuildRequest(manifest, "bin", "memcheck", "release", List.of(), false, false, tmp)));

        assertEquals("cargo built " + manifest + " but reported no executable for bin 'memcheck'", e.getMessage());
    }

    @Test
    void failedBuildSaysWhatFailedAndHow() {
        CargoException e = assertThrows(CargoException.class, () -> cargo(false, Map.of("RI_STANDIN_EXIT", "101",
                "RI_STANDIN_STDERR", "error[E0425]: cannot find value `x` in this scope")).build(
                new CargoBuildRequest(manifest, "bin", "memcheck", "release", List.of(), false, false, tmp)));

        // quoted: with mvn -q the [cargo] lines of the log are not shown
        assertEquals("cargo build of bin 'memcheck' in " + manifest + " failed (exited with status 101):"
                + "\nerror[E0425]: cannot find value `x` in this scope", e.getMessage());
        assertTrue(log.info().contains("[cargo] error[E0425]: cannot find value `x` in this scope"));
    }

    @Test
    void theFirstErrorsAreQuotedFromTheFirstErrorLineAndBounded() {
        List<String> stderr = new java.util.ArrayList<>(List.of("   Compiling mylib v0.1.0", "warning: unused"));
        for (int i = 0; i < 30; i++) {
            stderr.add(i == 0 ? "error[E0308]: mismatched types" : "  --> src/lib.rs:" + i);
        }

        String quoted = Cargo.firstErrors(stderr);

        assertTrue(quoted.startsWith(":\nerror[E0308]: mismatched types\n  --> src/lib.rs:1\n"), quoted);
        assertEquals(Cargo.QUOTED_ERROR_LINES + 2, quoted.split("\n").length, quoted);
        assertTrue(quoted.endsWith("[... 10 more lines: the [cargo] lines of the log have all of them]"), quoted);
        assertEquals("; cargo printed nothing", Cargo.firstErrors(List.of("", " ")));
    }

    @Test
    void aCargoThatFailsSilentlyIsSaidToHavePrintedNothing() {
        Cargo cargo = new Cargo(new ProcessRunner(log), log, "/bin/false", Map.of(), false);

        CargoException e = assertThrows(CargoException.class, () -> cargo.metadata(manifest, true));

        assertEquals("cargo metadata failed for " + manifest + " (exited with status 1): /bin/false printed nothing;"
                + " is <cargoExecutable> (-Drust-instruments.cargoExecutable) really cargo?", e.getMessage());
    }

    @Test
    void aHangingCargoIsStoppedByItsTimeLimitNamingTheParameter() throws IOException {
        Path hanging = tmp.resolve("hanging-cargo");
        Files.writeString(hanging, "#!/bin/sh\nexec sleep 30\n");
        Files.setPosixFilePermissions(hanging, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cargo cargo = new Cargo(new ProcessRunner(log), log, hanging.toString(), Map.of(), false)
                .timeLimit(java.time.Duration.ofMillis(500));

        long start = System.nanoTime();
        CargoException e = assertThrows(CargoException.class, () -> cargo.metadata(manifest, true));

        assertTrue(System.nanoTime() - start < 20_000_000_000L, "stopped, not waited for");
        assertTrue(e.getMessage().contains("ran past its time limit of 500ms"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Raise <cargoTimeLimit> (-Drust-instruments.cargoTimeLimit, now 500ms)"
                + " if the build is just slow"), e.getMessage());
    }

    @Test
    void allocatorConflictGetsItsOwnExplanation() {
        CargoException e = assertThrows(CargoException.class, () -> cargo(false, Map.of("RI_STANDIN_EXIT", "101",
                "RI_STANDIN_STDERR", "error: cannot define multiple global allocators")).build(
                new CargoBuildRequest(manifest, "bin", "memcheck", "release", List.of(), false, false, tmp)));

        assertTrue(e.getMessage().startsWith("the library installs its own global allocator (error: cannot define"
                + " multiple global allocators)"), e.getMessage());
    }

    @Test
    void metadataCommandLineAndParsing() throws Exception {
        Files.writeString(stdoutFile, Fixtures.text("lib-cdylib-rlib-no-deps.json"));

        CargoMetadata metadata = cargo(true, Map.of()).metadata(manifest, true);

        assertEquals("my-lib", metadata.packages().get(0).name());
        assertEquals(List.of("metadata", "--format-version", "1", "--manifest-path", manifest.toString(), "--no-deps",
                "--offline"), Files.readAllLines(argsFile));
        assertTrue(log.debug().contains("[cargo]    Compiling stand-in"), "metadata's stderr is DEBUG: " + log.debug());
    }

    @Test
    void metadataWithDependenciesOnline() throws Exception {
        Files.writeString(stdoutFile, Fixtures.text("app-with-path-dep.json"));

        CargoMetadata metadata = cargo(false, Map.of()).metadata(manifest, false);

        assertEquals("path+file:///home/dev/rust/app#0.1.0", metadata.rootId());
        assertEquals(List.of("metadata", "--format-version", "1", "--manifest-path", manifest.toString()),
                Files.readAllLines(argsFile));
    }

    @Test
    void failedMetadataQuotesCargosErrors() {
        CargoException e = assertThrows(CargoException.class, () -> cargo(false, Map.of("RI_STANDIN_EXIT", "101",
                "RI_STANDIN_STDERR", "error: failed to parse manifest")).metadata(manifest, true));

        assertEquals("cargo metadata failed for " + manifest + " (exited with status 101):"
                + " error: failed to parse manifest", e.getMessage());
    }

    @Test
    void unreadableMetadataIsACargoException() throws IOException {
        Files.writeString(stdoutFile, "this is not json\n");

        CargoException e = assertThrows(CargoException.class, () -> cargo(false, Map.of()).metadata(manifest, true));

        assertTrue(e.getMessage().startsWith("could not read the output of cargo metadata for " + manifest),
                e.getMessage());
    }

    @Test
    void missingCargoSaysHowToInstallIt() {
        Cargo cargo = new Cargo(new ProcessRunner(log), log, "ri-no-such-cargo", Map.of(), false);

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class, () -> cargo.metadata(manifest, true));

        assertEquals("ri-no-such-cargo not found on PATH; " + Cargo.INSTALL_HINT, e.getMessage());
        assertTrue(e.getMessage().contains("rustup"), e.getMessage());
    }
}
