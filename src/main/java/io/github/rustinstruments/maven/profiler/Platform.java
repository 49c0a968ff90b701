package io.github.rustinstruments.maven.profiler;

import java.util.Locale;

/** The operating system and architecture, as the summary's {@code platform} field writes them. */
public record Platform(String os, String arch) {

    public static Platform current() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String os = name.startsWith("linux") ? "linux"
                : name.startsWith("mac") || name.startsWith("darwin") ? "macos"
                : name.startsWith("windows") ? "windows" : name.replace(' ', '-');
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        arch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return new Platform(os, arch);
    }

    public boolean isLinux() {
        return os.equals("linux");
    }

    public boolean isMac() {
        return os.equals("macos");
    }

    @Override
    public String toString() {
        return os + "-" + arch;
    }
}
