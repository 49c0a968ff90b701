package io.github.rustinstruments.maven.symbols;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes the symbol of a JNI native method implementation back into the Java method it implements, following
 * the JNI specification's "Resolving Native Method Names":
 * <ul>
 *   <li>{@code Java_} + the mangled binary class name ({@code /} written as {@code _}) + {@code _} + the mangled
 *       method name, and for overloaded methods {@code __} + the mangled argument signature;</li>
 *   <li>escapes: {@code _1} is {@code _}, {@code _2} is {@code ;}, {@code _3} is {@code [} and {@code _0xxxx} the
 *       UTF-16 unit {@code xxxx} (so {@code $} of a nested class is {@code _00024}).</li>
 * </ul>
 * A Java identifier never starts with a digit, so an {@code _} followed by a digit is always an escape, and any
 * other {@code _} separates two parts; an empty part can only be the {@code __} before the signature.
 */
public final class JniNames {

    private static final String PREFIX = "Java_";

    private JniNames() {}

    /**
     * A Java method as named by a JNI symbol.
     *
     * @param className  binary name, dots between packages, {@code $} before a nested class
     * @param methodName the method's name
     * @param parameters the parameter types in Java syntax ({@code int}, {@code java.lang.String[]}) when the symbol
     *                   has the overloaded form, else {@code null} (the symbol does not say)
     */
    public record JniMethod(String className, String methodName, List<String> parameters) {

        /** {@code com.example.Codec.leakBlocks}. */
        public String qualifiedName() {
            return className + "." + methodName;
        }

        /** {@code com.example.Codec.leakBlocks(int, java.lang.String)} when the symbol gives the signature. */
        public String display() {
            return parameters == null ? qualifiedName() : qualifiedName() + "(" + String.join(", ", parameters) + ")";
        }
    }

    /** {@link JniMethod#display()} of {@code symbol}, or {@code null} when it is not a JNI method symbol. */
    public static String javaMethodOf(String symbol) {
        return decode(symbol).map(JniMethod::display).orElse(null);
    }

    /** Whether {@code symbol} is a well-formed JNI method symbol. */
    public static boolean isJniSymbol(String symbol) {
        return decode(symbol).isPresent();
    }

    /** The Java method {@code symbol} implements; empty when it is not a well-formed JNI method symbol. */
    public static Optional<JniMethod> decode(String symbol) {
        if (symbol == null || !symbol.startsWith(PREFIX)) {
            return Optional.empty();
        }
        List<String> parts = parts(symbol, PREFIX.length());
        if (parts == null) {
            return Optional.empty();
        }
        int signatureAt = parts.indexOf("");
        List<String> names = signatureAt < 0 ? parts : parts.subList(0, signatureAt);
        // at least a class and a method, and no ';' or '[' (signature escapes) in either
        if (names.size() < 2) {
            return Optional.empty();
        }
        for (String name : names) {
            if (name.isEmpty() || name.indexOf(';') >= 0 || name.indexOf('[') >= 0) {
                return Optional.empty();
            }
        }
        List<String> parameters = null;
        if (signatureAt >= 0) {
            if (signatureAt == parts.size() - 1) {
                return Optional.empty(); // a single trailing '_', not the '__' before a signature
            }
            // inside the signature '_' stood for '/'
            parameters = parameterTypes(String.join("/", parts.subList(signatureAt + 1, parts.size())));
            if (parameters == null) {
                return Optional.empty();
            }
        }
        String className = String.join(".", names.subList(0, names.size() - 1));
        return Optional.of(new JniMethod(className, names.get(names.size() - 1), parameters));
    }

    /** The unescaped parts of {@code symbol} from {@code from} on; {@code null} when an escape is malformed. */
    private static List<String> parts(String symbol, int from) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int i = from;
        int n = symbol.length();
        while (i < n) {
            char c = symbol.charAt(i);
            if (c != '_') {
                if (!isSymbolChar(c)) {
                    return null;
                }
                part.append(c);
                i++;
                continue;
            }
            char next = i + 1 < n ? symbol.charAt(i + 1) : 0;
            switch (next) {
                case '0' -> {
                    if (i + 6 > n) {
                        return null;
                    }
                    int unit = hex4(symbol, i + 2);
                    if (unit < 0 || hasOwnSpelling((char) unit)) {
                        return null;
                    }
                    part.append((char) unit);
                    i += 6;
                }
                case '1' -> {
                    part.append('_');
                    i += 2;
                }
                case '2' -> {
                    part.append(';');
                    i += 2;
                }
                case '3' -> {
                    part.append('[');
                    i += 2;
                }
                default -> {
                    if (next >= '4' && next <= '9') {
                        return null; // no escape, and no identifier starts with a digit
                    }
                    parts.add(part.toString());
                    part.setLength(0);
                    i++;
                }
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /** Only ASCII letters and digits stand for themselves in a mangled name; everything else is escaped. */
    private static boolean isSymbolChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** Characters the JVM never writes as {@code _0xxxx}: a symbol that does so was not made by its mangling. */
    private static boolean hasOwnSpelling(char c) {
        return isSymbolChar(c) || c == '_' || c == ';' || c == '[' || c == '/' || c == '.';
    }

    private static int hex4(String s, int at) {
        int value = 0;
        for (int i = at; i < at + 4; i++) {
            int digit = Character.digit(s.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** {@code Ljava/lang/String;[II} as {@code [java.lang.String, int[], int]}; {@code null} when malformed. */
    static List<String> parameterTypes(String descriptors) {
        List<String> types = new ArrayList<>();
        int i = 0;
        while (i < descriptors.length()) {
            int dimensions = 0;
            while (i < descriptors.length() && descriptors.charAt(i) == '[') {
                dimensions++;
                i++;
            }
            if (i == descriptors.length()) {
                return null;
            }
            char c = descriptors.charAt(i);
            String type;
            if (c == 'L') {
                int end = descriptors.indexOf(';', i);
                if (end < 0 || end == i + 1) {
                    return null;
                }
                type = descriptors.substring(i + 1, end).replace('/', '.');
                if (type.startsWith(".") || type.endsWith(".") || type.contains("..") || type.indexOf('[') >= 0) {
                    return null;
                }
                i = end + 1;
            } else {
                type = primitive(c);
                if (type == null) {
                    return null;
                }
                i++;
            }
            types.add(type + "[]".repeat(dimensions));
        }
        return types;
    }

    private static String primitive(char descriptor) {
        return switch (descriptor) {
            case 'Z' -> "boolean";
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'F' -> "float";
            case 'D' -> "double";
            default -> null; // 'V' is no parameter type
        };
    }
}
