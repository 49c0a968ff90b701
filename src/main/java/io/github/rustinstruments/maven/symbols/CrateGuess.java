package io.github.rustinstruments.maven.symbols;

/**
 * Which crate a Rust function name belongs to, read from the name alone. This is a heuristic over the demangled
 * path, not demangling: {@link RustDemangler} turns symbols into paths, this class reads the first path segment
 * (or the self type's, or the trait's) of such a path.
 */
public final class CrateGuess {

    /** Guards against pathological nesting of {@code <...>} qualified paths. */
    private static final int MAX_NESTING = 32;

    private CrateGuess() {}

    /**
     * The crate a Rust name belongs to.
     *
     * <ul>
     *   <li>{@code demo::make} → {@code demo};</li>
     *   <li>{@code <demo::Foo as core::fmt::Display>::fmt} → {@code demo} (the self type's crate);</li>
     *   <li>{@code <alloc::vec::Vec<T>>::push} → {@code alloc};</li>
     *   <li>{@code <T as core::convert::Into<U>>::into} → {@code core}: when the self type is generic or a
     *       built-in type ({@code &T}, {@code [T]}, tuples, primitives), the impl is the trait's;</li>
     *   <li>an inherent impl on a built-in type ({@code <str>::len}, {@code <[T]>::iter}) → {@code core}: only
     *       the standard library can write those (some live in alloc or std, all are runtime);</li>
     *   <li>{@code main}, {@code malloc}, C++ signatures and {@code null} → {@code null}.</li>
     * </ul>
     * Mangled or half-demangled input is demangled first.
     */
    public static String crateOf(String name) {
        if (name == null) {
            return null;
        }
        try {
            String s = RustDemangler.demangle(name.trim());
            if (s.isEmpty() || hasTopLevelParenthesis(s)) {
                return null;
            }
            return crateOfPath(s, 0);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    private static String crateOfPath(String path, int nesting) {
        if (nesting > MAX_NESTING) {
            return null;
        }
        String s = path.trim();
        if (s.startsWith("<")) {
            // the first time the depth is back to 0 is the '>' closing the leading '<'
            int close = scan(s, (i, depth) -> depth == 0);
            if (close < 0) {
                return null;
            }
            String inside = s.substring(1, close);
            int as = scan(inside, (i, depth) -> depth == 0 && inside.startsWith(" as ", i));
            String selfType = as < 0 ? inside : inside.substring(0, as);
            String trait = as < 0 ? null : inside.substring(as + 4);
            String crate = crateOfType(selfType, nesting + 1);
            if (crate != null) {
                return crate;
            }
            if (trait != null) {
                return crateOfPath(trait, nesting + 1);
            }
            return isBuiltinType(selfType) ? "core" : null;
        }
        int end = 0;
        while (end < s.length() && isIdentifierChar(s.charAt(end))) {
            end++;
        }
        if (end == 0 || !s.startsWith("::", end)) {
            return null;
        }
        return s.substring(0, end);
    }

    /** Crate of a nominal self type ({@code demo::Foo<T>}, {@code dyn demo::Tr}); {@code null} for others. */
    private static String crateOfType(String type, int nesting) {
        String t = type.trim();
        if (t.startsWith("dyn ")) {
            t = t.substring(4).trim();
        }
        return crateOfPath(t, nesting); // also handles projections like <T as Trait>::Assoc
    }

    private static boolean isBuiltinType(String type) {
        String t = type.trim();
        if (t.isEmpty()) {
            return false;
        }
        char c = t.charAt(0);
        if (c == '&' || c == '*' || c == '[' || c == '(' || t.startsWith("fn(") || t.startsWith("unsafe ")
                || t.startsWith("extern ") || t.startsWith("for<")) {
            return true;
        }
        return switch (t) {
            case "bool", "char", "str", "!", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64",
                    "u128", "usize", "f16", "f32", "f64", "f128" -> true;
            default -> false;
        };
    }

    private static boolean isIdentifierChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    /**
     * C++ signatures ({@code foo::bar(int)}) have a parameter list outside any bracket; Rust names do not (their
     * tuples and {@code fn(..)} types are inside {@code <...>}).
     */
    private static boolean hasTopLevelParenthesis(String s) {
        return scan(s, (i, depth) -> depth <= 1 && s.charAt(i) == '(') >= 0;
    }

    @FunctionalInterface
    private interface Stop {
        /** Whether to stop at index {@code i}, {@code depth} being the bracket depth once its character is read. */
        boolean at(int i, int depth);
    }

    /**
     * The one bracket scanner: walks {@code s} counting angle brackets, parentheses, square brackets and braces
     * (the {@code >} of {@code ->} is no bracket) and returns the first index where {@code stop} holds, else -1.
     */
    private static int scan(String s, Stop stop) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<' || c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == '>' && (i == 0 || s.charAt(i - 1) != '-') || c == ')' || c == ']' || c == '}') {
                depth--;
            }
            if (stop.at(i, depth)) {
                return i;
            }
        }
        return -1;
    }
}
