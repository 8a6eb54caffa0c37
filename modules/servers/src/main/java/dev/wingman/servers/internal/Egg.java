package dev.wingman.servers.internal;

import dev.wingman.platform.api.TimestampedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.UUID;

/** A server template. The list-like parts are JSON text, read and written by {@link EggFormat}. */
@Entity
@Table(name = "eggs")
public class Egg extends TimestampedEntity {
    @Column(nullable = false)
    UUID uuid;
    @Column(nullable = false)
    String name;
    @Column(nullable = false)
    String author;
    @Column
    String description;
    @Column(nullable = false)
    String features;
    @Column(name = "docker_images", nullable = false)
    String dockerImages;
    @Column(name = "file_denylist", nullable = false)
    String fileDenylist;
    @Column(nullable = false)
    String startup;
    @Column(name = "config_files", nullable = false)
    String configFiles;
    @Column(name = "config_startup", nullable = false)
    String configStartup;
    @Column(name = "config_logs", nullable = false)
    String configLogs;
    @Column(name = "config_stop", nullable = false)
    String configStop;
    @Column(name = "install_script", nullable = false)
    String installScript;
    @Column(name = "install_container", nullable = false)
    String installContainer;
    @Column(name = "install_entrypoint", nullable = false)
    String installEntrypoint;
    @Column(nullable = false)
    String variables;
}
