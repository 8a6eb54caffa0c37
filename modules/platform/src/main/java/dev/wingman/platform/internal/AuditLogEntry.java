package dev.wingman.platform.internal;

import dev.wingman.platform.api.IdentifiedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import org.hibernate.annotations.Immutable;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.Map;

/**
 * One audit entry, written once and never changed: {@code @Immutable}, so Hibernate never compares
 * its JSON details with a copy read back (whose numbers may differ in type) and updates nothing.
 */
@Entity
@Immutable
@Table(name = "audit_log")
public class AuditLogEntry extends IdentifiedEntity {

    @Column(name = "actor_id")
    String actorId;

    @Column(name = "actor_email")
    String actorEmail;

    @Column(name = "scope_type")
    String scopeType;

    @Column(name = "scope_id")
    String scopeId;

    @Column(nullable = false)
    String action;

    @Column(name = "target_type")
    String targetType;

    @Column(name = "target_id")
    String targetId;

    /** A jsonb object; read back as JSON-B reads one (numbers as BigDecimal, objects as maps). */
    @Column(nullable = false)
    @JdbcTypeCode(SqlTypes.JSON)
    Map<String, Object> details;

    String ip;

    @Column(name = "request_id")
    String requestId;

}
