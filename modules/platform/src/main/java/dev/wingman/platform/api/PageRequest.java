package dev.wingman.platform.api;

import java.util.Set;

/**
 * {@code ?page=1&perPage=25&sort=-createdAt} as validated values: page from 1, perPage 1 to 100,
 * sort one of the allowed fields with an optional leading {@code -} for descending.
 */
public record PageRequest(int page, int perPage, String sortField, boolean descending) {
    public static final int MAX_PER_PAGE = 100;

    public static PageRequest of(Integer page, Integer perPage, String sort, Set<String> sortable, String defaultSort) {
        int p = page == null ? 1 : page;
        int pp = perPage == null ? 25 : perPage;
        if (p < 1) {
            throw ApiException.invalidField("page", "must be 1 or more");
        }
        if (pp < 1 || pp > MAX_PER_PAGE) {
            throw ApiException.invalidField("perPage", "must be between 1 and " + MAX_PER_PAGE);
        }
        String s = sort == null || sort.isBlank() ? defaultSort : sort.trim();
        boolean desc = s.startsWith("-");
        String field = desc ? s.substring(1) : s;
        if (!sortable.contains(field)) {
            throw ApiException.invalidField("sort", "must be one of " + String.join(", ", sortable.stream().sorted().toList())
                    + ", optionally prefixed with -");
        }
        return new PageRequest(p, pp, field, desc);
    }

    public int offset() {
        return (page - 1) * perPage;
    }
}
