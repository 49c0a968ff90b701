package io.github.rustinstruments.maven.trace;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The table of contents of an Instruments trace, as {@code xcrun xctrace export --input T.trace --toc} writes it:
 * <pre>
 * &lt;trace-toc&gt;&lt;run number="1"&gt;
 *   &lt;info&gt;
 *     &lt;target&gt;&lt;device .../&gt;&lt;process type="launched" name="app" pid="123" return-exit-status="0"
 *       termination-reason="exit(0)"/&gt;&lt;/target&gt;
 *     &lt;summary&gt;&lt;start-date&gt;...&lt;/start-date&gt;&lt;duration&gt;2.35&lt;/duration&gt;
 *       &lt;end-reason&gt;Target app exited&lt;/end-reason&gt;&lt;template-name&gt;Allocations&lt;/template-name&gt;
 *       ...&lt;/summary&gt;
 *   &lt;/info&gt;
 *   &lt;processes&gt;...&lt;/processes&gt;&lt;data&gt;&lt;table schema="..."/&gt;...&lt;/data&gt;
 *   &lt;tracks&gt;&lt;track name="Allocations"&gt;&lt;details&gt;&lt;detail name="Statistics" kind="table"/&gt;...
 * &lt;/run&gt;&lt;/trace-toc&gt;
 * </pre>
 * Read with StAX, by element and attribute name; unknown elements are skipped. A figure the TOC lacks is
 * {@code null}.
 *
 * @param file the file read
 * @param runs every {@code <run>}, in file order (one per recording; {@code xctrace record --append-run} adds more)
 */
public record XctraceToc(Path file, List<Run> runs) {

    /** {@code <end-reason>} when the launched program ended by itself. */
    public static final String TARGET_APP_EXITED = "Target app exited";
    /** {@code <end-reason>} when {@code --time-limit} ended the recording. */
    public static final String TIME_LIMIT_REACHED = "Time limit reached";
    /** {@code <end-reason>} when the recording was stopped (Ctrl-C, or Stop in Instruments). */
    public static final String USER_PRESSED_STOP = "User pressed Stop";

    public static final String ALLOCATIONS = "Allocations";
    public static final String LEAKS = "Leaks";

    private static final Pattern SECONDS = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(?:s|sec|seconds?)?");
    private static final String CLOSING_TAG = "</trace-toc>";

    public XctraceToc {
        runs = List.copyOf(runs);
    }

    /**
     * One recording.
     *
     * @param number             {@code <run number=>}
     * @param templateName       {@code <summary><template-name>}, e.g. {@code Allocations}; {@code null} when absent
     * @param endReason          {@code <summary><end-reason>}: {@link #TARGET_APP_EXITED}, {@link #TIME_LIMIT_REACHED},
     *                           {@link #USER_PRESSED_STOP} or whatever a newer xctrace writes; {@code null} when absent
     * @param durationMillis     {@code <summary><duration>} (seconds) in milliseconds, rounded; {@code null} when absent
     * @param timeLimit          {@code <summary><time-limit>} as written, e.g. {@code 1 minute}; {@code null} when absent
     * @param instrumentsVersion {@code <summary><instruments-version>}; {@code null} when absent
     * @param startDate          {@code <summary><start-date>} as written (ISO 8601); {@code null} when absent
     * @param processName        the target's {@code name}; {@code null} when absent
     * @param pid                the target's {@code pid}; {@code null} when absent
     * @param processType        the target's {@code type}: {@code launched} or {@code attached}; {@code null} when absent
     * @param returnExitStatus   the target's {@code return-exit-status}; {@code null} when absent (still running, or
     *                           ended by a signal)
     * @param terminationReason  the target's {@code termination-reason}, e.g. {@code exit(0)}; {@code null} when absent
     * @param tracks             {@code <tracks><track>}, in file order
     */
    public record Run(Integer number, String templateName, String endReason, Long durationMillis, String timeLimit,
            String instrumentsVersion, String startDate, String processName, Integer pid, String processType,
            Integer returnExitStatus, String terminationReason, List<Track> tracks) {

        public Run {
            tracks = List.copyOf(tracks);
        }

        /** The track of that name, if any. */
        public Optional<Track> track(String name) {
            return tracks.stream().filter(t -> name.equals(t.name())).findFirst();
        }

        /** Whether the run has a Leaks track. */
        public boolean hasLeaks() {
            return track(LEAKS).isPresent();
        }

        /** The detail names of the Allocations track ({@code Statistics}, {@code Allocations List}, ...); empty if none. */
        public List<String> allocationsDetails() {
            return track(ALLOCATIONS).map(Track::details).orElse(List.of());
        }

        /** The detail names of the Leaks track ({@code Leaks}, ...); empty if none. */
        public List<String> leaksDetails() {
            return track(LEAKS).map(Track::details).orElse(List.of());
        }

        public boolean timeLimitReached() {
            return TIME_LIMIT_REACHED.equals(endReason);
        }
    }

