-- Invoices (billing): issued when staff confirm an order's payment, numbered from a gapless
-- sequence per year (INV-2026-000042). The number is taken in the issuing transaction by bumping
-- the year's row, whose lock holds concurrent issuers in line until commit; a rollback undoes the
-- bump, so numbers are never skipped nor reused. An invoice is a legal record: immutable once
-- written, a snapshot of seller, buyer, lines and totals, and kept when its order or account goes
-- (so it refers to them by id only, without foreign keys).
create table invoice_sequences (
    year        int primary key,
    last_number int not null
);

create table invoices (
    id               text primary key,
    number           text not null unique,
    order_id         text not null unique,
    account_id       text not null,
    organisation_id  text,
    issued_at        timestamp with time zone not null,
    currency         text not null,
    list_amount      bigint not null,
    discount_amount  bigint not null,
    net_amount       bigint not null,
    tax_amount       bigint not null,
    total_amount     bigint not null,
    tax_name         text,
    tax_basis_points int,
    tax_inclusive    boolean,
    coupon_code      text,
    seller           jsonb not null,
    buyer            jsonb not null,
    lines            jsonb not null,
    payment_method   text,
    payment_reference text,
    created_at       timestamp with time zone not null
);
create index invoices_account on invoices (account_id, issued_at);
