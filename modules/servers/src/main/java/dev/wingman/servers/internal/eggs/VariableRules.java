package dev.wingman.servers.internal.eggs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subset of Laravel validation rules Pterodactyl eggs use for their variables: required,
 * nullable, string, integer, numeric, boolean, in, not_in, min, max, between, size, regex, alpha,
 * alpha_num, alpha_dash, url and ip. Rules the panel does not know are ignored, as an egg written
 * for a newer panel should still import. {@code min}/{@code max} compare lengths for strings and
 * values for numbers, as Laravel does.
 */
final class VariableRules {
    private static final Set<String> KNOWN = Set.of("required", "nullable", "sometimes", "string", "integer", "numeric",
            "boolean", "in", "not_in", "min", "max", "between", "size", "regex", "alpha", "alpha_num", "alpha_dash", "url",
            "ip");

    private VariableRules() {
    }

    /** Splits "a|b:1|regex:/x|y/" into rules; a regex may itself contain '|'. */
    static List<String> split(String rules) {
        List<String> result = new ArrayList<>();
        if (rules == null || rules.isBlank()) {
            return result;
        }
        int start = 0;
        while (start < rules.length()) {
            int end = rules.indexOf('|', start);
            if (rules.startsWith("regex:", start)) {
                end = nextRule(rules, start + "regex:".length());
            }
            if (end < 0) {
                end = rules.length();
            }
            String rule = rules.substring(start, end).strip();
            if (!rule.isEmpty()) {
                result.add(rule);
            }
            start = end + 1;
        }
        return result;
    }

    /** The '|' that starts the next known rule after a regex, or -1. */
    private static int nextRule(String rules, int from) {
        for (int i = rules.indexOf('|', from); i >= 0; i = rules.indexOf('|', i + 1)) {
            String rest = rules.substring(i + 1);
            String name = rest.split("[:|]", 2)[0];
            if (KNOWN.contains(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the rules themselves can be applied (a broken regex cannot). */
    static Optional<String> problem(String rules) {
        for (String rule : split(rules)) {
            if (rule.startsWith("regex:")) {
                try {
                    regex(rule);
                } catch (IllegalArgumentException e) {
                    // PatternSyntaxException, or a regex without delimiters
                    return Optional.of("invalid regex in rule " + rule);
                }
            }
        }
        return Optional.empty();
    }

    /** Why the value breaks the rules, or empty when it satisfies them. Null or "" is an absent value. */
    static Optional<String> check(String rules, String value) {
        List<String> list = split(rules);
        boolean absent = value == null || value.isEmpty();
        if (absent) {
            return list.contains("required") ? Optional.of("is required") : Optional.empty();
        }
        boolean numeric = list.contains("integer") || list.contains("numeric");
        for (String rule : list) {
            String name = rule.contains(":") ? rule.substring(0, rule.indexOf(':')) : rule;
            String argument = rule.contains(":") ? rule.substring(rule.indexOf(':') + 1) : "";
            Optional<String> failure = switch (name) {
                case "integer" -> value.matches("-?\\d+") ? Optional.empty() : Optional.of("must be an integer");
                case "numeric" -> value.matches("-?\\d+(\\.\\d+)?") ? Optional.empty() : Optional.of("must be a number");
                case "boolean" -> Set.of("true", "false", "0", "1").contains(value) ? Optional.empty()
                        : Optional.of("must be true, false, 1 or 0");
                case "in" -> List.of(argument.split(",")).contains(value) ? Optional.empty()
                        : Optional.of("must be one of " + argument.replace(",", ", "));
                case "not_in" -> List.of(argument.split(",")).contains(value) ? Optional.of("must not be " + value) : Optional.empty();
                case "min" -> measure(value, numeric) < number(argument) ? Optional.of("must be at least " + argument
                        + (numeric ? "" : " characters")) : Optional.empty();
                case "max" -> measure(value, numeric) > number(argument) ? Optional.of("must be at most " + argument
                        + (numeric ? "" : " characters")) : Optional.empty();
                case "size" -> measure(value, numeric) != number(argument) ? Optional.of("must be of size " + argument)
                        : Optional.empty();
                case "between" -> {
                    String[] bounds = argument.split(",");
                    double measured = measure(value, numeric);
                    yield measured < number(bounds[0]) || measured > number(bounds[1])
                            ? Optional.of("must be between " + bounds[0] + " and " + bounds[1]) : Optional.empty();
                }
                case "regex" -> regex(rule).matcher(value).find() ? Optional.empty() : Optional.of("has an invalid format");
                case "alpha" -> value.matches("\\p{L}+") ? Optional.empty() : Optional.of("may only contain letters");
                case "alpha_num" -> value.matches("[\\p{L}\\p{N}]+") ? Optional.empty()
                        : Optional.of("may only contain letters and digits");
                case "alpha_dash" -> value.matches("[\\p{L}\\p{N}_-]+") ? Optional.empty()
                        : Optional.of("may only contain letters, digits, dashes and underscores");
                case "url" -> value.matches("https?://\\S+") ? Optional.empty() : Optional.of("must be a URL");
                case "ip" -> value.matches("[0-9a-fA-F.:]+") ? Optional.empty() : Optional.of("must be an IP address");
                default -> Optional.empty();
            };
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    private static double measure(String value, boolean numeric) {
        if (numeric) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return value.codePointCount(0, value.length());
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A PHP regex "/body/flags" (any delimiter) as a Java pattern. */
    static Pattern regex(String rule) {
        String literal = rule.substring("regex:".length());
        if (literal.length() < 2) {
            throw new IllegalArgumentException("empty regex");
        }
        char delimiter = literal.charAt(0);
        int close = literal.lastIndexOf(delimiter);
        if (close <= 0) {
            throw new IllegalArgumentException("unterminated regex");
        }
        String body = literal.substring(1, close);
        String flags = literal.substring(close + 1);
        int javaFlags = 0;
        for (char flag : flags.toCharArray()) {
            javaFlags |= switch (flag) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                case 'u' -> Pattern.UNICODE_CHARACTER_CLASS;
                default -> 0;
            };
        }
        return Pattern.compile(body, javaFlags);
    }
}
