package dev.wingman.platform.api;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code {"data": [...], "meta": {"page", "perPage", "total", "totalPages"}}}. */
public record Page<T>(List<T> data, Meta meta) {

    public record Meta(int page, int perPage, long total, long totalPages) {
    }

    public static <T> Page<T> of(List<T> data, PageRequest request, long total) {
        long pages = total == 0 ? 0 : (total + request.perPage() - 1) / request.perPage();
        return new Page<>(List.copyOf(data), new Meta(request.page(), request.perPage(), total, pages));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(data.stream().map(mapper).toList(), meta);
    }
}
