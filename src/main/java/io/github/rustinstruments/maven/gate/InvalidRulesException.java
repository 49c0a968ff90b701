package io.github.rustinstruments.maven.gate;

import java.util.List;

/** Every problem of a rules configuration at once, one line each, e.g. {@code rule 1, limit 2: unknown metric ...}. */
public class InvalidRulesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidRulesException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems in configuration order. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        StringBuilder text = new StringBuilder("invalid <rules> (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("):");
        for (String problem : problems) {
            text.append(System.lineSeparator()).append("  ").append(problem);
        }
        return text.toString();
    }
}
