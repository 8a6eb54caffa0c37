-- Eggs: server templates in Pterodactyl's egg format (PTDL_v1 / PTDL_v2).
CREATE TABLE eggs (
    id                  text PRIMARY KEY,
    uuid                uuid        NOT NULL UNIQUE,
    name                text        NOT NULL,
    author              text        NOT NULL,
    description         text,
    -- JSON array of feature names (eula, java_version, ...)
    features            text        NOT NULL,
    -- JSON object: label -> image, in the egg's order
    docker_images       text        NOT NULL,
    -- JSON array of paths users may not edit
    file_denylist       text        NOT NULL,
    startup             text        NOT NULL,
    -- Wings process configuration, kept as the egg gives it (JSON in strings)
    config_files        text        NOT NULL,
    config_startup      text        NOT NULL,
    config_logs         text        NOT NULL,
    config_stop         text        NOT NULL,
    install_script      text        NOT NULL,
    install_container   text        NOT NULL,
    install_entrypoint  text        NOT NULL,
    -- JSON array of variables: name, description, env_variable, default_value, user_viewable, user_editable, rules, field_type
    variables           text        NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE UNIQUE INDEX eggs_name ON eggs (lower(name));
