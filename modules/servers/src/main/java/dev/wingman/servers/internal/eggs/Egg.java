package dev.wingman.servers.internal.eggs;

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
    public UUID uuid;
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
    public String fileDenylist;
    @Column(nullable = false)
    public String startup;
    @Column(name = "config_files", nullable = false)
    public String configFiles;
    @Column(name = "config_startup", nullable = false)
    public String configStartup;
    @Column(name = "config_logs", nullable = false)
    String configLogs;
    @Column(name = "config_stop", nullable = false)
    public String configStop;
    @Column(name = "install_script", nullable = false)
    public String installScript;
    @Column(name = "install_container", nullable = false)
    public String installContainer;
    @Column(name = "install_entrypoint", nullable = false)
    public String installEntrypoint;
    @Column(nullable = false)
    String variables;
}
