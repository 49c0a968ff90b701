package io.github.rustinstruments.maven.cargo;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds what is to be profiled: the harness (scaffolded first when absent) or a bin / example of the crate. */
public final class ExecutableBuilder {
    private final Cargo cargo;
    private final BuildLog log;

    public ExecutableBuilder(Cargo cargo, BuildLog log) {
        this.cargo = cargo;
        this.log = log;
    }

    /** Reads the crate with {@code cargo metadata --no-deps}: the package of its own Cargo.toml. */
    public CrateInfo inspect(Path crateDirectory) throws CargoException, ToolNotFoundException {
        CargoMetadata metadata = cargo.metadata(CrateLocator.manifest(crateDirectory), true);
        return new CrateInfo(CrateChecks.packageOf(metadata, crateDirectory), metadata.workspaceRoot());
    }

    /**
     * The user's crate and the root of the workspace it belongs to (itself when it has none).
     */
    public record CrateInfo(CargoPackage pkg, Path workspaceRoot) {}

    /** Creates the harness when it is missing and logs what happened. */
    public HarnessScaffolder.Result scaffold(CargoPackage library, Path harnessDirectory)
            throws CargoException, IOException {
        HarnessScaffolder.Result result = HarnessScaffolder.scaffold(library, harnessDirectory);
        if (result.harnessExisted()) {
            log.info("Harness already exists in " + harnessDirectory + "; left as it is");
        } else {
            result.created().forEach(file -> log.info("Created " + file));
            result.kept().forEach(file -> log.info("Kept existing " + file));
            if (result.created().stream().anyMatch(file -> file.endsWith("main.rs"))) {
                log.info("Edit " + harnessDirectory.resolve("src/main.rs") + " to call the functions of '"
                        + library.name() + "' you want to profile.");
            }
        }
        return result;
    }

    public BuiltExecutable build(BuildSettings settings) throws CargoException, ToolNotFoundException, IOException {
        if (settings.bin() != null && settings.example() != null) {
            throw new CargoException("set either <bin> or <example>, not both (bin '" + settings.bin()
                    + "', example '" + settings.example() + "')");
        }
        CrateInfo crate = inspect(settings.crateDirectory());
        CargoPackage library = crate.pkg();
        Set<String> userCrates = new LinkedHashSet<>();
        userCrates.add(symbolName(library.name()));
        library.targets().forEach(target -> userCrates.add(symbolName(target.name())));
        List<Path> userRoots = new ArrayList<>(List.of(settings.crateDirectory()));
        if (!crate.workspaceRoot().equals(settings.crateDirectory())) {
            userRoots.add(crate.workspaceRoot());
        }

        Path executable;
        if (settings.buildsHarness()) {
            CrateChecks.requireLinkableLibrary(library);
            Path harness = settings.harnessDirectory();
            if (!CrateLocator.isCrate(harness)) {
                log.info("No harness in " + harness + " yet; scaffolding it");
                scaffold(library, harness);
            }
            userCrates.add(HarnessScaffolder.HARNESS_PACKAGE);
            userRoots.add(harness);
            Path manifest = CrateLocator.manifest(harness);
            checkAllocators(manifest);
            List<String> features = settings.features().stream()
                    .map(feature -> feature.contains("/") ? feature : library.name() + "/" + feature).toList();
            executable = cargo.build(new CargoBuildRequest(manifest, "bin", harnessBinName(manifest),
                    settings.profile(), features, settings.noDefaultFeatures(), settings.allFeatures(),
                    settings.cargoTargetDirectory()));
        } else {
            String kind = settings.bin() != null ? "bin" : "example";
            String name = settings.bin() != null ? settings.bin() : settings.example();
            boolean exists = library.targets().stream().anyMatch(t -> t.isKind(kind) && t.name().equals(name));
            if (!exists) {
                List<String> available = library.targets().stream().filter(t -> t.isKind(kind))
                        .map(CargoPackage.CargoTarget::name).toList();
                throw new CargoException("crate '" + library.name() + "' has no " + kind + " target named '" + name
                        + "'" + (available.isEmpty() ? "" : "; its " + kind + " targets: "
                        + String.join(", ", available)));
            }
            checkAllocators(library.manifestPath());
            executable = cargo.build(new CargoBuildRequest(library.manifestPath(), kind, name, settings.profile(),
                    settings.features(), settings.noDefaultFeatures(), settings.allFeatures(),
                    settings.cargoTargetDirectory()));
        }
        log.info("Built " + executable);
        return new BuiltExecutable(executable, library, Set.copyOf(userCrates), List.copyOf(userRoots));
    }

    /** The harness's bin target name: {@code memcheck} unless the user renamed it. */
    private String harnessBinName(Path manifest) throws CargoException, ToolNotFoundException {
        CargoMetadata metadata = cargo.metadata(manifest, true);
        CargoPackage harness = metadata.packageAt(manifest);
        if (harness == null) {
            throw new CargoException(manifest + " has no [package]; delete the harness directory to have it"
                    + " scaffolded again, or set <harnessDirectory>");
        }
        return harness.targets().stream().filter(t -> t.isKind("bin")).map(CargoPackage.CargoTarget::name)
                .findFirst().orElseThrow(() -> new CargoException("the harness " + manifest
                        + " has no binary target; it needs a src/main.rs"));
    }

    private void checkAllocators(Path manifest) throws ToolNotFoundException {
        try {
            Map<String, List<String>> allocators = AllocatorCheck.findAllocators(cargo.metadata(manifest, false));
            if (!allocators.isEmpty()) {
                log.warn(AllocatorCheck.warning(allocators));
            }
        } catch (CargoException e) {
            log.warn("Could not resolve the dependency graph of " + manifest + ", so other allocators in it were"
                    + " not looked for: " + e.getMessage());
        }
    }

    /** Crate names appear in symbols with underscores. */
    static String symbolName(String name) {
        return name.replace('-', '_');
    }
}
