package dev.wingman.platform.internal;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.persistence.Converter;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.MappedSuperclass;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexReader;
import org.jboss.jandex.IndexView;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Finds every module's JPA classes without a central list: each module jar carries the Jandex
 * index its build writes ({@code META-INF/jandex.idx}), and this extension hands every class in it
 * annotated {@code @Entity}, {@code @Embeddable}, {@code @MappedSuperclass} or {@code @Converter}
 * to CDI. Helidon's JPA extension assigns such classes to the (single) persistence unit, which
 * does not exclude unlisted classes, and vetoes them as beans. Modules use
 * {@code bean-discovery-mode="annotated"}, where CDI would never see an entity by itself.
 */
public class ModuleEntities implements Extension {
    private static final Logger LOG = Logger.getLogger(ModuleEntities.class.getName());
    private static final List<DotName> MANAGED = List.of(DotName.createSimple(Entity.class), DotName.createSimple(Embeddable.class),
            DotName.createSimple(MappedSuperclass.class), DotName.createSimple(Converter.class));

    void addManagedClasses(@Observes BeforeBeanDiscovery event) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ModuleEntities.class.getClassLoader();
        }
        Set<String> found = managedClassNames(loader);
        for (String name : found) {
            try {
                event.addAnnotatedType(Class.forName(name, false, loader), "wingman-jpa:" + name);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("The Jandex index names " + name + ", which cannot be loaded", e);
            }
        }
        LOG.fine(() -> "JPA classes found in module indexes: " + found);
    }

    /** Every class name in a {@code META-INF/jandex.idx} on {@code loader} carrying a JPA managed-class annotation. */
    static Set<String> managedClassNames(ClassLoader loader) {
        Set<String> names = new TreeSet<>();
        try {
            Enumeration<URL> indexes = loader.getResources("META-INF/jandex.idx");
            while (indexes.hasMoreElements()) {
                URL url = indexes.nextElement();
                IndexView index;
                try (InputStream in = url.openStream()) {
                    index = new IndexReader(in).read();
                }
                for (DotName annotation : MANAGED) {
                    for (AnnotationInstance instance : index.getAnnotations(annotation)) {
                        if (instance.target().kind() == AnnotationTarget.Kind.CLASS) {
                            names.add(instance.target().asClass().name().toString());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the modules' Jandex indexes", e);
        }
        return names;
    }
}
