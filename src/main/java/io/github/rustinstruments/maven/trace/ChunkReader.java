package io.github.rustinstruments.maven.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on a thread of its own (typically a decompressor, the costly half of reading a recording) into
 * chunks handed over through a bounded queue, so that producing the bytes and parsing them run on two cores at
 * once. Memory is bounded: a fixed set of chunks circulates between the two threads.
 *
 * <p>Not thread-safe: one consumer calls {@link #next()} and finally {@link #close()}. Whatever the stream throws
 * is rethrown by {@link #next()} after the bytes read before it, in the consumer's thread.
 */
final class ChunkReader implements AutoCloseable {

    /** A piece of the stream: {@code data[0..length)}. */
    static final class Chunk {
        final byte[] data;
        int length;
        Throwable failure;

        Chunk(byte[] data) {
            this.data = data;
        }
    }

    private static final Chunk END = new Chunk(new byte[0]);

    private final InputStream in;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<Chunk> empty;
    private final Thread thread;
    private volatile boolean closed;
    private Chunk current;
    private boolean ended;

    /**
     * @param chunkSize bytes per chunk
     * @param chunks    chunks in circulation (at least 2): the memory used is about {@code chunkSize * chunks}
     */
    ChunkReader(InputStream in, int chunkSize, int chunks, String threadName) {
        this.in = in;
        // room for every chunk plus the end marker, so that the producer never blocks on a full queue after an error
        this.filled = new ArrayBlockingQueue<>(chunks + 1);
        this.empty = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            empty.add(new Chunk(new byte[chunkSize]));
        }
        this.thread = new Thread(this::produce, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The next chunk, never empty, or {@code null} at the end of the stream. The previous chunk may be reused from
     * now on.
     */
    Chunk next() throws IOException {
        if (current != null) {
            empty.add(current);
            current = null;
        }
        if (ended) {
            return null;
        }
        Chunk chunk;
        try {
            chunk = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the recording");
        }
        if (chunk == END) {
            ended = true;
            return null;
        }
        if (chunk.failure != null) {
            ended = true;
            throw rethrow(chunk.failure);
        }
        current = chunk;
        return chunk;
    }

    private static IOException rethrow(Throwable failure) {
        if (failure instanceof IOException e) {
            return e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }

    private void produce() {
        try {
            while (!closed) {
                Chunk chunk = empty.take();
                int n = 0;
                Throwable failure = null;
                try {
                    while (n < chunk.data.length) {
                        int read = in.read(chunk.data, n, chunk.data.length - n);
                        if (read < 0) {
                            break;
                        }
                        n += read;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                }
                if (n > 0) {
                    chunk.length = n;
                    filled.put(chunk);
                } else {
                    empty.add(chunk);
                }
                if (failure != null) {
                    Chunk fail = new Chunk(new byte[0]);
                    fail.failure = failure;
                    filled.put(fail);
                    return;
                }
                if (n < chunk.data.length) {
                    filled.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the consumer
        }
    }

    /** Stops the reading thread (if it still runs) and waits for it briefly; the stream itself is left open. */
    @Override
    public void close() {
        closed = true;
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
