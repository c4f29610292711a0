package io.agentry.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Over a real loopback connection: a streamed call's output is flushed only before a read that would wait. */
class ProviderSocketTest {

    @Test
    void flushesOnlyBeforeAReadThatWouldWait() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        StreamingCall call = new StreamingCall(new ModelCaller.Output() {
            @Override public void delta(String text) { written.add("delta " + text); }
            @Override public void flush() { written.add("flush"); }
            @Override public void keepAlive() { written.add("keep-alive"); }
        }, Long.MAX_VALUE);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ProviderSocket socket = new ProviderSocket()) {
            socket.connect(server.getLocalSocketAddress());
            try (Socket provider = server.accept()) {
                OutputStream out = provider.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write("ab".getBytes());
                out.flush();
                while (in.available() < 2) {
                    Thread.sleep(5);
                }
                call.bind();
                try {
                    call.delta("one");
                    assertEquals('a', in.read());
                    call.delta("two");
                    assertEquals('b', in.read());
                    assertEquals(List.of("delta one", "delta two"), written, "bytes were waiting: nothing flushed");

                    Thread late = new Thread(() -> {
                        try {
                            Thread.sleep(100);
                            out.write('c');
                            out.flush();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    late.start();
                    assertEquals('c', in.read());
                    late.join();
                    assertEquals(List.of("delta one", "delta two", "flush"), written, "flushed before waiting for 'c'");

                    out.write('d');
                    out.flush();
                    while (in.available() < 1) {
                        Thread.sleep(5);
                    }
                    assertEquals('d', in.read());
                    assertEquals(3, written.size(), "nothing new to flush");
                } finally {
                    call.end();
                }
                out.write('e');
                out.flush();
                call.delta("three"); // no longer this thread's call: the socket leaves it alone
                assertEquals('e', in.read());
                assertEquals(List.of("delta one", "delta two", "flush", "delta three"), written);
            }
        }
    }
}
