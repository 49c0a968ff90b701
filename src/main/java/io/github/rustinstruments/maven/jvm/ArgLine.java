package io.github.rustinstruments.maven.jvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Edits the {@code argLine} that Surefire and Failsafe give their forked JVMs. They split it as a command line:
 * at white space, outside single or double quotes, the quotes themselves dropped; so a path with a space must be
 * quoted. Everything this class does not change is kept character for character (other options, {@code @{...}}
 * placeholders, the user's own quoting).
 */
public final class ArgLine {
    static final String LIBRARY_PATH = "-Djava.library.path=";
    /** Names JIT-compiled Java frames in the recordings: the JVM writes {@code /tmp/perf-<pid>.map} when it exits. */
    public static final List<String> PERF_MAP_FLAGS = List.of("-XX:+UnlockDiagnosticVMOptions",
            "-XX:+DumpPerfMapAtExit");
    /** The first JDK whose JVM has {@code -XX:+DumpPerfMapAtExit}. */
    public static final int PERF_MAP_SINCE = 17;

    private ArgLine() {}

    /** One argument of an argLine: its value as the JVM gets it, and where it stands in the text. */
    record Token(String value, int start, int end) {}

    /** Splits the way Surefire does (plexus {@code CommandLineUtils}): white space outside quotes ends an argument. */
    static List<Token> split(String argLine) {
        List<Token> tokens = new ArrayList<>();
        if (argLine == null) {
            return tokens;
        }
        StringBuilder current = new StringBuilder();
        int start = -1;
        char quote = 0;
        boolean quoted = false;
        for (int i = 0; i < argLine.length(); i++) {
            char c = argLine.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                start = start < 0 ? i : start;
                quote = c;
                quoted = true;
            } else if (Character.isWhitespace(c)) {
                if (start >= 0) {
                    tokens.add(new Token(current.toString(), start, i));
                }
                current.setLength(0);
                start = -1;
                quoted = false;
            } else {
                start = start < 0 ? i : start;
                current.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("argLine has an unbalanced " + quote + " quote: " + argLine);
        }
        if (start >= 0 || quoted) {
            tokens.add(new Token(current.toString(), start, argLine.length()));
        }
        return tokens;
    }

    /**
     * One argument written so that Surefire's split gives it back whole: as it is when it has no space or quote,
     * else in double quotes (single quotes when it holds a double quote).
     *
     * @throws IllegalArgumentException it holds both kinds of quote, which no quoting can carry
     */
    public static String quote(String argument) {
        boolean plain = !argument.isEmpty() && argument.chars().noneMatch(c -> Character.isWhitespace(c)
                || c == '"' || c == '\'');
        if (plain) {
            return argument;
        }
        if (argument.indexOf('"') < 0) {
            return '"' + argument + '"';
        }
        if (argument.indexOf('\'') < 0) {
            return '\'' + argument + '\'';
        }
        throw new IllegalArgumentException("the argument " + argument + " holds both ' and \", which Surefire's"
                + " argLine cannot carry: move the directory to a path without quotes");
    }

    /** The {@code java.library.path} the JVM would get from this argLine: the last one wins, as in the JVM. */
    public static Optional<String> libraryPath(String argLine) {
        String found = null;
        for (Token token : split(argLine)) {
            if (token.value().startsWith(LIBRARY_PATH)) {
                found = token.value().substring(LIBRARY_PATH.length());
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Adds {@code directory} to the {@code java.library.path} of the argLine. An existing {@code -Djava.library.path}
     * (the last, which is the one the JVM keeps) is extended, {@code X} becoming {@code X:directory}; else the option
     * is appended. A directory already on the path is not added again.
     *
     * @param argLine   the current value, {@code null} or empty when there is none
     * @param directory where the library is
     */
    public static String withLibraryDirectory(String argLine, String directory) {
        if (directory.indexOf(':') >= 0) {
            throw new IllegalArgumentException("the library directory " + directory + " contains ':', the separator"
                    + " of java.library.path: build into a directory without it");
        }
        String line = argLine == null ? "" : argLine;
        Token last = null;
        for (Token token : split(line)) {
            if (token.value().startsWith(LIBRARY_PATH)) {
                last = token;
            }
        }
        if (last == null) {
            return append(line, quote(LIBRARY_PATH + directory));
        }
        String existing = last.value().substring(LIBRARY_PATH.length());
        if (List.of(existing.split(":")).contains(directory)) {
            return line;
        }
        String extended = existing.isEmpty() ? directory : existing + ":" + directory;
        return line.substring(0, last.start()) + quote(LIBRARY_PATH + extended) + line.substring(last.end());
    }

    /** Appends the arguments the argLine does not have yet, each quoted as needed. */
    public static String withArguments(String argLine, List<String> arguments) {
        String line = argLine == null ? "" : argLine;
        List<String> present = split(line).stream().map(Token::value).toList();
        for (String argument : arguments) {
            if (!present.contains(argument)) {
                line = append(line, quote(argument));
            }
        }
        return line;
    }

    /** Whether an explicit {@code <argLine>} of the test plugin's configuration takes in the {@code argLine} property. */
    public static boolean usesProperty(String configuredArgLine) {
        return configuredArgLine.contains("@{argLine}") || configuredArgLine.contains("${argLine}");
    }

    private static String append(String line, String argument) {
        String trimmed = line.stripTrailing();
        return trimmed.isEmpty() ? argument : trimmed + " " + argument;
    }
}
