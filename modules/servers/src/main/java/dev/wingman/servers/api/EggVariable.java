package dev.wingman.servers.api;

/**
 * One configurable variable of an egg, as Pterodactyl eggs define it.
 *
 * @param envVariable  the environment variable name the server sees
 * @param rules        Laravel-style validation rules, e.g. {@code required|string|max:20}
 * @param userViewable whether owners see it; {@code userEditable} whether they may change it
 */
public record EggVariable(String name, String description, String envVariable, String defaultValue, boolean userViewable,
                          boolean userEditable, String rules, String fieldType) {
}
