package dev.wingman.servers.internal.eggs;

import dev.wingman.platform.api.TimestampedEntity;

import dev.wingman.servers.api.EggVariable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A server template. Its lists are jsonb columns Hibernate maps; the Wings process configuration
 * ({@code config_*}) stays text, as the egg gives it (JSON inside strings, exported unchanged).
 */
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
    /** Feature names (eula, java_version, ...). */
    @Column(nullable = false)
    @JdbcTypeCode(SqlTypes.JSON)
    List<String> features;
    /**
     * The images in the egg's order, which is what servers default to (the first) and users pick
     * from. A jsonb array of pairs, not an object: jsonb does not keep an object's key order.
     */
    @Column(name = "docker_images", nullable = false)
    @JdbcTypeCode(SqlTypes.JSON)
    List<DockerImage> dockerImages;
    /** Paths users may not edit. */
    @Column(name = "file_denylist", nullable = false)
    @JdbcTypeCode(SqlTypes.JSON)
    List<String> fileDenylist;
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
    /**
     * In the egg's order, checked when imported. Stored as JSON-B writes the record (the field
     * names of the API's egg views), so a change to {@link EggVariable} is a change to this column.
     */
    @Column(nullable = false)
    @JdbcTypeCode(SqlTypes.JSON)
    List<EggVariable> variables;

    /** One of the egg's Docker images and the label users choose it by. */
    public record DockerImage(String label, String image) {
    }

    /** Label to image, in the egg's order. */
    public Map<String, String> dockerImages() {
        Map<String, String> images = new LinkedHashMap<>();
        dockerImages.forEach(i -> images.put(i.label(), i.image()));
        return images;
    }

    void dockerImages(Map<String, String> images) {
        dockerImages = images.entrySet().stream().map(e -> new DockerImage(e.getKey(), e.getValue())).toList();
    }

    public List<String> features() {
        return List.copyOf(features);
    }

    public List<String> fileDenylist() {
        return List.copyOf(fileDenylist);
    }

    public List<EggVariable> variables() {
        return List.copyOf(variables);
    }
}
