package dev.wingman.platform.api;

import java.util.Set;

/**
 * {@code ?page=1&perPage=25&sort=-createdAt} as validated values: page from 1, perPage 1 to 100,
 * sort one of the allowed fields with an optional leading {@code -} for descending.
 */
public record PageRequest(int page, int perPage, String sortField, boolean descending) {
    public static final int MAX_PER_PAGE = 100;
    /**
     * The highest page asked for: past it the offset would overflow an int (a JPA first result) for
     * the largest pages anyone serves (500 rows), so a larger page is refused naming {@code page}.
     */
    public static final int MAX_PAGE = 1_000_000;

    public PageRequest {
        if (page < 1 || page > MAX_PAGE || perPage < 1) {
            throw new IllegalArgumentException("page must be 1 to " + MAX_PAGE + " and perPage 1 or more: " + page + ", " + perPage);
        }
    }

    public static PageRequest of(Integer page, Integer perPage, String sort, Set<String> sortable, String defaultSort) {
        int p = page == null ? 1 : page;
        int pp = perPage == null ? 25 : perPage;
        if (p < 1 || p > MAX_PAGE) {
            throw ApiException.invalidField("page", "must be between 1 and " + MAX_PAGE);
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

    /** The first row's index; an int (JPA's first result) that cannot overflow, or this is refused. */
    public int offset() {
        return Math.toIntExact((page - 1L) * perPage);
    }
}
