package dev.wingman.auth.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * The generated session signing key pair, kept in PostgreSQL so every instance signs alike. The
 * private key is stored sealed with the secrets key ({@link SecretBox}), like every other secret the
 * panel keeps; a row written in clear by an older version is sealed the first time it is loaded.
 */
@ApplicationScoped
public class SigningKeyStore {
    private static final Logger LOG = Logger.getLogger(SigningKeyStore.class.getName());

    private static final String PEM_START = "-----BEGIN";

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    SecretBox secrets;

    /** The pair as PEM (PKCS#8 private key, X.509 public key), generating and storing one if there is none. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String[] loadOrCreate(String keyId) {
        SigningKey stored = em.find(SigningKey.class, keyId);
        if (stored == null) {
            KeyPair generated = generate();
            // Several instances may start at once: the first insert wins and everybody reads it back.
            em.createNativeQuery("insert into signing_keys (id, private_key, public_key) values (?1, ?2, ?3) on conflict (id) do nothing")
                    .setParameter(1, keyId)
                    .setParameter(2, secrets.seal(pem("PRIVATE KEY", generated.getPrivate().getEncoded())))
                    .setParameter(3, pem("PUBLIC KEY", generated.getPublic().getEncoded()))
                    .executeUpdate();
            em.flush();
            em.clear();
            stored = em.find(SigningKey.class, keyId);
            LOG.info("Generated the session signing key and stored it in the database; set wingman.auth.jwt.private-key "
                    + "and public-key to manage it yourself");
        }
        String privateKey = stored.privateKey;
        if (privateKey.strip().startsWith(PEM_START)) {
            // Stored in clear before keys were sealed. The condition keeps one sealing when several instances start at once.
            em.createNativeQuery("update signing_keys set private_key = ?1 where id = ?2 and private_key = ?3")
                    .setParameter(1, secrets.seal(privateKey)).setParameter(2, keyId).setParameter(3, privateKey)
                    .executeUpdate();
            LOG.info("Sealed the stored session signing key with the secrets key");
        } else {
            privateKey = secrets.open(privateKey);
        }
        return new String[] {privateKey, stored.publicKey};
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