    /**
     * One {@code <track>} and the names of its {@code <details><detail>}.
     *
     * @param name    e.g. {@code Allocations}
     * @param details e.g. {@code [Statistics, Allocations List]}
     */
    public record Track(String name, List<String> details) {
        public Track {
            details = List.copyOf(details);
        }
    }

    /** The last run: the recording this plugin just made (a trace it records has exactly one). */
    public Run lastRun() {
        return runs.get(runs.size() - 1);
    }

    /** The run with that number, if any. */
    public Optional<Run> run(int number) {
        return runs.stream().filter(r -> r.number() != null && r.number() == number).findFirst();
    }

    /**
     * Reads a TOC.
     *
     * @throws RecordingFormatException the file is empty, not a TOC (another export, unrelated XML), has no
     *                                  {@code <run>}, or is cut off
     */
    public static XctraceToc read(Path tocXml) throws IOException {
        XctraceExportReader.checkFile(tocXml);
        Parser parser = new Parser(tocXml);
        return XmlFiles.read(tocXml, r -> new XctraceToc(tocXml, parser.parse(r)), parser::explain);
    }

    /** {@code <duration>}: seconds with a fraction, e.g. {@code 5.892702}; {@code null} when it is none. */
    static Long parseDurationMillis(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = SECONDS.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        return new BigDecimal(m.group(1)).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValue();
    }

