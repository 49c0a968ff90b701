package io.github.rustinstruments.maven.cargo;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code cargo build} of an executable target.
 *
 * @param manifest          the Cargo.toml to build
 * @param targetKind        {@code bin} or {@code example}
 * @param targetName        the name of the bin or example target
 * @param profile           cargo profile ({@code release}, {@code dev}, or a custom one)
 * @param features          features to enable, as cargo accepts them ({@code foo} or {@code dep/foo})
 * @param noDefaultFeatures pass {@code --no-default-features}
 * @param allFeatures       pass {@code --all-features}
 * @param targetDirectory   {@code CARGO_TARGET_DIR}
 */
public record CargoBuildRequest(Path manifest, String targetKind, String targetName, String profile,
        List<String> features, boolean noDefaultFeatures, boolean allFeatures, Path targetDirectory) {}
