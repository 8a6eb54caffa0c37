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

    private static InetSocketAddress address(String server) {
        int colon = server.lastIndexOf(':');
        boolean hasPort = colon > 0 && server.indexOf(':') == colon; // an IPv6 address without a port has several
        String host = hasPort ? server.substring(0, colon) : server;
        int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
        return new InetSocketAddress(host.replaceAll("^\\[|]$", ""), port);
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
