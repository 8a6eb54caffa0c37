-- The mail outbox (platform): mail is written here in the transaction of the change it tells
-- about and sent by the recurring job platform.mail-delivery once that has committed, with
-- retries; a rolled-back change leaves no row, so its mail is never sent. The body is sealed with
-- the secrets key (mail carries links and codes); sent rows are purged after wingman.mail.keep-sent.
create table mail_outbox (
    id              text                     primary key,
    recipient       text                     not null,
    subject         text                     not null,
    body_sealed     text                     not null,
    headers         jsonb                    not null default '{}',
    state           text                     not null check (state in ('queued', 'sent', 'failed')),
    attempts        int                      not null default 0,
    -- when delivery is next tried; moved forward by each claim (a lease), so mail claimed by an
    -- instance that died is tried again once it has passed
    next_attempt_at timestamp with time zone not null,
    last_error      text,
    created_at      timestamp with time zone not null,
    sent_at         timestamp with time zone
);
create index mail_outbox_due on mail_outbox (next_attempt_at) where state = 'queued';
create index mail_outbox_state_created on mail_outbox (state, created_at);

create table mail_outbox_attachments (
    id           text                     primary key,
    mail_id      text                     not null references mail_outbox (id) on delete cascade,
    position     int                      not null,
    file_name    text                     not null,
    content_type text                     not null,
    content      bytea                    not null,
    created_at   timestamp with time zone not null,
    unique (mail_id, position)
);
