package io.github.rustinstruments.maven.workflow;

import io.github.rustinstruments.maven.BuildLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One owner per run directory at a time, across builds and threads: a lock on {@code <run>/.lock}, held from the
 * start of a recording until its summary set is written, so that two builds never mix their figures. The lock file
 * names its holder, for the message of whoever waits; the operating system releases the lock when its process dies.
 */
public final class RunDirectoryLock implements AutoCloseable {
    static final String FILE = ".lock";
    private static final Duration POLL = Duration.ofMillis(200);
    /** Locks held by this JVM: a second FileChannel lock in one JVM throws instead of waiting. */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private RunDirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the run directory's lock, waiting while another build holds it.
     *
     * @param holder  who takes it, for the message of whoever waits next (e.g. the goal and the project)
     * @param maxWait how long to wait before giving up
     * @throws WorkflowException when another build still holds it after {@code maxWait}, naming that build
     */
    public static RunDirectoryLock acquire(Path runDirectory, String holder, Duration maxWait, BuildLog log)
            throws WorkflowException, IOException {
        Path directory = runDirectory.toAbsolutePath().normalize();
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE);
        Instant deadline = Instant.now().plus(maxWait);
        boolean told = false;
        while (true) {
            if (HELD_HERE.add(directory)) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                try {
                    FileLock lock = channel.tryLock();
                    if (lock != null) {
                        channel.truncate(0);
                        channel.write(ByteBuffer.wrap((holder + ", process " + ProcessHandle.current().pid()
                                + ", since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                        return new RunDirectoryLock(directory, channel, lock);
                    }
                } catch (OverlappingFileLockException e) {
                    // held through another channel of this JVM: wait like for another process
                } catch (IOException | RuntimeException e) {
                    HELD_HERE.remove(directory);
                    channel.close();
                    throw e;
                }
                channel.close();
                HELD_HERE.remove(directory);
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new WorkflowException("the run directory " + directory + " is still in use by another build ("
                        + holderOf(file) + ") after waiting " + maxWait.toSeconds() + " s; let it finish, or give"
                        + " this build its own <outputDirectory> or run name");
            }
            if (!told) {
                log.info("Waiting for " + directory + ": another build is recording this run (" + holderOf(file)
                        + ")");
                told = true;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the lock of " + directory, e);
            }
        }
    }

    private static String holderOf(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "holder unknown" : text;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
            HELD_HERE.remove(directory);
        }
    }
}
