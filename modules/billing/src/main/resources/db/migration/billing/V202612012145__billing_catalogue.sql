-- The billing catalogue: plans with their price (minor units of an ISO 4217 currency), period and
-- limits; a different price per ISO 3166-1 alpha-2 country; tax rates per country; coupons and
-- every redemption of one.
CREATE TABLE plans (
    id                  text PRIMARY KEY,
    name                text        NOT NULL,
    description         text        NOT NULL DEFAULT '',
    tier                text        NOT NULL CHECK (tier IN ('free', 'paid', 'educational', 'enterprise')),
    price_amount        bigint      NOT NULL CHECK (price_amount >= 0),
    price_currency      text        NOT NULL CHECK (price_currency ~ '^[A-Z]{3}$'),
    period              text        NOT NULL CHECK (period IN ('monthly', 'quarterly', 'yearly', 'lifetime')),
    limit_servers       integer     NOT NULL CHECK (limit_servers >= 0),
    limit_memory_mib    integer     NOT NULL CHECK (limit_memory_mib >= 0),
    limit_disk_mib      integer     NOT NULL CHECK (limit_disk_mib >= 0),
    limit_cpu_percent   integer     NOT NULL CHECK (limit_cpu_percent >= 0),
    limit_allocations   integer     NOT NULL CHECK (limit_allocations >= 0),
    limit_databases     integer     NOT NULL CHECK (limit_databases >= 0),
    limit_backups       integer     NOT NULL CHECK (limit_backups >= 0),
    limit_tunnel_ports  integer     NOT NULL CHECK (limit_tunnel_ports >= 0),
    limit_ai_tokens     bigint      NOT NULL CHECK (limit_ai_tokens >= 0),
    visible             boolean     NOT NULL,
    active              boolean     NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE plan_regional_prices (
    id            text PRIMARY KEY,
    plan_id       text        NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    country_code  text        NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
    amount        bigint      NOT NULL CHECK (amount >= 0),
    currency      text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_id, country_code)
);

-- basis_points: 1 = 0.01 %; inclusive: the prices of that country already contain the tax.
CREATE TABLE tax_rates (
    country_code  text PRIMARY KEY CHECK (country_code ~ '^[A-Z]{2}$'),
    name          text        NOT NULL,
    basis_points  integer     NOT NULL CHECK (basis_points BETWEEN 0 AND 10000),
    inclusive     boolean     NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE coupons (
    id                     text PRIMARY KEY,
    code                   text        NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{3,64}$'),
    kind                   text        NOT NULL CHECK (kind IN ('percentage', 'fixed')),
    percent_basis_points   integer     CHECK (percent_basis_points BETWEEN 1 AND 10000),
    fixed_amount           bigint      CHECK (fixed_amount > 0),
    fixed_currency         text        CHECK (fixed_currency ~ '^[A-Z]{3}$'),
    valid_from             timestamptz,
    valid_until            timestamptz,
    max_uses               integer     CHECK (max_uses > 0),
    max_uses_per_account   integer     CHECK (max_uses_per_account > 0),
    uses                   integer     NOT NULL DEFAULT 0 CHECK (uses >= 0),
    duration               text        NOT NULL CHECK (duration IN ('once', 'repeating', 'forever')),
    duration_periods       integer     CHECK (duration_periods > 0),
    active                 boolean     NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'percentage') = (percent_basis_points IS NOT NULL)),
    CHECK ((kind = 'fixed') = (fixed_amount IS NOT NULL AND fixed_currency IS NOT NULL)),
    CHECK ((duration = 'repeating') = (duration_periods IS NOT NULL)),
    CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from < valid_until),
    CHECK (max_uses IS NULL OR uses <= max_uses)
);
CREATE UNIQUE INDEX coupons_code ON coupons (lower(code));

-- The plans a coupon applies to; none listed: every plan. A plan a coupon names cannot be deleted.
CREATE TABLE coupon_plans (
    coupon_id  text NOT NULL REFERENCES coupons (id) ON DELETE CASCADE,
    plan_id    text NOT NULL REFERENCES plans (id),
    PRIMARY KEY (coupon_id, plan_id)
);
CREATE INDEX coupon_plans_plan ON coupon_plans (plan_id);

-- One row per redemption; order_id is the order it was redeemed for, once orders exist.
CREATE TABLE coupon_redemptions (
    id          text PRIMARY KEY,
    coupon_id   text        NOT NULL REFERENCES coupons (id),
    account_id  text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    plan_id     text        NOT NULL,
    order_id    text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coupon_redemptions_account ON coupon_redemptions (coupon_id, account_id);
