package io.github.rustinstruments.maven.cargo;

import java.nio.file.Path;
import java.util.List;

/**
 * What to build: the harness (default) or an existing bin / example target of the crate.
 *
 * @param crateDirectory       the library crate
 * @param harnessDirectory     where the harness crate lives ({@code <crate>/memcheck} by default)
 * @param bin                  build this bin target of the crate instead of the harness; {@code null} for none
 * @param example              build this example of the crate instead of the harness; {@code null} for none
 * @param profile              cargo profile
 * @param features             the library's features to enable
 * @param noDefaultFeatures    switch off the library's default features
 * @param allFeatures          switch on all of the library's features
 * @param cargoTargetDirectory {@code CARGO_TARGET_DIR}
 */
public record BuildSettings(Path crateDirectory, Path harnessDirectory, String bin, String example, String profile,
        List<String> features, boolean noDefaultFeatures, boolean allFeatures, Path cargoTargetDirectory) {

    public BuildSettings {
        features = features == null ? List.of() : features.stream().filter(f -> f != null && !f.isBlank())
                .map(String::trim).toList();
    }

    public boolean buildsHarness() {
        return bin == null && example == null;
    }
}
