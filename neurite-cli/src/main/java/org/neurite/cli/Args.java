package org.neurite.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsed command-line arguments: {@code --name value} options, {@code --flag} switches and positionals. */
final class Args {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();

    /** @param flags option names that take no value */
    static Args parse(String[] argv, int from, Set<String> flags) {
        Args a = new Args();
        for (int i = from; i < argv.length; i++) {
            String s = argv[i];
            if (s.startsWith("--")) {
                String name = s.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    a.options.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (flags.contains(name)) {
                    a.options.put(name, "true");
                } else {
                    if (i + 1 >= argv.length) throw new UsageException("option --" + name + " needs a value");
                    a.options.put(name, argv[++i]);
                }
            } else {
                a.positionals.add(s);
            }
        }
        return a;
    }

    /**
     * Gives an option with an optional value its default: when {@code --name} is last or followed
     * by another option, {@code value} is inserted after it ({@code --dashboard} = {@code --dashboard 8686}).
     */
    static String[] withDefaultValue(String[] argv, String name, String value) {
        List<String> out = new ArrayList<>(List.of(argv));
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).equals("--" + name) && (i + 1 == out.size() || out.get(i + 1).startsWith("--"))) out.add(i + 1, value);
        }
        return out.toArray(new String[0]);
    }

    /** Fails on options the command does not know, naming them. */
    void allowOnly(Set<String> known) {
        for (String k : options.keySet()) {
            if (!known.contains(k)) throw new UsageException("unknown option --" + org.neurite.io.ErrorText.quote(k, 60) + " (known: --" + String.join(", --", known) + ")");
        }
    }

    String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    int getInt(String name, int fallback) {
        String v = options.get(name);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects an integer, got '" + org.neurite.io.ErrorText.quote(v, 40) + "'");
        }
    }

    /** An integer option within [min, max]; out of range or not an integer (including overflow) is a usage error. */
    int getInt(String name, int fallback, int min, int max) {
        String v = options.get(name);
        if (v == null) return fallback;
        long x;
        try {
            x = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects an integer from " + min + " to " + String.format("%,d", max) + ", got '"
                    + org.neurite.io.ErrorText.quote(v, 40) + "'");
        }
        if (x < min || x > max) {
            throw new UsageException("--" + name + " must be from " + min + " to " + String.format("%,d", max) + ", got " + v.trim());
        }
        return (int) x;
    }

    /** A finite number within [min, max] (both inclusive unless {@code minExclusive}). */
    float getFloat(String name, float fallback, double min, boolean minExclusive, double max) {
        float x = getFloat(name, fallback);
        if (!options.containsKey(name)) return x;
        if (!Float.isFinite(x) || x < min || (minExclusive && x == min) || x > max) {
            throw new UsageException("--" + name + " must be a number " + (minExclusive ? "above " : "from ") + min + " to " + max + ", got "
                    + org.neurite.io.ErrorText.quote(options.get(name), 40));
        }
        return x;
    }

    /** A seed: any 64-bit integer. */
    long getLong(String name, long fallback) {
        String v = options.get(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a 64-bit integer, got '" + org.neurite.io.ErrorText.quote(v, 40) + "'");
        }
    }

    float getFloat(String name, float fallback) {
        String v = options.get(name);
        if (v == null) return fallback;
        try {
            return Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a number, got '" + org.neurite.io.ErrorText.quote(v, 40) + "'");
        }
    }

    List<String> positionals() {
        return positionals;
    }

    /** A mistake in how the tool was called: printed with the usage hint, exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
