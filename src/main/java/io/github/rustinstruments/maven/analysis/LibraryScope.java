package io.github.rustinstruments.maven.analysis;

import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.symbols.JniNames;
import io.github.rustinstruments.maven.symbols.RustDemangler;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.HeaptrackReader;
import io.github.rustinstruments.maven.trace.PerfMap;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.ScopedTotals;
import io.github.rustinstruments.maven.trace.StackCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Which allocations of a JVM belong to a native library (a Rust cdylib loaded through JNI or FFM), and through
 * which Java entry point they were made.
 *
 * <p>An allocation belongs to the library when the innermost frame of its stack that is not allocator plumbing
 * ({@link AllocatorFrames#isAllocatorFrame}: malloc and friends, Rust's {@code alloc} shims) lies in one of the
 * library's modules. So Rust std code compiled into the library counts as the library's (same module), while the
 * JVM's own mallocs during a JNI callback ({@code NewStringUTF}, {@code GetStringUTFChars} called by the library:
 * the innermost real frame is in {@code libjvm.so}) do not. A stack made of plumbing only is judged by its
 * innermost frame, as {@link AllocatorFrames#fold} keeps such a stack whole.
 *
 * <p>Modules are matched by file name: heaptrack records the path the object was mapped from, which is wherever
 * {@code java.library.path} pointed, not where the build left it.
 *
 * <p>Thread-safe; frames are judged once each and remembered.
 */
public final class LibraryScope {

    /** How the code of an entry point was reached. */
    public enum Via {
        /** A JNI native method: {@code Java_…} symbol, decoded into the Java method. */
        JNI,
        /** An exported function called straight from the JVM's generated code: an FFM downcall (or JNA and the like). */
        DOWNCALL,
        /** Called from named native code: a thread the library started, or another native library. */
        NATIVE,
        /** The recorded stack ends inside the library (heaptrack keeps at most 64 frames, or unwinding stopped). */
        UNKNOWN
    }

    /**
     * Where Java called into the library for one stack.
     *
     * @param method     the Java method of a JNI entry ({@code com.example.Codec.leakBlocks}, with its parameter
     *                   types when the symbol has the overloaded form), else the demangled name of the library's
     *                   outermost frame ({@code leaky_sum}); {@code null} when that frame has no name
     * @param via        how the library was entered
     * @param javaCaller the Java code that called it, when the JVM's generated code is named (see
     *                   {@link #entryPoint(List, IntFunction)}): a compiled method
     *                   ({@code com.example.Main.hot(int)}) or {@value PerfMap#INTERPRETED}; {@code null} when unknown
     */
    public record EntryPoint(String method, Via via, String javaCaller) {}

    /**
     * Library-scoped figures of a profile.
     *
     * @param allocations          allocations made by the library
     * @param allocatedBytes       bytes they requested
     * @param temporaryAllocations approximate in a JVM: read with this scope, heaptrack's rule applied to the
     *                             library's own events (freed before the library's next allocation; see
     *                             {@link ScopedTotals#temporaryAllocations()}); else heaptrack's temporaries of the
     *                             library's stacks, where the next allocation of any of the JVM's threads counts;
     *                             {@code null} when the recording cannot give it (Instruments' Allocations List), or
     *                             the profile has no temporaries
     * @param leakedBytes          bytes the library allocated and never freed (after heaptrack's suppressions)
     * @param leakedBlocks         blocks the library allocated and never freed
     * @param bytesAtProcessPeak   the library's live bytes at the moment of the whole process's heap peak; {@code null}
     *                             when that peak is unknown
     * @param stacks               stacks that belong to the library
     * @param peakBytes            the peak of the library's own live bytes, followed while the recording was read
     *                             ({@link LibraryScope#read}); {@code null} for a profile read without this scope, whose
     *                             per-stack figures cannot give it ({@code bytesAtProcessPeak} is only a lower bound)
     * @param peakTimeMillis       when that peak was reached (see {@link Profile#peakTimeMillis()}); {@code null}
     *                             when unknown
     * @param possiblyCutStacks    the library's stacks that heaptrack may have cut ({@link StackCost#possiblyCut()}):
     *                             their Java entry point may be missing
     */
    public record Totals(long allocations, long allocatedBytes, Long temporaryAllocations, long leakedBytes,
            long leakedBlocks, Long bytesAtProcessPeak, int stacks, Long peakBytes, Long peakTimeMillis,
            int possiblyCutStacks) {

        /** Sums over the stacks alone: no peak of the library's own. */
        public Totals(long allocations, long allocatedBytes, long temporaryAllocations, long leakedBytes,
                long leakedBlocks, long bytesAtProcessPeak, int stacks) {
            this(allocations, allocatedBytes, temporaryAllocations, leakedBytes, leakedBlocks, bytesAtProcessPeak,
                    stacks, null, null, 0);
        }
    }

    /** Classifies frames for the plumbing check only: no user crates are needed to know malloc. */
    private static final FrameClassifier PLUMBING_CLASSIFIER = new FrameClassifier(Set.of(), List.of());

    /** Names of the JVM's own code on the FFM and method-handle path, never the Java caller a user looks for. */
    private static final List<String> INVOKE_MACHINERY = List.of("java.lang.invoke.", "jdk.internal.foreign.");

    private final Set<String> fileNames;
    private final Map<Frame, Boolean> plumbing = new ConcurrentHashMap<>();

    private LibraryScope(Set<String> fileNames) {
        this.fileNames = fileNames;
    }

    /**
     * A scope for modules given by file name ({@code libleaky_jni.so}), by path (only the file name counts), or
     * by library name as {@code System.loadLibrary} takes it ({@code leaky_jni}: {@code libleaky_jni.so},
     * {@code libleaky_jni.dylib} or {@code leaky_jni.dll}).
     */
    public static LibraryScope of(Collection<String> modules) {
        Objects.requireNonNull(modules, "modules");
        Set<String> names = new LinkedHashSet<>();
        for (String module : modules) {
            String name = fileName(module);
            if (name == null) {
                continue;
            }
            names.add(name);
            if (name.indexOf('.') < 0) {
                names.add("lib" + name + ".so");
                names.add("lib" + name + ".dylib");
                names.add(name + ".dll");
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no library module named: " + modules);
        }
        return new LibraryScope(Set.copyOf(names));
    }

    /**
     * A scope for library files: their names and, for a symbolic link, the name of the file it leads to (the
     * loader maps, and heaptrack records, the target).
     */
    public static LibraryScope ofFiles(Collection<Path> files) {
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            names.add(file.toString());
            try {
                if (Files.exists(file)) {
                    names.add(file.toRealPath().toString());
                }
            } catch (IOException e) {
                // the given name still counts
            }
        }
        return of(names);
    }

    /** The module file names that count as the library. */
    public Set<String> fileNames() {
        return fileNames;
    }

    /** Whether {@code module} (a path as heaptrack records it, or a file name) is one of the library's. */
    public boolean isLibraryModule(String module) {
        String name = fileName(module);
        return name != null && fileNames.contains(name);
    }

    /** Whether any frame of any stack of {@code profile} lies in the library: if none does, say so. */
    public boolean appearsIn(Profile profile) {
        for (StackCost stack : stacks(profile)) {
            for (Frame frame : stack.frames()) {
                if (isLibraryModule(frame.module())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The index (innermost first) of the frame that made the allocation: the innermost frame that is not allocator
     * plumbing, or frame 0 when all are; -1 for an empty stack.
     */
    public int allocatingFrame(List<Frame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (!isPlumbing(frames.get(i))) {
                return i;
            }
        }
        return frames.isEmpty() ? -1 : 0;
    }

    /** Whether the allocations of a stack (innermost first) are the library's. */
    public boolean contains(List<Frame> frames) {
        int at = allocatingFrame(frames);
        return at >= 0 && isLibraryModule(frames.get(at).module());
    }

    /** {@link #contains} as the scope {@link HeaptrackReader#read(Path, Predicate)} takes. */
    public Predicate<List<Frame>> predicate() {
        return this::contains;
    }

    /**
     * Reads a heaptrack recording with this scope, so that {@link #totals} has the library's own peak: the whole
     * process's figures as {@link HeaptrackReader#read(Path)} gives them, and {@link Profile#scope()}.
     */
    public Profile read(Path recording) throws IOException {
        return HeaptrackReader.read(recording, predicate());
    }

    /** {@link #entryPoint(List, IntFunction)} without names for the JVM's generated code. */
    public EntryPoint entryPoint(List<Frame> frames) {
        return entryPoint(frames, index -> null);
    }

    /**
     * {@link #entryPoint(List, IntFunction)} with the JVM's generated code named from its perf map, by the
     * addresses heaptrack recorded for the frames it could not name ({@link Frame#address()}).
     *
     * @param javaCode the perf map of the JVM that made the recording ({@link PerfMap#empty()} when it wrote none)
     */
    public EntryPoint entryPoint(List<Frame> frames, PerfMap javaCode) {
        Objects.requireNonNull(javaCode, "javaCode");
        return entryPoint(frames, index -> {
            Frame frame = frames.get(index);
            return frame.hasAddress() ? javaCode.javaFrame(frame.address()) : null;
        });
    }

    /**
     * Where Java entered the library on a stack of the library's (see {@link #contains}); {@code null} for other
     * stacks. The entry is the library's JNI frame nearest outward from the allocating frame (a callback can nest
     * JNI calls); without one, the outermost frame of that run of library frames.
     *
     * @param frames     innermost first
     * @param javaFrames what the unnamed frame at an index of {@code frames} is as Java: a compiled method,
     *                   {@value PerfMap#INTERPRETED}, or {@code null} for a stub or unknown code (as
     *                   {@link PerfMap#javaFrame} answers for the frame's address)
     */
    public EntryPoint entryPoint(List<Frame> frames, IntFunction<String> javaFrames) {
        int at = allocatingFrame(frames);
        if (at < 0 || !isLibraryModule(frames.get(at).module())) {
            return null;
        }
        int outermost = at;
        for (int i = at; i < frames.size() && isLibraryModule(frames.get(i).module()); i++) {
            Frame frame = frames.get(i);
            String jni = JniNames.javaMethodOf(symbol(frame.function()));
            if (jni != null) {
                return new EntryPoint(jni, Via.JNI, javaCaller(frames, i + 1, javaFrames, jni));
            }
            outermost = i;
        }
        String name = null;
        for (int i = outermost; i >= at && name == null; i--) {
            name = demangled(frames.get(i).function());
        }
        int after = outermost + 1;
        if (after == frames.size()) {
            return new EntryPoint(name, Via.UNKNOWN, null);
        }
        if (!isUnnamed(frames.get(after))) {
            return new EntryPoint(name, Via.NATIVE, null);
        }
        return new EntryPoint(name, Via.DOWNCALL, javaCaller(frames, after, javaFrames, null));
    }

    /**
     * The library-scoped figures of {@code profile}. Read with this scope ({@link #read}, or any reading with
     * {@link #predicate()}), they are the reader's, the library's own peak included; else sums over the stacks,
     * without that peak: per-stack figures do not say when their bytes were live.
     *
     * @throws IllegalArgumentException when the profile was read with another scope: its stacks' {@code inScope}
     *                                  disagree with this scope
     */
    public Totals totals(Profile profile) {
        ScopedTotals scoped = profile.scope();
        if (scoped != null) {
            int cut = 0;
            for (StackCost stack : stacks(profile)) {
                if (stack.inScope() != contains(stack.frames())) {
                    throw new IllegalArgumentException("the profile was read with another scope than the library "
                            + fileNames + ": a stack " + (stack.inScope() ? "in" : "outside") + " its scope is"
                            + (stack.inScope() ? " not" : "") + " the library's");
                }
                if (stack.inScope() && stack.possiblyCut()) {
                    cut++;
                }
            }
            return new Totals(scoped.allocations(), scoped.allocatedBytes(), scoped.temporaryAllocations(),
                    scoped.leakedBytes(), scoped.leakedBlocks(), scoped.bytesAtProcessPeak(), scoped.stacks(),
                    scoped.peakBytes(), scoped.peakTimeMillis(), cut);
        }
        long allocations = 0;
        long bytes = 0;
        long temporary = 0;
        long leaked = 0;
        long leakedBlocks = 0;
        long atPeak = 0;
        int count = 0;
        int cut = 0;
        for (StackCost stack : stacks(profile)) {
            if (!contains(stack.frames())) {
                continue;
            }
            count++;
            if (stack.possiblyCut()) {
                cut++;
            }
            allocations += stack.allocations();
            bytes += stack.allocatedBytes();
            temporary += stack.temporaryAllocations();
            leaked += stack.leakedBytes();
            leakedBlocks += stack.leakedBlocks();
            atPeak += stack.peakBytes();
        }
        // the stacks' temporaries and peak shares mean something only when the profile has those figures at all
        return new Totals(allocations, bytes, profile.temporaryAllocations() == null ? null : temporary, leaked,
                leakedBlocks, profile.peakHeapBytes() == null ? null : atPeak, count, null, null, cut);
    }

    /**
     * The first Java frame outward from {@code from} through the JVM's unnamed generated code, skipping stubs,
     * the native method's own compiled wrapper ({@code self}) and the method-handle machinery of downcalls.
     */
    private static String javaCaller(List<Frame> frames, int from, IntFunction<String> javaFrames, String self) {
        String selfName = self == null ? null : withoutParameters(self);
        for (int i = from; i < frames.size() && isUnnamed(frames.get(i)); i++) {
            String java = javaFrames.apply(i);
            if (java == null) {
                continue;
            }
            if (PerfMap.INTERPRETED.equals(java)) {
                return java;
            }
            String name = withoutParameters(java);
            if (name.equals(selfName) || INVOKE_MACHINERY.stream().anyMatch(name::startsWith)) {
                continue;
            }
            return java;
        }
        return null;
    }

    private boolean isPlumbing(Frame frame) {
        if (frame.function() == null) {
            return false;
        }
        return plumbing.computeIfAbsent(frame, f ->
                AllocatorFrames.isAllocatorFrame(ProfileAnalysis.resolve(f, PLUMBING_CLASSIFIER, false)));
    }

    /** A frame heaptrack could not place in any module: the JVM's generated code (or a failed lookup). */
    private static boolean isUnnamed(Frame frame) {
        return frame.module() == null && frame.function() == null;
    }

    /** A JNI symbol as recorded: heaptrack may add C++-style decorations after a space or a parenthesis. */
    private static String symbol(String function) {
        if (function == null) {
            return null;
        }
        String f = function.trim();
        int end = f.length();
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == ' ' || c == '(') {
                end = i;
                break;
            }
        }
        return f.substring(0, end);
    }

    private static String demangled(String function) {
        if (function == null || function.isBlank()) {
            return null;
        }
        return RustDemangler.demangle(function.trim(), false);
    }

    private static String withoutParameters(String method) {
        int paren = method.indexOf('(');
        return paren < 0 ? method : method.substring(0, paren);
    }

    /** The file name of a module path, without the {@code " (deleted)"} Linux adds for a replaced file. */
    static String fileName(String module) {
        if (module == null) {
            return null;
        }
        String m = module.strip();
        if (m.endsWith(" (deleted)")) {
            m = m.substring(0, m.length() - " (deleted)".length());
        }
        int slash = Math.max(m.lastIndexOf('/'), m.lastIndexOf('\\'));
        String name = m.substring(slash + 1);
        return name.isEmpty() ? null : name;
    }

    private static List<StackCost> stacks(Profile profile) {
        return profile.stacks() == null ? List.of() : profile.stacks();
    }
}
