package dev.wingman.billing.internal;

import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.Validate;
import jakarta.persistence.EntityManager;

import java.util.Map;
import java.util.function.Function;

/** One page of an entity's rows for the admin lists: {@code ?q} searches one field, {@code sort} maps to a field. */
final class PagedSearch {
    private PagedSearch() {
    }

    /**
     * Rows of {@code entity} whose {@code searched} field contains {@code query} regardless of case
     * (all rows without one), sorted by {@code sortFields.get(page.sortField())} then id.
     */
    static <E, V> Page<V> page(EntityManager em, Class<E> entity, String searched, Map<String, String> sortFields,
                               String query, PageRequest page, Function<E, V> view) {
        String name = entity.getSimpleName();
        String where = query == null || query.isBlank() ? "" : " where lower(e." + searched + ") like :q escape '\\'";
        String order = " order by e." + sortFields.get(page.sortField()) + (page.descending() ? " desc" : " asc") + ", e.id";
        var select = em.createQuery("select e from " + name + " e" + where + order, entity);
        var count = em.createQuery("select count(e) from " + name + " e" + where, Long.class);
        if (!where.isEmpty()) {
            select.setParameter("q", Validate.containsPattern(query));
            count.setParameter("q", Validate.containsPattern(query));
        }
        var rows = select.setFirstResult(page.offset()).setMaxResults(page.perPage()).getResultList().stream().map(view).toList();
        return Page.of(rows, page, count.getSingleResult());
    }
}
