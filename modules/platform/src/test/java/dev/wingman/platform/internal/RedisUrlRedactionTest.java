package dev.wingman.platform.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedisUrlRedactionTest {
    @Test
    void noPartOfAPasswordIsLoggedWhateverItHolds() {
        assertEquals("redis://***@cache:6379/0", RedisConnector.redacted("redis://:s3cret@cache:6379/0"));
        // A base64 password holds "/" about half the time, and people paste "@" unencoded.
        assertEquals("redis://***@cache:6379", RedisConnector.redacted("redis://:ab/cd+ef@gh@cache:6379"));
        assertEquals("redis://cache:6379", RedisConnector.redacted("redis://cache:6379"));
    }
}
