package io.github.rustinstruments.maven.cargo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of {@code cargo metadata --format-version 1} the plugin needs: the packages, the workspace root
 * and, when dependencies were resolved, the resolved dependency graph.
 *
 * @param workspaceRoot   the workspace root directory
 * @param packages        every package in the output (members only with {@code --no-deps})
 * @param dependencyGraph package id to the ids of its resolved dependencies; empty with {@code --no-deps}
 * @param packageNames    package id to package name, for every package in the output
 * @param rootId          the id of the package whose manifest was asked for, {@code null} when unresolved
 */
public record CargoMetadata(Path workspaceRoot, List<CargoPackage> packages, Map<String, List<String>> dependencyGraph,
        Map<String, String> packageNames, String rootId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static CargoMetadata parse(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.has("packages")) {
            throw new IOException("cargo metadata printed no package list");
        }
        List<CargoPackage> packages = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (JsonNode pkg : root.path("packages")) {
            List<CargoPackage.CargoTarget> targets = new ArrayList<>();
            for (JsonNode target : pkg.path("targets")) {
                targets.add(new CargoPackage.CargoTarget(target.path("name").asText(), strings(target.path("kind")),
                        strings(target.path("crate_types"))));
            }
            Set<String> features = new LinkedHashSet<>();
            pkg.path("features").fieldNames().forEachRemaining(features::add);
            packages.add(new CargoPackage(pkg.path("name").asText(), pkg.path("version").asText(),
                    Path.of(pkg.path("manifest_path").asText()), List.copyOf(targets), Set.copyOf(features)));
            names.put(pkg.path("id").asText(), pkg.path("name").asText());
        }
        Map<String, List<String>> graph = new LinkedHashMap<>();
        JsonNode resolve = root.path("resolve");
        for (JsonNode node : resolve.path("nodes")) {
            graph.put(node.path("id").asText(), node.has("deps") ? normalDependencies(node.path("deps"))
                    : strings(node.path("dependencies")));
        }
        String rootId = resolve.hasNonNull("root") ? resolve.path("root").asText() : null;
        return new CargoMetadata(Path.of(root.path("workspace_root").asText()), List.copyOf(packages),
                graph, names, rootId);
    }

    /** The package whose Cargo.toml is the given file, or {@code null}. */
    public CargoPackage packageAt(Path manifest) {
        Path wanted = manifest.toAbsolutePath().normalize();
        for (CargoPackage pkg : packages) {
            if (pkg.manifestPath().toAbsolutePath().normalize().equals(wanted)) {
                return pkg;
            }
        }
        return null;
    }

    /** Dependencies that end up in the binary: not dev- or build-only ones (those never allocate at run time). */
    private static List<String> normalDependencies(JsonNode deps) {
        List<String> out = new ArrayList<>();
        for (JsonNode dep : deps) {
            boolean normal = !dep.has("dep_kinds");
            for (JsonNode kind : dep.path("dep_kinds")) {
                normal |= kind.path("kind").isNull() || kind.path("kind").isMissingNode();
            }
            if (normal) {
                out.add(dep.path("pkg").asText());
            }
        }
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return List.copyOf(out);
    }
}
