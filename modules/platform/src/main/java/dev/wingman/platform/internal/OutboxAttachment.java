package dev.wingman.platform.internal;

import dev.wingman.platform.api.IdentifiedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A file attached to a message in the outbox, in its place among the message's attachments. */
@Entity
@Table(name = "mail_outbox_attachments")
public class OutboxAttachment extends IdentifiedEntity {
    @Column(name = "mail_id", nullable = false, updatable = false)
    String mailId;
    @Column(nullable = false)
    int position;
    @Column(name = "file_name", nullable = false)
    String fileName;
    @Column(name = "content_type", nullable = false)
    String contentType;
    @Column(nullable = false)
    byte[] content;

    protected OutboxAttachment() {
    }

    OutboxAttachment(String mailId, int position, String fileName, String contentType, byte[] content) {
        this.mailId = mailId;
        this.position = position;
        this.fileName = fileName;
        this.contentType = contentType;
        this.content = content;
    }
}
