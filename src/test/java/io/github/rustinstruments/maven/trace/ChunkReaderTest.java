package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkReaderTest {

    @Test
    void everyByteInOrder() throws IOException {
        byte[] data = new byte[100_003];
        new Random(1).nextBytes(data);

        try (ChunkReader chunks = new ChunkReader(new ByteArrayInputStream(data), 1000, 3, "test")) {
            assertArrayEquals(data, readAll(chunks));
            assertNull(chunks.next(), "the end stays the end");
        }
    }

    @Test
    void anEmptyStream() throws IOException {
        try (ChunkReader chunks = new ChunkReader(InputStream.nullInputStream(), 1000, 2, "test")) {
            assertNull(chunks.next());
        }
    }

    @Test
    void whatTheStreamThrowsComesAfterTheBytesReadBeforeIt() throws IOException {
        IOException failure = new IOException("boom");
        InputStream failing = new InputStream() {
            private int left = 2500;

            @Override
            public int read() throws IOException {
                if (left == 0) {
                    throw failure;
                }
                left--;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    throw failure;
                }
                int n = Math.min(len, Math.min(left, 700));
                Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };

        try (ChunkReader chunks = new ChunkReader(failing, 1000, 2, "test")) {
            int bytes = 0;
            IOException thrown = null;
            try {
                for (ChunkReader.Chunk chunk; (chunk = chunks.next()) != null; ) {
                    bytes += chunk.length;
                }
            } catch (IOException e) {
                thrown = e;
            }
            assertSame(failure, thrown);
            // including the 500 bytes of the chunk the failure interrupted
            assertEquals(2500, bytes, "bytes before the failure");
        }
    }

    @Test
    void runtimeExceptionsOfTheStreamAreRethrownAsTheyAre() {
        IllegalStateException failure = new IllegalStateException("decoder bug");
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw failure;
            }
        };

        try (ChunkReader chunks = new ChunkReader(failing, 1000, 2, "test")) {
            assertSame(failure, assertThrows(IllegalStateException.class, chunks::next));
        }
    }

    @Test
    void closingEarlyStopsTheThreadThatWaitsForRoom() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }
        };

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            ChunkReader chunks = new ChunkReader(endless, 1000, 2, "test-endless");
            chunks.next();
            chunks.close();
        });
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("test-endless") && t.isAlive()), "the reading thread ended");
    }

    private static byte[] readAll(ChunkReader chunks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ChunkReader.Chunk chunk; (chunk = chunks.next()) != null; ) {
            assertTrue(chunk.length > 0);
            out.write(chunk.data, 0, chunk.length);
        }
        return out.toByteArray();
    }
}
