-- Orders and manual payments. An order freezes what was bought and what it cost (the plan's name,
-- tier, period and limits, the list price, discount, tax and total in minor units of one ISO 4217
-- currency) and who bought it (the buyer snapshot), so later catalogue or account changes never
-- change an order. Every state change is a row of order_events (who, when, why, reference).

CREATE TABLE payment_methods (
    id            text PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind IN ('crypto', 'paypal', 'bank_transfer', 'other')),
    name          text        NOT NULL,
    instructions  text        NOT NULL DEFAULT '',
    address       text        NOT NULL DEFAULT '',
    active        boolean     NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    id                      text PRIMARY KEY,
    account_id              text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id         text        REFERENCES organisations (id) ON DELETE SET NULL,
    -- Idempotency: a key is the account's; the fingerprint is the normalized request it was used for.
    idempotency_key         text        NOT NULL,
    request_fingerprint     text        NOT NULL,
    state                   text        NOT NULL CHECK (state IN ('pending', 'awaiting_payment', 'payment_sent', 'active',
                                                                  'expired', 'cancelled', 'rejected')),
    plan_id                 text        NOT NULL REFERENCES plans (id),
    plan_name               text        NOT NULL,
    plan_tier               text        NOT NULL,
    plan_period             text        NOT NULL CHECK (plan_period IN ('monthly', 'quarterly', 'yearly', 'lifetime')),
    limit_servers           integer     NOT NULL,
    limit_memory_mib        integer     NOT NULL,
    limit_disk_mib          integer     NOT NULL,
    limit_cpu_percent       integer     NOT NULL,
    limit_allocations       integer     NOT NULL,
    limit_databases         integer     NOT NULL,
    limit_backups           integer     NOT NULL,
    limit_tunnel_ports      integer     NOT NULL,
    limit_ai_tokens         bigint      NOT NULL,
    currency                text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    list_amount             bigint      NOT NULL CHECK (list_amount >= 0),
    discount_amount         bigint      NOT NULL CHECK (discount_amount >= 0),
    net_amount              bigint      NOT NULL CHECK (net_amount >= 0),
    tax_amount              bigint      NOT NULL CHECK (tax_amount >= 0),
    total_amount            bigint      NOT NULL CHECK (total_amount >= 0),
    regional_price          boolean     NOT NULL,
    tax_name                text,
    tax_basis_points        integer,
    tax_inclusive           boolean,
    coupon_id               text        REFERENCES coupons (id),
    coupon_code             text,
    periods_discounted      integer,
    buyer_email             text        NOT NULL,
    buyer_name              text        NOT NULL,
    buyer_country           text        CHECK (buyer_country ~ '^[A-Z]{2}$'),
    buyer_organisation_name text,
    payment_method_id       text        REFERENCES payment_methods (id),
    payment_method_kind     text,
    payment_method_name     text,
    payment_instructions    text,
    payment_address         text,
    payment_reference       text        UNIQUE,
    sent_reference          text,
    received_reference      text,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CHECK (net_amount + tax_amount = total_amount),
    UNIQUE (account_id, idempotency_key)
);
CREATE INDEX orders_account ON orders (account_id, created_at DESC);
CREATE INDEX orders_state ON orders (state, created_at DESC);
CREATE INDEX orders_plan ON orders (plan_id);

-- actor_id null: the panel itself (a free order activated at once).
CREATE TABLE order_events (
    id          text PRIMARY KEY,
    order_id    text        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    from_state  text,
    to_state    text        NOT NULL,
    actor_id    text        REFERENCES users (id) ON DELETE SET NULL,
    reason      text,
    reference   text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_events_order ON order_events (order_id, created_at);

