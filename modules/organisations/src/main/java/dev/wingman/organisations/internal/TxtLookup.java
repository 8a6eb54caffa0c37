package dev.wingman.organisations.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads TXT records straight from the configured resolvers ({@code wingman.dns.verification.resolvers},
 * {@code host} or {@code host:port}, comma-separated; unset, the machine's own), every time: no
 * cache, so a record published a minute ago is seen as soon as the resolver sees it.
 */
@ApplicationScoped
public class TxtLookup {
    @Inject
    @ConfigProperty(name = "wingman.dns.verification.resolvers")
    Optional<String> configured;

    @Inject
    @ConfigProperty(name = "wingman.dns.verification.timeout", defaultValue = "PT5S")
    Duration timeout;

    private Resolver resolver;

    /** The resolvers could not answer (timeout, SERVFAIL, refused): nothing is known about the record. */
    public static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    @PostConstruct
    void init() {
        List<String> servers = Arrays.stream(configured.orElse("").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        ExtendedResolver extended;
        if (servers.isEmpty()) {
            extended = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>();
            for (String server : servers) {
                each.add(new SimpleResolver(address(server)));
            }
            extended = new ExtendedResolver(each);
        }
        extended.setTimeout(timeout);
        resolver = extended;
    }

    /** {@code host}, {@code host:port}, an IPv6 address, or {@code [IPv6]:port}. */
    static InetSocketAddress address(String server) {
        String host = server;
        String port = null;
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            if (close < 0 || (close + 1 < server.length() && server.charAt(close + 1) != ':')) {
                throw new IllegalArgumentException("wingman.dns.verification.resolvers: '" + server + "' is not [address]:port");
            }
            host = server.substring(1, close);
            port = close + 1 < server.length() ? server.substring(close + 2) : null;
        } else if (server.indexOf(':') == server.lastIndexOf(':') && server.indexOf(':') > 0) {
            host = server.substring(0, server.indexOf(':')); // one colon: host:port (an IPv6 address has several)
            port = server.substring(server.indexOf(':') + 1);
        }
        int number;
        try {
            number = port == null ? 53 : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1 || number > 65_535) {
            throw new IllegalArgumentException("wingman.dns.verification.resolvers: '" + server + "' has no valid port");
        }
        return new InetSocketAddress(host, number);
    }

    /** The TXT values at {@code name} (each record's strings joined); empty when the name or the record does not exist. */
    public List<String> txt(String name) {
        Message answer;
        try {
            answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.TXT, DClass.IN)));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        } catch (IOException e) {
            throw new Failed("The DNS lookup of " + name + " failed: " + e.getMessage());
        }
        int rcode = answer.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new Failed("The DNS lookup of " + name + " failed: the resolver answered " + Rcode.string(rcode));
        }
        // A CNAME at the name (delegating the challenge elsewhere) is followed by the resolver; its TXT answers count.
        return answer.getSection(Section.ANSWER).stream()
                .filter(TXTRecord.class::isInstance)
                .map(r -> String.join("", ((TXTRecord) r).getStrings()))
                .toList();
    }
}
