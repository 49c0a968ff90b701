package io.github.rustinstruments.maven.gate;

import java.util.Locale;

/**
 * The gate's on/off parameters, read strictly. Maven turns any text that is not {@code true} into {@code false},
 * so {@code <haltOnFailure>yes</haltOnFailure>} would quietly switch the gate off; here only {@code true} and
 * {@code false} (in any case, surrounding spaces ignored) are accepted.
 */
public final class Switches {
    private Switches() {}

    /**
     * The value of a switch.
     *
     * @param parameter    the parameter's name in the pom, e.g. {@code haltOnFailure}
     * @param property     its user property, e.g. {@code rust-instruments.haltOnFailure}
     * @param value        as configured; {@code null} when not configured
     * @param defaultValue used when {@code value} is {@code null}
     * @throws IllegalArgumentException naming the parameter, the value and the fix
     */
    public static boolean parse(String parameter, String property, String value, boolean defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        String shown = value.isBlank() ? "empty" : "'" + value.trim() + "'";
        throw new IllegalArgumentException(parameter + " is " + shown + ", but it takes only true or false: write <"
                + parameter + ">true</" + parameter + "> or <" + parameter + ">false</" + parameter + "> (-D" + property
                + "=true or =false on the command line); left out, it is " + defaultValue);
    }
}
