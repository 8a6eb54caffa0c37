package dev.wingman.testkit.api;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DNS server on UDP at 127.0.0.1 that answers TXT queries from what a test published: real
 * DNS messages on the wire, NXDOMAIN for names it does not know, and SERVFAIL while told to fail.
 */
public final class FakeDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<Name, List<String>> txt = new ConcurrentHashMap<>();
    private volatile boolean failing;
    private final Thread server;

    private FakeDns() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server = Thread.ofPlatform().daemon().name("fake-dns").start(this::serve);
    }

    public static FakeDns start() {
        try {
            return new FakeDns();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:port}, the form {@code wingman.dns.verification.resolvers} takes. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Adds a TXT record (several may share a name). */
    public void publishTxt(String name, String value) {
        txt.computeIfAbsent(name(name), n -> new CopyOnWriteArrayList<>()).add(value);
    }

    public void failing(boolean failing) {
        this.failing = failing;
    }

    private static Name name(String name) {
        try {
            return Name.fromString(name.toLowerCase(java.util.Locale.ROOT), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] answer = answer(new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()))).toWire(512);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        if (failing) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        Name asked = name(question.getName().toString());
        List<String> values = txt.get(asked);
        if (values == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (question.getType() == Type.TXT) {
            values.forEach(v -> response.addRecord(new TXTRecord(question.getName(), DClass.IN, 60, v), Section.ANSWER));
        }
        return response;
    }

    @Override
    public void close() {
        socket.close();
        try {
            server.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