    private static Integer parseInt(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** One pass over one file, keeping the path of open elements. */
    private static final class Parser {
        private final Path file;
        private boolean sawRoot;
        private final Deque<String> path = new ArrayDeque<>();
        private final List<Run> runs = new ArrayList<>();
        private RunBuilder run;
        private String trackName;
        private List<String> trackDetails;

        Parser(Path file) {
            this.file = file;
        }

        List<Run> parse(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw notToc("it has a document type declaration, which xctrace never writes");
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    end(r.getLocalName());
                    continue;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                if (!sawRoot) {
                    sawRoot = true;
                    if (!name.equals("trace-toc")) {
                        throw notToc("its root element is <" + name + ">"
                                + (name.equals("trace-query-result") ? " (an --xpath export, not --toc)" : ""));
                    }
                    path.push(name);
                    continue;
                }
                String parent = path.peek();
                if (start(r, name, parent)) {
                    continue; // the element was read to its end
                }
                path.push(name);
            }
            if (!sawRoot) {
                throw notToc("it has no root element");
            }
            if (!path.isEmpty()) {
                throw truncated();
            }
            if (runs.isEmpty()) {
                throw notToc("it has no <run>: the trace holds no recording");
            }
            return runs;
        }

        /** Handles a start tag; {@code true} when it consumed the element up to its end tag. */
        private boolean start(XMLStreamReader r, String name, String parent)
                throws XMLStreamException, RecordingFormatException {
            if (name.equals("run") && "trace-toc".equals(parent)) {
                run = new RunBuilder();
                run.number = parseInt(r.getAttributeValue(null, "number"));
                return false;
            }
            if (run == null) {
                return false;
            }
            if (name.equals("process") && "target".equals(parent) && path.size() >= 3
                    && "info".equals(grandParent())) {
                run.processName = XctraceExportReader.blankToNull(r.getAttributeValue(null, "name"));
                run.pid = parseInt(r.getAttributeValue(null, "pid"));
                run.processType = XctraceExportReader.blankToNull(r.getAttributeValue(null, "type"));
                run.returnExitStatus = parseInt(r.getAttributeValue(null, "return-exit-status"));
                run.terminationReason = XctraceExportReader.blankToNull(
                        r.getAttributeValue(null, "termination-reason"));
                return false;
            }
            if ("summary".equals(parent)) {
                switch (name) {
                    case "template-name" -> run.templateName = text(r);
                    case "end-reason" -> run.endReason = text(r);
                    case "duration" -> run.durationMillis = parseDurationMillis(text(r));
                    case "time-limit" -> run.timeLimit = text(r);
                    case "instruments-version" -> run.instrumentsVersion = text(r);
                    case "start-date" -> run.startDate = text(r);
                    default -> {
                        return false;
                    }
                }
                return true;
            }
            if (name.equals("track") && "tracks".equals(parent)) {
                trackName = XctraceExportReader.blankToNull(r.getAttributeValue(null, "name"));
                trackDetails = new ArrayList<>();
                return false;
            }
            if (name.equals("detail") && "details".equals(parent) && trackDetails != null) {
                String detail = XctraceExportReader.blankToNull(r.getAttributeValue(null, "name"));
                if (detail != null) {
                    trackDetails.add(detail);
                }
                return false;
            }
            return false;
        }

        private void end(String name) {
            path.poll();
            if (name.equals("track") && trackDetails != null && run != null) {
                if (trackName != null) {
                    run.tracks.add(new Track(trackName, trackDetails));
                }
                trackName = null;
                trackDetails = null;
            } else if (name.equals("run") && run != null && "trace-toc".equals(path.peek())) {
                runs.add(run.build());
                run = null;
            }
        }

        private String grandParent() {
            var it = path.iterator();
            it.next();
            return it.next();
        }

        /** The text of a simple element (nested elements ignored); the reader ends at its end tag. */
        private String text(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            StringBuilder text = new StringBuilder();
            int depth = 1;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT && --depth == 0) {
                    return XctraceExportReader.blankToNull(text.toString());
                } else if (depth == 1 && (event == XMLStreamConstants.CHARACTERS
                        || event == XMLStreamConstants.CDATA)) {
                    text.append(r.getText());
                }
            }
            throw truncated();
        }

        private String notAToc() {
            return file + " is not an xctrace table of contents (xcrun xctrace export --input T.trace --toc)";
        }

        private RecordingFormatException notToc(String why) {
            return new RecordingFormatException(notAToc() + ": " + why);
        }

        private RecordingFormatException truncated() {
            return new RecordingFormatException(file + " ends before " + CLOSING_TAG + ": the table of contents was"
                    + " cut off (xctrace killed, or the file copied while it was written)");
        }

        RecordingFormatException explain(XMLStreamException e) throws IOException {
            return XmlFiles.explain(e, file, sawRoot, new XmlFiles.Wording(notAToc(), truncated().getMessage(),
                    file + " is not a well-formed xctrace table of contents", "", CLOSING_TAG));
        }
    }

    private static final class RunBuilder {
        Integer number;
        String templateName;
        String endReason;
        Long durationMillis;
        String timeLimit;
        String instrumentsVersion;
        String startDate;
        String processName;
        Integer pid;
        String processType;
        Integer returnExitStatus;
        String terminationReason;
        final List<Track> tracks = new ArrayList<>();

        Run build() {
            return new Run(number, templateName, endReason, durationMillis, timeLimit, instrumentsVersion, startDate,
                    processName, pid, processType, returnExitStatus, terminationReason, tracks);
        }
    }
}
