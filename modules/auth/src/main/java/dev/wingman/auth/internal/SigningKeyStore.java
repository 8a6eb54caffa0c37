package dev.wingman.auth.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.logging.Logger;

/** The generated session signing key pair, kept in PostgreSQL so every instance signs alike. */
@ApplicationScoped
public class SigningKeyStore {
    private static final Logger LOG = Logger.getLogger(SigningKeyStore.class.getName());

    @PersistenceContext(unitName = "wingman")
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String[] loadOrCreate(String keyId) {
        SigningKey stored = em.find(SigningKey.class, keyId);
        if (stored == null) {
            KeyPair generated = generate();
            // Several instances may start at once: the first insert wins and everybody reads it back.
            em.createNativeQuery("insert into signing_keys (id, private_key, public_key) values (?1, ?2, ?3) on conflict (id) do nothing")
                    .setParameter(1, keyId)
                    .setParameter(2, pem("PRIVATE KEY", generated.getPrivate().getEncoded()))
                    .setParameter(3, pem("PUBLIC KEY", generated.getPublic().getEncoded()))
                    .executeUpdate();
            em.flush();
            em.clear();
            stored = em.find(SigningKey.class, keyId);
            LOG.info("Generated the session signing key and stored it in the database; set wingman.auth.jwt.private-key "
                    + "and public-key to manage it yourself");
        }
        return new String[] {stored.privateKey, stored.publicKey};
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

}
