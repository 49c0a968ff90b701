package io.github.rustinstruments.maven.summary;

import java.util.regex.Pattern;

/** Run names become directory names under the output directory: they must be safe file names. */
public final class RunNames {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private RunNames() {}

    /** Directories of the output directory that are not runs. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("cargo", "gate", "jvm-launcher");

    /** @throws IllegalArgumentException saying what a run name may contain */
    public static String validate(String name) {
        if (name != null && RESERVED.contains(name)) {
            throw new IllegalArgumentException("run name '" + name + "' is reserved for the plugin's own directory"
                    + " under the output directory; choose another name");
        }
        if (name == null || !SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("run name '" + name + "' is not usable as a directory name: use"
                    + " letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters");
        }
        return name;
    }
}
