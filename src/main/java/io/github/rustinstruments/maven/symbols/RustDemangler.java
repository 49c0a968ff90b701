package io.github.rustinstruments.maven.symbols;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns Rust symbol names into readable paths, with the hash hidden unless asked for.
 *
 * <p>Three inputs are understood:
 * <ul>
 *   <li>legacy mangling: {@code _ZN} (or macOS {@code __ZN}) + length-prefixed elements + {@code E}, the last
 *       element usually being the {@code h<hex>} hash, with {@code $LT$}-style escapes and {@code ..} for
 *       {@code ::};</li>
 *   <li>the half-demangled legacy form printed by C++ demanglers (heaptrack, Instruments):
 *       {@code demo::make::h52403682f56ce9e7} or {@code _$LT$alloc..vec..Vec$LT$T$GT$$GT$::push::h...};</li>
 *   <li>v0 mangling (RFC 2603): {@code _R} (or {@code __R}) + path + optional instantiating crate.</li>
 * </ul>
 * Crate disambiguators and hashes are printed only by {@link #demangle(String, boolean)} when asked for,
 * const-generic type suffixes never; a trailing
 * {@code .llvm.<hex>} is dropped and other {@code .suffix} words (LLVM labels, {@code .cold}) are kept.
 * Anything else, including malformed Rust symbols, is returned unchanged; this class never throws.
 */
public final class RustDemangler {

    /** Limits recursion of the v0 grammar (nesting depth, back-references included). */
    private static final int MAX_DEPTH = 500;
    /** Output bigger than this is treated as malformed input (back-references can explode exponentially). */
    private static final int MAX_OUTPUT = 1_000_000;
    /** Longest decoded punycode identifier accepted. */
    private static final int MAX_PUNYCODE_CHARS = 4096;

    private static final Pattern HALF_HASH = Pattern.compile("::h[0-9a-f]{16}$");
    private static final Pattern LEGACY_ESCAPE =
            Pattern.compile("\\$(?:SP|BP|RF|LT|GT|LP|RP|C|u[0-9a-f]{1,6})\\$");
    /** What one legacy path element is made of before its escapes are decoded. */
    private static final Pattern LEGACY_ELEMENT = Pattern.compile("[A-Za-z0-9_$.]+");

    private RustDemangler() {}

    /**
     * Demangles a symbol.
     *
     * @param symbol a mangled, half-demangled or plain symbol; may be {@code null}
     * @return the readable name without hash, or {@code symbol} itself when it is not a (valid) Rust symbol
     */
    public static String demangle(String symbol) {
        return demangle(symbol, false);
    }

    /**
     * Demangles a symbol, optionally keeping what identifies one compilation of it.
     *
     * <p>With {@code showHash} the output is rustc-demangle's non-alternate ({@code {}}) form as far as names go:
     * legacy and half-demangled symbols keep their last {@code ::h<hex>} element, v0 crate roots get their
     * disambiguator in brackets ({@code std[1a2b3c4d5e6f7a8b]::...}, nothing for a zero disambiguator). v0
     * const-generic type suffixes are still not printed.
     *
     * @param symbol   a mangled, half-demangled or plain symbol; may be {@code null}
     * @param showHash whether to keep the hash (legacy) or crate disambiguators (v0)
     * @return the readable name, or {@code symbol} itself when it is not a (valid) Rust symbol
     */
    public static String demangle(String symbol, boolean showHash) {
        if (symbol == null || symbol.isEmpty()) {
            return symbol;
        }
        try {
            String result = tryDemangle(symbol, showHash);
            return result != null ? result : symbol;
        } catch (RuntimeException | StackOverflowError e) {
            return symbol;
        }
    }

    private static String tryDemangle(String symbol, boolean showHash) {
        String s = stripLlvmSuffix(symbol);
        if (s.startsWith("__ZN")) {
            return demangleLegacy(s, 4, showHash);
        }
        if (s.startsWith("_ZN")) {
            return demangleLegacy(s, 3, showHash);
        }
        if (s.startsWith("__R")) {
            return demangleV0(s, 3, showHash);
        }
        if (s.startsWith("_R")) {
            return demangleV0(s, 2, showHash);
        }
        return demangleHalf(symbol, showHash);
    }

    /** ThinLTO renames local symbols to {@code name.llvm.<hex>}; that suffix carries no information. */
    private static String stripLlvmSuffix(String s) {
        int i = s.indexOf(".llvm.");
        if (i < 0) {
            return s;
        }
        String rest = s.substring(i + ".llvm.".length());
        for (int k = 0; k < rest.length(); k++) {
            char c = rest.charAt(k);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || c == '@';
            if (!ok) {
                return s;
            }
        }
        return s.substring(0, i);
    }

    /** A suffix such as {@code .exit.i.i} or {@code .cold.1}: ASCII letters, digits and punctuation only. */
    private static boolean isAcceptableSuffix(String suffix) {
        if (suffix.isEmpty()) {
            return true;
        }
        if (suffix.charAt(0) != '.') {
            return false;
        }
        for (int i = 0; i < suffix.length(); i++) {
            char c = suffix.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------
    // Legacy

    private static String demangleLegacy(String s, int start, boolean showHash) {
        if (!isAscii(s, 0)) {
            return null;
        }
        List<String> elements = new ArrayList<>();
        int p = start;
        while (true) {
            if (p >= s.length()) {
                return null; // no terminating 'E'
            }
            char c = s.charAt(p);
            if (c == 'E') {
                p++;
                break;
            }
            if (c < '0' || c > '9') {
                return null;
            }
            long len = 0;
            while (p < s.length() && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                len = len * 10 + (s.charAt(p) - '0');
                if (len > s.length()) {
                    return null;
                }
                p++;
            }
            if (len == 0 || p + len > s.length()) {
                return null;
            }
            elements.add(s.substring(p, p + (int) len));
            p += (int) len;
        }
        String suffix = s.substring(p);
        if (elements.isEmpty() || !isAcceptableSuffix(suffix)) {
            return null;
        }
        int count = elements.size();
        if (!showHash && count > 1 && isLegacyHash(elements.get(count - 1))) {
            count--;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append("::");
            }
            appendLegacyElement(out, elements.get(i));
        }
        return out.append(suffix).toString();
    }

    private static boolean isLegacyHash(String element) {
        if (element.length() < 2 || element.charAt(0) != 'h') {
            return false;
        }
        for (int i = 1; i < element.length(); i++) {
            if (Character.digit(element.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Decodes one legacy path element: leading {@code _$}, {@code $..$} escapes and {@code ..}. */
    private static void appendLegacyElement(StringBuilder out, String element) {
        String e = element.startsWith("_$") ? element.substring(1) : element;
        int i = 0;
        while (i < e.length()) {
            char c = e.charAt(i);
            if (c == '.') {
                if (i + 1 < e.length() && e.charAt(i + 1) == '.') {
                    out.append("::");
                    i += 2;
                } else {
                    out.append('.');
                    i++;
                }
            } else if (c == '$') {
                int end = e.indexOf('$', i + 1);
                String replacement = end < 0 ? null : legacyEscape(e.substring(i + 1, end));
                if (replacement == null) {
                    out.append(e, i, e.length()); // unknown escape: keep the rest verbatim
                    return;
                }
                out.append(replacement);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
    }

    private static String legacyEscape(String code) {
        switch (code) {
            case "SP": return "@";
            case "BP": return "*";
            case "RF": return "&";
            case "LT": return "<";
            case "GT": return ">";
            case "LP": return "(";
            case "RP": return ")";
            case "C": return ",";
            default:
                break;
        }
        if (code.length() < 2 || code.length() > 7 || code.charAt(0) != 'u') {
            return null;
        }
        int cp = 0;
        for (int i = 1; i < code.length(); i++) {
            char c = code.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return null; // rustc writes lowercase hex only
            }
            cp = cp * 16 + d;
        }
        if (!Character.isValidCodePoint(cp) || Character.isSurrogate((char) cp) && cp <= 0xFFFF
                || Character.isISOControl(cp)) {
            return null;
        }
        return new String(Character.toChars(cp));
    }

    // ------------------------------------------------------------------------------------------------
    // Half-demangled legacy (C++ demangler output): a::b::h0123456789abcdef, _$LT$..$GT$::push::h...

    private static String demangleHalf(String s, boolean showHash) {
        if (s.startsWith("_Z") || s.startsWith("__Z") || s.startsWith("_R") || s.startsWith("__R")) {
            return null; // a mangled symbol that did not parse
        }
        boolean hash = HALF_HASH.matcher(s).find();
        String body = hash ? s.substring(0, s.length() - 19) : s;
        if (body.isEmpty()) {
            return null;
        }
        String[] parts = body.split("::", -1);
        boolean rawElements = parts.length > 1 || hash;
        for (String part : parts) {
            if (!LEGACY_ELEMENT.matcher(part).matches()) {
                rawElements = false;
                break;
            }
        }
        if (!rawElements) {
            // Not the raw legacy elements a C++ demangler leaves behind; at most drop the hash.
            return hash && !showHash ? body : null;
        }
        if (!hash && !LEGACY_ESCAPE.matcher(body).find()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append("::");
            }
            appendLegacyElement(out, parts[i]);
        }
        if (hash && showHash) {
            out.append(s, s.length() - 19, s.length());
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------------
    // v0 (RFC 2603)

    private static String demangleV0(String s, int prefix, boolean showHash) {
        String inner = s.substring(prefix);
        if (inner.isEmpty() || !isUpper(inner.charAt(0)) || !isAscii(inner, 0)) {
            return null;
        }
        V0 p = new V0(inner, showHash);
        try {
            p.printPath(true);
            if (p.pos < inner.length() && isUpper(inner.charAt(p.pos))) {
                p.skipping(() -> p.printPath(false)); // instantiating crate: not part of the name
            }
        } catch (Invalid e) {
            return null;
        }
        String suffix = inner.substring(p.pos);
        if (!isAcceptableSuffix(suffix)) {
            return null;
        }
        return p.out.append(suffix).toString();
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String basicType(char tag) {
        switch (tag) {
            case 'a': return "i8";
            case 'b': return "bool";
            case 'c': return "char";
            case 'd': return "f64";
            case 'e': return "str";
            case 'f': return "f32";
            case 'h': return "u8";
            case 'i': return "isize";
            case 'j': return "usize";
            case 'l': return "i32";
            case 'm': return "u32";
            case 'n': return "i128";
            case 'o': return "u128";
            case 's': return "i16";
            case 't': return "u16";
            case 'u': return "()";
            case 'v': return "...";
            case 'x': return "i64";
            case 'y': return "u64";
            case 'z': return "!";
            case 'p': return "_";
            default: return null;
        }
    }

    /** Thrown (without stack trace) on any grammar violation; turned into "return the symbol unchanged". */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Invalid INSTANCE = new Invalid();

        private Invalid() {
            super("invalid v0 symbol", null, false, false);
        }
    }

    /** An identifier: plain ASCII, or punycode (ASCII part + deltas after the last '_'). */
    private static final class Ident {
        final String ascii;
        final String punycode;

        Ident(String ascii, String punycode) {
            this.ascii = ascii;
            this.punycode = punycode;
        }

        boolean isEmpty() {
            return ascii.isEmpty() && punycode.isEmpty();
        }

        @Override
        public String toString() {
            if (punycode.isEmpty()) {
                return ascii;
            }
            String decoded = decodePunycode(ascii, punycode);
            if (decoded != null) {
                return decoded;
            }
            return "punycode{" + (ascii.isEmpty() ? "" : ascii + "-") + punycode + "}";
        }
    }

    /** RFC 3492 decoding (base 36, digits a-z0-9), '_' already split off; {@code null} if malformed. */
    static String decodePunycode(String ascii, String deltas) {
        final int base = 36;
        final int tMin = 1;
        final int tMax = 26;
        List<Integer> cps = new ArrayList<>();
        ascii.codePoints().forEach(cps::add);
        long n = 0x80;
        long i = 0;
        long bias = 72;
        boolean first = true;
        int idx = 0;
        while (idx < deltas.length()) {
            long oldI = i;
            long w = 1;
            for (long k = base; ; k += base) {
                if (idx >= deltas.length()) {
                    return null;
                }
                char c = deltas.charAt(idx++);
                int d;
                if (c >= 'a' && c <= 'z') {
                    d = c - 'a';
                } else if (c >= '0' && c <= '9') {
                    d = 26 + (c - '0');
                } else {
                    return null;
                }
                i = Math.addExact(i, Math.multiplyExact((long) d, w));
                long t = k <= bias ? tMin : Math.min(k - bias, tMax);
                if (d < t) {
                    break;
                }
                w = Math.multiplyExact(w, base - t);
            }
            int len = cps.size() + 1;
            long delta = i - oldI;
            delta = first ? delta / 700 : delta / 2;
            first = false;
            delta += delta / len;
            long k = 0;
            while (delta > ((base - tMin) * tMax) / 2) {
                delta /= base - tMin;
                k += base;
            }
            bias = k + ((base - tMin + 1) * delta) / (delta + 38);
            n = Math.addExact(n, i / len);
            i %= len;
            if (n > Character.MAX_CODE_POINT || (n >= 0xD800 && n <= 0xDFFF) || len > MAX_PUNYCODE_CHARS) {
                return null;
            }
            cps.add((int) i, (int) n);
            i++;
        }
        StringBuilder sb = new StringBuilder();
        for (int cp : cps) {
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** Recursive-descent printer over the part of a v0 symbol after {@code _R}. */
    private static final class V0 {
        final String sym;
        final boolean showDisambiguators;
        final StringBuilder out = new StringBuilder();
        int pos;
        int depth;
        boolean skip;
        long boundLifetimes;

        V0(String sym, boolean showDisambiguators) {
            this.sym = sym;
            this.showDisambiguators = showDisambiguators;
        }

        // --- low-level parsing

        Invalid invalid() {
            return Invalid.INSTANCE;
        }

        void pushDepth() {
            if (++depth > MAX_DEPTH) {
                throw invalid();
            }
        }

        void popDepth() {
            depth--;
        }

        boolean eat(char c) {
            if (pos < sym.length() && sym.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        char next() {
            if (pos >= sym.length()) {
                throw invalid();
            }
            return sym.charAt(pos++);
        }

        /** {@code _} = 0, otherwise base-62 digits then {@code _} = value + 1. */
        long integer62() {
            if (eat('_')) {
                return 0;
            }
            long x = 0;
            while (!eat('_')) {
                char c = next();
                int d;
                if (isDigit(c)) {
                    d = c - '0';
                } else if (isLower(c)) {
                    d = 10 + (c - 'a');
                } else if (isUpper(c)) {
                    d = 36 + (c - 'A');
                } else {
                    throw invalid();
                }
                // unsigned 64-bit arithmetic, like the reference: x * 62 + d must not overflow
                if (Long.compareUnsigned(x, Long.divideUnsigned(-1L - d, 62L)) > 0) {
                    throw invalid();
                }
                x = x * 62L + d;
            }
            if (x == -1L) {
                throw invalid();
            }
            return x + 1;
        }

        long optInteger62(char tag) {
            if (!eat(tag)) {
                return 0;
            }
            long v = integer62();
            if (v == -1L) {
                throw invalid();
            }
            return v + 1;
        }

        long disambiguator() {
            return optInteger62('s');
        }

        Ident ident() {
            boolean puny = eat('u');
            if (pos >= sym.length() || !isDigit(sym.charAt(pos))) {
                throw invalid();
            }
            long len = sym.charAt(pos++) - '0';
            if (len != 0) {
                while (pos < sym.length() && isDigit(sym.charAt(pos))) {
                    len = len * 10 + (sym.charAt(pos++) - '0');
                    if (len > sym.length()) {
                        throw invalid();
                    }
                }
            }
            eat('_'); // separator, needed when the identifier starts with a digit or '_'
            if (pos + len > sym.length()) {
                throw invalid();
            }
            String raw = sym.substring(pos, pos + (int) len);
            pos += (int) len;
            if (!puny) {
                return new Ident(raw, "");
            }
            int sep = raw.lastIndexOf('_');
            Ident id = sep < 0 ? new Ident("", raw) : new Ident(raw.substring(0, sep), raw.substring(sep + 1));
            if (id.punycode.isEmpty()) {
                throw invalid();
            }
            return id;
        }

        /** Hex digits terminated by '_'. */
        String hexNibbles() {
            int start = pos;
            while (true) {
                char c = next();
                if (c == '_') {
                    return sym.substring(start, pos - 1);
                }
                if (!isDigit(c) && (c < 'a' || c > 'f')) {
                    throw invalid();
                }
            }
        }

        /** Validates a back-reference whose 'B' is at {@code tagPos}; returns its target position. */
        int backrefTarget(int tagPos) {
            long target = integer62();
            if (Long.compareUnsigned(target, tagPos) >= 0) {
                throw invalid();
            }
            return (int) target;
        }

        /** Parses a back-reference and, unless skipping, prints its target with {@code action}. */
        void backref(int tagPos, Runnable action) {
            int target = backrefTarget(tagPos);
            if (skip) {
                return; // its target was validated when it was first parsed
            }
            int saved = pos;
            pos = target;
            pushDepth();
            action.run();
            popDepth();
            pos = saved;
        }

        // --- output

        void print(String s) {
            if (!skip) {
                out.append(s);
                if (out.length() > MAX_OUTPUT) {
                    throw invalid();
                }
            }
        }

        void print(char c) {
            print(String.valueOf(c));
        }

        void skipping(Runnable action) {
            boolean old = skip;
            skip = true;
            action.run();
            skip = old;
        }

        int sepList(Runnable element, String separator) {
            int count = 0;
            while (!eat('E')) {
                if (count > 0) {
                    print(separator);
                }
                element.run();
                count++;
            }
            return count;
        }

        void printLifetime(long lt) {
            if (skip) {
                return; // binders are not tracked while skipping
            }
            print("'");
            if (lt == 0) {
                print("_");
                return;
            }
            if (Long.compareUnsigned(lt, boundLifetimes) > 0) {
                throw invalid();
            }
            long depthIndex = boundLifetimes - lt;
            if (depthIndex < 26) {
                print((char) ('a' + depthIndex));
            } else {
                print("_" + depthIndex);
            }
        }

        /** Optional {@code G<n>} binder: prints {@code for<'a, 'b> } and makes those lifetimes visible. */
        void inBinder(Runnable action) {
            long count = optInteger62('G');
            if (count < 0) {
                throw invalid(); // more bound lifetimes than could ever be printed
            }
            if (skip) {
                action.run();
                return;
            }
            if (count > 0) {
                print("for<");
                for (long i = 0; i < count; i++) {
                    if (i > 0) {
                        print(", ");
                    }
                    boundLifetimes++;
                    printLifetime(1);
                }
                print("> ");
            }
            action.run();
            boundLifetimes -= count;
        }

        // --- grammar

        void printPath(boolean inValue) {
            pushDepth();
            int tagPos = pos;
            char tag = next();
            switch (tag) {
                case 'C': { // crate root
                    long dis = disambiguator();
                    print(ident().toString());
                    if (showDisambiguators && dis != 0) {
                        print("[" + Long.toHexString(dis) + "]");
                    }
                    break;
                }
                case 'N': { // nested path
                    char ns = next();
                    if (!isUpper(ns) && !isLower(ns)) {
                        throw invalid();
                    }
                    printPath(inValue);
                    long dis = disambiguator();
                    Ident name = ident();
                    if (isUpper(ns)) {
                        print("::{");
                        print(ns == 'C' ? "closure" : ns == 'S' ? "shim" : String.valueOf(ns));
                        if (!name.isEmpty()) {
                            print(":");
                            print(name.toString());
                        }
                        print("#" + Long.toUnsignedString(dis) + "}");
                    } else if (!name.isEmpty()) {
                        print("::");
                        print(name.toString());
                    }
                    break;
                }
                case 'M': // inherent impl
                case 'X': // trait impl
                case 'Y': { // trait definition
                    if (tag != 'Y') {
                        disambiguator();
                        skipping(() -> printPath(false)); // the impl's own path is not shown
                    }
                    print("<");
                    printType();
                    if (tag != 'M') {
                        print(" as ");
                        printPath(false);
                    }
                    print(">");
                    break;
                }
                case 'I': { // generic arguments
                    printPath(inValue);
                    if (inValue) {
                        print("::");
                    }
                    print("<");
                    sepList(this::printGenericArg, ", ");
                    print(">");
                    break;
                }
                case 'B':
                    backref(tagPos, () -> printPath(inValue));
                    break;
                default:
                    throw invalid();
            }
            popDepth();
        }

        void printGenericArg() {
            if (eat('L')) {
                printLifetime(integer62());
            } else if (eat('K')) {
                printConst(false);
            } else {
                printType();
            }
        }

        void printType() {
            int tagPos = pos;
            char tag = next();
            String basic = basicType(tag);
            if (basic != null) {
                print(basic);
                return;
            }
            pushDepth();
            switch (tag) {
                case 'R':
                case 'Q': {
                    print("&");
                    if (eat('L')) {
                        long lt = integer62();
                        if (lt != 0) {
                            printLifetime(lt);
                            print(" ");
                        }
                    }
                    if (tag == 'Q') {
                        print("mut ");
                    }
                    printType();
                    break;
                }
                case 'P':
                case 'O':
                    print(tag == 'P' ? "*const " : "*mut ");
                    printType();
                    break;
                case 'A':
                case 'S':
                    print("[");
                    printType();
                    if (tag == 'A') {
                        print("; ");
                        printConst(true);
                    }
                    print("]");
                    break;
                case 'T': {
                    print("(");
                    int n = sepList(this::printType, ", ");
                    if (n == 1) {
                        print(",");
                    }
                    print(")");
                    break;
                }
                case 'F':
                    inBinder(this::printFnSig);
                    break;
                case 'D': {
                    print("dyn ");
                    inBinder(() -> sepList(this::printDynTrait, " + "));
                    if (!eat('L')) {
                        throw invalid();
                    }
                    long lt = integer62();
                    if (lt != 0) {
                        print(" + ");
                        printLifetime(lt);
                    }
                    break;
                }
                case 'B':
                    backref(tagPos, this::printType);
                    break;
                case 'W': // pattern type
                    printType();
                    print(" is ");
                    printPattern();
                    break;
                default:
                    pos = tagPos;
                    printPath(false);
                    break;
            }
            popDepth();
        }

        void printFnSig() {
            boolean isUnsafe = eat('U');
            String abi = null;
            if (eat('K')) {
                if (eat('C')) {
                    abi = "C";
                } else {
                    Ident a = ident();
                    if (a.ascii.isEmpty() || !a.punycode.isEmpty()) {
                        throw invalid();
                    }
                    abi = a.ascii.replace('_', '-');
                }
            }
            if (isUnsafe) {
                print("unsafe ");
            }
            if (abi != null) {
                print("extern \"" + abi + "\" ");
            }
            print("fn(");
            sepList(this::printType, ", ");
            print(")");
            if (!eat('u')) {
                print(" -> ");
                printType();
            }
        }

        void printDynTrait() {
            boolean open = printPathMaybeOpenGenerics();
            while (eat('p')) {
                if (!open) {
                    print("<");
                    open = true;
                } else {
                    print(", ");
                }
                print(ident().toString());
                print(" = ");
                printType();
            }
            if (open) {
                print(">");
            }
        }

        /** Like printPath, but leaves a trailing generic-argument list open for associated-type bindings. */
        boolean printPathMaybeOpenGenerics() {
            int tagPos = pos;
            if (eat('B')) {
                int target = backrefTarget(tagPos);
                if (skip) {
                    return false;
                }
                int saved = pos;
                pos = target;
                pushDepth();
                boolean open = printPathMaybeOpenGenerics();
                popDepth();
                pos = saved;
                return open;
            }
            if (eat('I')) {
                printPath(false);
                print("<");
                sepList(this::printGenericArg, ", ");
                return true;
            }
            printPath(false);
            return false;
        }

        void printPattern() {
            char tag = next();
            switch (tag) {
                case 'R':
                    printConst(false);
                    print("..=");
                    printConst(false);
                    break;
                case 'O':
                    pushDepth();
                    printPattern();
                    while (!eat('E')) {
                        print(" | ");
                        printPattern();
                    }
                    popDepth();
                    break;
                case 'N':
                    print("!null");
                    break;
                default:
                    throw invalid();
            }
        }

        void printConst(boolean inValue) {
            int tagPos = pos;
            char tag = next();
            pushDepth();
            // Literals stand alone; other expressions get braces unless nested inside another constant.
            boolean braced = false;
            switch (tag) {
                case 'p':
                    print("_");
                    break;
                case 'h': case 't': case 'm': case 'y': case 'o': case 'j':
                    printConstUint();
                    break;
                case 'a': case 's': case 'l': case 'x': case 'n': case 'i':
                    if (eat('n')) {
                        print("-");
                    }
                    printConstUint();
                    break;
                case 'b': {
                    Long v = parseUint(hexNibbles());
                    if (v == null || (v != 0 && v != 1)) {
                        throw invalid();
                    }
                    print(v == 1 ? "true" : "false");
                    break;
                }
                case 'c': {
                    Long v = parseUint(hexNibbles());
                    if (v == null || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
                        throw invalid();
                    }
                    printQuoted('\'', new int[] {v.intValue()});
                    break;
                }
                case 'e':
                    braced = openBrace(inValue);
                    print("*");
                    printStrLiteral();
                    break;
                case 'R':
                case 'Q':
                    if (tag == 'R' && eat('e')) {
                        printStrLiteral();
                    } else {
                        braced = openBrace(inValue);
                        print(tag == 'R' ? "&" : "&mut ");
                        printConst(true);
                    }
                    break;
                case 'A':
                    braced = openBrace(inValue);
                    print("[");
                    sepList(() -> printConst(true), ", ");
                    print("]");
                    break;
                case 'T': {
                    braced = openBrace(inValue);
                    print("(");
                    int n = sepList(() -> printConst(true), ", ");
                    if (n == 1) {
                        print(",");
                    }
                    print(")");
                    break;
                }
                case 'V': {
                    braced = openBrace(inValue);
                    printPath(true);
                    char kind = next();
                    if (kind == 'T') {
                        print("(");
                        sepList(() -> printConst(true), ", ");
                        print(")");
                    } else if (kind == 'S') {
                        print(" { ");
                        sepList(() -> {
                            disambiguator();
                            print(ident().toString());
                            print(": ");
                            printConst(true);
                        }, ", ");
                        print(" }");
                    } else if (kind != 'U') {
                        throw invalid();
                    }
                    break;
                }
                case 'B':
                    backref(tagPos, () -> printConst(inValue));
                    break;
                default:
                    throw invalid();
            }
            if (braced) {
                print("}");
            }
            popDepth();
        }

        boolean openBrace(boolean inValue) {
            if (inValue) {
                return false;
            }
            print("{");
            return true;
        }

        void printConstUint() {
            String hex = hexNibbles();
            Long v = parseUint(hex);
            print(v != null ? Long.toUnsignedString(v) : "0x" + hex);
        }

        /** Value of hex nibbles, or {@code null} when it does not fit in 64 bits. */
        static Long parseUint(String hex) {
            int i = 0;
            while (i < hex.length() && hex.charAt(i) == '0') {
                i++;
            }
            String digits = hex.substring(i);
            if (digits.length() > 16) {
                return null;
            }
            return digits.isEmpty() ? 0L : Long.parseUnsignedLong(digits, 16);
        }

        void printStrLiteral() {
            String hex = hexNibbles();
            if (hex.length() % 2 != 0) {
                throw invalid();
            }
            byte[] bytes = new byte[hex.length() / 2];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }
            String text;
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
                text = chars.toString();
            } catch (CharacterCodingException e) {
                throw invalid();
            }
            printQuoted('"', text.codePoints().toArray());
        }

        /** Quotes like Rust's {@code {:?}}: escapes, except the other kind of quote. */
        void printQuoted(char quote, int[] codePoints) {
            StringBuilder sb = new StringBuilder().append(quote);
            for (int cp : codePoints) {
                if ((quote == '\'' && cp == '"') || (quote == '"' && cp == '\'')) {
                    sb.append((char) cp);
                } else {
                    appendEscapedDebug(sb, cp);
                }
            }
            print(sb.append(quote).toString());
        }
    }

    /** An approximation of Rust's {@code char::escape_debug}. */
    private static void appendEscapedDebug(StringBuilder sb, int cp) {
        switch (cp) {
            case 0: sb.append("\\0"); return;
            case '\t': sb.append("\\t"); return;
            case '\r': sb.append("\\r"); return;
            case '\n': sb.append("\\n"); return;
            case '\\': sb.append("\\\\"); return;
            case '\'': sb.append("\\'"); return;
            case '"': sb.append("\\\""); return;
            default:
                break;
        }
        int type = Character.getType(cp);
        boolean escape = type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || (type == Character.SPACE_SEPARATOR && cp != ' ')
                || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
        if (escape) {
            sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
        } else {
            sb.appendCodePoint(cp);
        }
    }
}
