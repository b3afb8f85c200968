package org.neurite.analysis.formulas;

import java.util.Locale;

/**
 * One line of a formula explanation: what is computed ({@code label}, e.g. "height" or
 * "params"), how ({@code expression} with the numbers filled in, e.g.
 * {@code floor((256 - 11 + 2*5) / 4) + 1}) and the result, or no result for a statement
 * ("unchanged: elementwise").
 *
 * @param label    what the line computes
 * @param expression the arithmetic with the layer's numbers, or a sentence when {@code value} is null
 * @param value    the result, or null for a statement without a number
 */
public record Term(String label, String expression, Long value) {

    /**
     * A line with a numeric result.
     *
     * @param label what it computes, e.g. {@code height}
     * @param expression the arithmetic with the layer's numbers
     * @param value the result
     * @return the term
     */
    public static Term of(String label, String expression, long value) {
        return new Term(label, expression, value);
    }

    /**
     * A line without a numeric result.
     *
     * @param label what it is about, e.g. {@code shape}
     * @param text the statement, e.g. "unchanged: elementwise"
     * @return the term
     */
    public static Term note(String label, String text) {
        return new Term(label, text, null);
    }

    /**
     * The line as printed.
     *
     * @return {@code label: expression = value}, the value with thousands separators (once when
     *     the expression is the value itself)
     */
    public String text() {
        String head = label.isEmpty() ? "" : label + ": ";
        if (value == null) return head + expression;
        String v = group(value);
        return expression.equals(v) || expression.equals(Long.toString(value)) ? head + v : head + expression + " = " + v;
    }

    /**
     * A count with thousands separators.
     *
     * @param v the count
     * @return e.g. {@code 34,944} for 34944
     */
    public static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    @Override
    public String toString() {
        return text();
    }
}
