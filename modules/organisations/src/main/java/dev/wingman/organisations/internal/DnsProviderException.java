package dev.wingman.organisations.internal;

/** The DNS provider refused a call or could not be reached; the message is the provider's. */
public class DnsProviderException extends RuntimeException {
    private final int providerStatus;

    public DnsProviderException(int providerStatus, String message) {
        super(message);
        this.providerStatus = providerStatus;
    }

    /** The provider's HTTP status, or 0 when it could not be reached. */
    public int providerStatus() {
        return providerStatus;
    }
}
