package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.StackCost;
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

    /**
     * {@code linux-x86_64}, {@code macos-aarch64}, ...: the form {@link #toString()} writes.
     *
     * @throws IllegalArgumentException for anything else, naming the form
     */
    public static Platform parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int dash = value.indexOf('-');
        if (dash <= 0 || dash == value.length() - 1) {
            throw new IllegalArgumentException("platform '" + text + "' is not of the form <os>-<arch>, e.g."
                    + " linux-x86_64 or macos-aarch64");
        }
        return new Platform(value.substring(0, dash), value.substring(dash + 1));
    }

    /** Apple Silicon, where Instruments needs a signed copy of the program. */
    public boolean isAppleSilicon() {
        return isMac() && arch.equals("aarch64");
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

    /** A Linux profiler's recording made elsewhere: the modules' paths tell the architecture. */
    public static String ofLinuxRecording(Profile profile) {
        for (StackCost stack : profile.stacks()) {
            for (Frame frame : stack.frames()) {
                String module = frame.module();
                if (module != null && module.contains("x86_64")) {
                    return "linux-x86_64";
                }
                if (module != null && module.contains("aarch64")) {
                    return "linux-aarch64";
                }
            }
        }
        return "linux";
    }
}
