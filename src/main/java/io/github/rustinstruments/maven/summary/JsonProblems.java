package io.github.rustinstruments.maven.summary;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Says in the user's terms what is wrong with a JSON file the plugin reads (summaries, baselines): the field, by
 * its path in the file ({@code runs.default.allocations.totals.peakHeapBytes}), and what was expected. Jackson's
 * own messages name the plugin's internal classes, which mean nothing to whoever has to fix the file.
 */
public final class JsonProblems {
    private JsonProblems() {}

    /** One phrase, without the file's name, e.g. {@code unknown field 'name' in 'runs'}. */
    public static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String parent = path(unknown.getPath().subList(0, Math.max(0, unknown.getPath().size() - 1)));
            return "unknown field '" + unknown.getPropertyName() + "'"
                    + (parent.isEmpty() ? " at the top level" : " in '" + parent + "'");
        }
        if (e instanceof JsonEOFException) {
            return "the file ends in the middle of the JSON" + at(e.getLocation()) + " (cut short?)";
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping.getPath());
            String expected = e instanceof MismatchedInputException mismatch ? expected(mismatch.getTargetType())
                    : null;
            String found = e instanceof InvalidFormatException format && format.getValue() != null
                    ? " is '" + format.getValue() + "'" : " has a value of the wrong type";
            return "field '" + field + "'" + found + (expected == null ? "" : "; expected " + expected);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getPath().isEmpty()) {
            String expected = expected(mismatch.getTargetType());
            return "not " + (expected == null ? "the expected JSON" : expected) + at(e.getLocation());
        }
        return "not valid JSON" + at(e.getLocation());
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (text.length() > 0) {
                    text.append('.');
                }
                text.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                text.append('[').append(reference.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    /** What a value of this Java type looks like in JSON; {@code null} when there is nothing useful to say. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text in double quotes";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list [...]";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object {...}";
        }
        return null;
    }
}
