package dev.wingman.platform.api;

import jakarta.inject.Qualifier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The panel's one transaction-scoped persistence context, shared by every bean: inject it with
 * {@code @Inject @PanelPersistence EntityManager em}, never with {@code @PersistenceContext}.
 *
 * <p>Helidon gives each {@code @PersistenceContext} injection point a persistence context of its
 * own in a JTA transaction, and so a pool connection of its own: a transaction that passed through
 * five beans (an order, its coupon, the account, the outbox, the audit trail) held five
 * connections, and four such requests at once took a pool of ten and waited on each other until
 * the pool's timeout. Shared, a transaction holds one connection, and entities loaded by one bean
 * are the same objects in the next, as a Jakarta EE container propagates them.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface PanelPersistence {
}
