package org.neurite.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The fitted transform from CSV rows to model input and target, learned on the TRAINING rows only
 * and saved with the model (see {@link InputPreprocessor}).
 *
 * <ul>
 *   <li>Column types: a feature column is numeric when every non-missing training value is a finite
 *       decimal number, categorical otherwise (or when named in {@link Options#categorical}).</li>
 *   <li>Numeric features are standardised {@code (x - mean) / std} with the training mean and
 *       population std (std 0 counts as 1); {@link Options#standardize(boolean) standardize(false)} keeps them raw.</li>
 *   <li>Categorical features: the vocabulary is the sorted set of training values. One-hot
 *       ({@link Encoding#ONE_HOT}, one column per value) or an index ({@link Encoding#INDEX}: known values
 *       1..V, 0 for unknown). A value not seen in training (at inference) is all zeros in one-hot and
 *       0 as an index, never an error and never another category.</li>
 *   <li>Missing values ({@link Options#missingTokens}, by default empty, {@code NA}, {@code N/A},
 *       {@code NaN}, {@code null}, {@code ?}): {@link Missing#DROP} drops training/evaluation rows that
 *       have one (and a single row given to {@link #features} with one is an error);
 *       {@link Missing#FILL_MEAN} puts the training mean in numeric columns; {@link Missing#FILL_VALUE} a
 *       given value. Missing categorical values are encoded as unknown under the two fill policies.
 *       Rows whose target is missing are always dropped from training data.</li>
 *   <li>Target: categorical (a class index into {@link #classNames()}: sorted numerically when all
 *       class values are numbers, as strings otherwise) or numeric (regression). Automatic choice: numeric
 *       with more than {@value #MAX_CLASSES_AUTO} distinct values, or not integral, is regression;
 *       otherwise classification. A numeric target is standardised for training
 *       ({@link #targetToOriginal} undoes it) unless {@link Options#standardizeTarget(boolean)} is false.</li>
 * </ul>
 * Errors name the table, the line and the column.
 */
public final class TablePreprocessing implements InputPreprocessor {
    /** A numeric target with at most this many distinct integral values is treated as classes. */
    public static final int MAX_CLASSES_AUTO = 20;
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final List<String> DEFAULT_MISSING = List.of("", "NA", "N/A", "NaN", "nan", "null", "NULL", "?");

    /** What happens to missing values (see the class comment). */
    public enum Missing {
        /** Rows with a missing feature are left out (the default). */
        DROP,
        /** Missing numeric values become the training mean; missing categories count as unknown. */
        FILL_MEAN,
        /** Missing numeric values become a given value (set with {@link Options#fillMissing(double)}). */
        FILL_VALUE
    }

    /** How a categorical feature becomes model inputs. */
    public enum Encoding {
        /** One input per category (all zeros for an unknown value). */
        ONE_HOT,
        /** One input holding 1..V for a known value, 0 for an unknown one. */
        INDEX
    }

    /** Whether the target column is classes or a number. */
    public enum TargetType {
        /** Classes when the values are few and integral or not numbers, else regression. */
        AUTO,
        /** Always classes. */
        CATEGORICAL,
        /** Always a number (regression). */
        NUMERIC
    }

    /** What to fit. */
    public static final class Options {
        private final String target;
        private List<String> features;
        private final Set<String> categorical = new TreeSet<>();
        private Encoding encoding = Encoding.ONE_HOT;
        private Missing missing = Missing.DROP;
        private double fillValue;
        private boolean standardize = true;
        private boolean standardizeTarget = true;
        private TargetType targetType = TargetType.AUTO;
        private List<String> missingTokens = DEFAULT_MISSING;

        /**
         * Options with the defaults.
         *
         * @param target the column to predict; null for a table without target (inference only)
         */
        public Options(String target) {
            this.target = target;
        }

        /**
         * Sets the feature columns, in this order; default: every column but the target.
         *
         * @param columns column names
         * @return these options, for chaining
         */
        public Options features(String... columns) {
            this.features = List.of(columns);
            return this;
        }

        /**
         * Sets columns to treat as categorical even if their values are numbers (e.g. a year or a code).
         *
         * @param columns column names
         * @return these options, for chaining
         */
        public Options categorical(String... columns) {
            categorical.addAll(List.of(columns));
            return this;
        }

        /**
         * Sets how categorical features are encoded.
         *
         * @param e one-hot (default) or index
         * @return these options, for chaining
         */
        public Options encoding(Encoding e) {
            this.encoding = Objects.requireNonNull(e);
            return this;
        }

        /**
         * Sets the missing-value policy.
         *
         * @param policy {@link Missing#DROP} (default) or {@link Missing#FILL_MEAN}
         * @return these options, for chaining
         * @throws IllegalArgumentException for {@link Missing#FILL_VALUE}: use {@link #fillMissing(double)}
         */
        public Options missing(Missing policy) {
            if (policy == Missing.FILL_VALUE) throw new IllegalArgumentException("use fillMissing(value) for FILL_VALUE");
            this.missing = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * Missing numeric values become {@code value} (policy {@link Missing#FILL_VALUE}).
         *
         * @param value the fill value
         * @return these options, for chaining
         */
        public Options fillMissing(double value) {
            this.missing = Missing.FILL_VALUE;
            this.fillValue = value;
            return this;
        }

        /**
         * Sets whether numeric features are standardised with the training mean and std.
         *
         * @param on true by default
         * @return these options, for chaining
         */
        public Options standardize(boolean on) {
            this.standardize = on;
            return this;
        }

        /**
         * Sets whether a numeric target is standardised for training.
         *
         * @param on true by default
         * @return these options, for chaining
         */
        public Options standardizeTarget(boolean on) {
            this.standardizeTarget = on;
            return this;
        }

        /**
         * Sets whether the target is classes or a number.
         *
         * @param type auto (default), categorical or numeric
         * @return these options, for chaining
         */
        public Options targetType(TargetType type) {
            this.targetType = Objects.requireNonNull(type);
            return this;
        }

        /**
         * Sets the field values that mean "missing" (compared after stripping spaces).
         *
         * @param tokens the values, replacing the defaults
         * @return these options, for chaining
         */
        public Options missingTokens(String... tokens) {
            this.missingTokens = List.of(tokens);
            return this;
        }
    }

    /** One fitted feature column. */
    private record Column(String name, boolean numeric, double mean, double std, double fill, List<String> vocabulary) {
        int width(Encoding e) {
            return numeric || e == Encoding.INDEX ? 1 : vocabulary.size();
        }
    }

    private final List<Column> columns;
    private final Encoding encoding;
    private final Missing missing;
    private final List<String> missingTokens;
    private final String target;
    private final boolean categoricalTarget;
    private final List<String> classNames;
    private final double targetMean;
    private final double targetStd;
    private final int featureSize;
    private final Map<String, Integer>[] lookup;

    @SuppressWarnings("unchecked")
    private TablePreprocessing(List<Column> columns, Encoding encoding, Missing missing, List<String> missingTokens, String target,
            boolean categoricalTarget, List<String> classNames, double targetMean, double targetStd) {
        this.columns = List.copyOf(columns);
        this.encoding = encoding;
        this.missing = missing;
        this.missingTokens = List.copyOf(missingTokens);
        this.target = target;
        this.categoricalTarget = categoricalTarget;
        this.classNames = List.copyOf(classNames);
        this.targetMean = targetMean;
        this.targetStd = targetStd;
        int size = 0;
        this.lookup = new Map[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            size += col.width(encoding);
            if (!col.numeric) {
                Map<String, Integer> m = new HashMap<>();
                for (int v = 0; v < col.vocabulary.size(); v++) m.put(col.vocabulary.get(v), v);
                lookup[c] = m;
            }
        }
        this.featureSize = size;
    }

    // ---------------------------------------------------------------- fitting

    /**
     * Learns the transform from the training rows of {@code train}.
     *
     * @param train the training table
     * @param o target, columns and policies
     * @return the fitted transform
     * @throws IllegalArgumentException naming the table, line and column when the data does not fit the options
     */
    public static TablePreprocessing fit(CsvTable train, Options o) {
        List<String> featureNames = o.features != null ? o.features : new ArrayList<>(train.columns());
        if (o.features == null && o.target != null) featureNames.remove(o.target);
        if (featureNames.isEmpty()) throw new IllegalArgumentException(train.name() + ": no feature columns left besides the target " + o.target);
        if (o.target != null && featureNames.contains(o.target)) throw new IllegalArgumentException(train.name() + ": the target column \"" + o.target + "\" is also a feature");
        for (String c : o.categorical) train.column(c);
        int[] pos = new int[featureNames.size()];
        for (int i = 0; i < pos.length; i++) pos[i] = train.column(featureNames.get(i));
        int targetPos = o.target == null ? -1 : train.column(o.target);
        Set<String> missingSet = Set.copyOf(o.missingTokens);

        // the rows used for fitting: target present, and (DROP) no missing feature
        List<Integer> used = new ArrayList<>();
        for (int r = 0; r < train.size(); r++) {
            if (targetPos >= 0 && missingSet.contains(train.get(r, targetPos).strip())) continue;
            if (o.missing == Missing.DROP && anyMissing(train, r, pos, missingSet)) continue;
            used.add(r);
        }
        if (used.isEmpty()) throw new IllegalArgumentException(train.name() + ": no training row is left after dropping rows with missing values");

        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < pos.length; i++) {
            String name = featureNames.get(i);
            List<String> values = new ArrayList<>();
            for (int r : used) {
                String v = train.get(r, pos[i]).strip();
                if (!missingSet.contains(v)) values.add(v);
            }
            if (values.isEmpty()) throw new IllegalArgumentException(train.name() + ": column \"" + name + "\" has no values in the training rows");
            boolean numeric = !o.categorical.contains(name) && values.stream().allMatch(TablePreprocessing::isNumber);
            if (numeric) {
                double sum = 0;
                for (String v : values) sum += Double.parseDouble(v);
                double mean = sum / values.size();
                double sq = 0;
                for (String v : values) {
                    double d = Double.parseDouble(v) - mean;
                    sq += d * d;
                }
                double std = Math.sqrt(sq / values.size());
                if (!o.standardize) {
                    mean = 0;
                    std = 1;
                } else if (!(std > 0)) {
                    std = 1;
                }
                double fill = o.missing == Missing.FILL_VALUE ? o.fillValue : sum / values.size();
                columns.add(new Column(name, true, mean, std, fill, List.of()));
            } else {
                columns.add(new Column(name, false, 0, 1, 0, List.copyOf(new TreeSet<>(values))));
            }
        }

        boolean categoricalTarget = false;
        List<String> classNames = List.of();
        double tMean = 0, tStd = 1;
        if (targetPos >= 0) {
            List<String> tv = new ArrayList<>();
            for (int r : used) tv.add(train.get(r, targetPos).strip());
            boolean allNumbers = tv.stream().allMatch(TablePreprocessing::isNumber);
            categoricalTarget = switch (o.targetType) {
                case CATEGORICAL -> true;
                case NUMERIC -> {
                    if (!allNumbers) throw new IllegalArgumentException(train.name() + ": target column \"" + o.target + "\" is not numeric (e.g. \""
                            + tv.stream().filter(v -> !isNumber(v)).findFirst().orElse("") + "\")");
                    yield false;
                }
                case AUTO -> !allNumbers || (tv.stream().allMatch(v -> Double.parseDouble(v) == Math.rint(Double.parseDouble(v)))
                        && new TreeSet<>(tv).size() <= MAX_CLASSES_AUTO);
            };
            if (categoricalTarget) {
                if (allNumbers) {
                    TreeMap<Double, String> byValue = new TreeMap<>();
                    for (String v : tv) byValue.putIfAbsent(Double.parseDouble(v), v);
                    classNames = List.copyOf(byValue.values());
                } else {
                    classNames = List.copyOf(new TreeSet<>(tv));
                }
            } else if (o.standardizeTarget) {
                double s = 0;
                for (String v : tv) s += Double.parseDouble(v);
                tMean = s / tv.size();
                double q = 0;
                for (String v : tv) q += (Double.parseDouble(v) - tMean) * (Double.parseDouble(v) - tMean);
                tStd = Math.sqrt(q / tv.size());
                if (!(tStd > 0)) tStd = 1;
            }
        }
        return new TablePreprocessing(columns, o.encoding, o.missing, o.missingTokens, o.target, categoricalTarget, classNames, tMean, tStd);
    }

    private static boolean anyMissing(CsvTable t, int r, int[] pos, Set<String> missingSet) {
        for (int p : pos) if (missingSet.contains(t.get(r, p).strip())) return true;
        return false;
    }

    static boolean isNumber(String s) {
        if (!NUMBER.matcher(s).matches()) return false;
        return Double.isFinite(Double.parseDouble(s));
    }

    // ---------------------------------------------------------------- applying

    /** @return the number of input features per row (numeric columns 1, one-hot columns one per category) */
    public int featureSize() {
        return featureSize;
    }

    /** @return the raw feature columns, in input order */
    public List<String> featureColumns() {
        return columns.stream().map(Column::name).toList();
    }

    /** @return names of the {@link #featureSize()} inputs, e.g. {@code island=Biscoe} for a one-hot column */
    public List<String> inputNames() {
        List<String> out = new ArrayList<>();
        for (Column c : columns) {
            if (c.numeric || encoding == Encoding.INDEX) out.add(c.name);
            else for (String v : c.vocabulary) out.add(c.name + "=" + v);
        }
        return out;
    }

    /** @return the target column, or null */
    public String targetColumn() {
        return target;
    }

    /** @return whether the target is a class index (classification) rather than a number (regression) */
    public boolean categoricalTarget() {
        return categoricalTarget;
    }

    /** @return class names in class-index order (empty for a numeric target) */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * A model output for a numeric target back in the target's units ({@code y * std + mean}).
     *
     * @param y a model output
     * @return the value in the target's units
     */
    public double targetToOriginal(float y) {
        return y * targetStd + targetMean;
    }

    /**
     * Transforms every usable row of {@code table} (same column names as the training table, in any
     * order): rows with a missing target, and under {@link Missing#DROP} rows with a missing feature,
     * are left out ({@link TableSource#droppedRows()} counts them). The target column must be present.
     *
     * @param table a table with the training columns
     * @return the samples: features {@code (featureSize)}, target a class index or a standardised number
     * @throws IllegalArgumentException if no row is usable or a column is missing
     */
    public TableSource transform(CsvTable table) {
        if (target == null) throw new IllegalStateException("this transform has no target column; use features() for inference");
        int[] pos = positions(table);
        int targetPos = table.column(target);
        Set<String> missingSet = Set.copyOf(missingTokens);
        int n = table.size();
        float[] x = new float[n * featureSize];
        float[] y = new float[n];
        int[] lines = new int[n];
        int kept = 0;
        for (int r = 0; r < n; r++) {
            String t = table.get(r, targetPos).strip();
            if (missingSet.contains(t)) continue;
            if (missing == Missing.DROP && anyMissing(table, r, pos, missingSet)) continue;
            encodeRow(table, r, pos, x, kept * featureSize);
            y[kept] = encodeTarget(t, table.where(r));
            lines[kept] = table.line(r);
            kept++;
        }
        if (kept == 0) throw new IllegalArgumentException(table.name() + ": no usable rows (every row has a missing value)");
        return new TableSource(table.name(), Arrays.copyOf(x, kept * featureSize), featureSize, Arrays.copyOf(y, kept), Arrays.copyOf(lines, kept), n - kept);
    }

    /**
     * The features of every row of {@code table} for inference, {@code (rows, featureSize)} row-major.
     * A missing value under {@link Missing#DROP} is an error naming the line and column.
     *
     * @param table a table with the feature columns
     * @return {@code rows * featureSize()} values
     */
    public float[] features(CsvTable table) {
        int[] pos = positions(table);
        float[] x = new float[table.size() * featureSize];
        for (int r = 0; r < table.size(); r++) encodeRow(table, r, pos, x, r * featureSize);
        return x;
    }

    private int[] positions(CsvTable table) {
        int[] pos = new int[columns.size()];
        List<String> absent = new ArrayList<>();
        for (int c = 0; c < pos.length; c++) {
            pos[c] = table.columns().indexOf(columns.get(c).name);
            if (pos[c] < 0) absent.add(columns.get(c).name);
        }
        if (!absent.isEmpty()) {
            throw new IllegalArgumentException(table.name() + ": column(s) " + absent + " that the model was trained on are missing; the table has " + table.columns());
        }
        return pos;
    }

    private void encodeRow(CsvTable table, int r, int[] pos, float[] x, int off) {
        int o = off;
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            String v = table.get(r, pos[c]).strip();
            boolean isMissing = missingTokens.contains(v);
            if (isMissing && missing == Missing.DROP) {
                throw new IllegalArgumentException(table.where(r) + ": column \"" + col.name + "\" is missing (\"" + v
                        + "\") and the model was trained with missing values dropped, so it has no value to fill in");
            }
            if (col.numeric) {
                double d;
                if (isMissing) {
                    d = col.fill;
                } else if (isNumber(v)) {
                    d = Double.parseDouble(v);
                } else {
                    throw new IllegalArgumentException(table.where(r) + ": column \"" + col.name + "\": \"" + v + "\" is not a number (the column is numeric in the training data)");
                }
                x[o++] = (float) ((d - col.mean) / col.std);
            } else {
                Integer k = isMissing ? null : lookup[c].get(v);
                if (encoding == Encoding.INDEX) {
                    x[o++] = k == null ? 0 : k + 1;
                } else {
                    Arrays.fill(x, o, o + col.vocabulary.size(), 0f);
                    if (k != null) x[o + k] = 1f;
                    o += col.vocabulary.size();
                }
            }
        }
    }

    private float encodeTarget(String v, String where) {
        if (categoricalTarget) {
            int k = classNames.indexOf(v);
            if (k < 0 && isNumber(v)) { // "1.0" and "1" are the same class
                for (int i = 0; i < classNames.size() && k < 0; i++) if (Double.parseDouble(classNames.get(i)) == Double.parseDouble(v)) k = i;
            }
            if (k < 0) throw new IllegalArgumentException(where + ": target column \"" + target + "\" has class \"" + v + "\" that is not in the training classes " + classNames);
            return k;
        }
        if (!isNumber(v)) throw new IllegalArgumentException(where + ": target column \"" + target + "\": \"" + v + "\" is not a number");
        return (float) ((Double.parseDouble(v) - targetMean) / targetStd);
    }

    // ---------------------------------------------------------------- saving

    @Override
    public String kind() {
        return "table";
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind());
        m.put("encoding", encoding.name().toLowerCase(Locale.ROOT));
        m.put("missing", missing.name().toLowerCase(Locale.ROOT));
        m.put("missing_tokens", missingTokens);
        List<Object> cols = new ArrayList<>();
        for (Column c : columns) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", c.name);
            if (c.numeric) {
                e.put("type", "numeric");
                e.put("mean", c.mean);
                e.put("std", c.std);
                e.put("fill", c.fill);
            } else {
                e.put("type", "categorical");
                e.put("vocabulary", c.vocabulary);
            }
            cols.add(e);
        }
        m.put("columns", cols);
        if (target != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", target);
            t.put("type", categoricalTarget ? "categorical" : "numeric");
            if (categoricalTarget) t.put("classes", classNames);
            else {
                t.put("mean", targetMean);
                t.put("std", targetStd);
            }
            m.put("target", t);
        }
        return m;
    }

    /** Rebuilds a transform saved by {@link #toJson()}. */
    /**
     * Rebuilds the transform saved by {@link #toJson()}.
     *
     * @param m the saved state
     * @return the transform
     */
    @SuppressWarnings("unchecked")
    public static TablePreprocessing fromJson(Map<String, Object> m) {
        Encoding enc = Encoding.valueOf(((String) m.get("encoding")).toUpperCase(Locale.ROOT));
        Missing mis = Missing.valueOf(((String) m.get("missing")).toUpperCase(Locale.ROOT));
        List<String> tokens = (List<String>) m.get("missing_tokens");
        List<Column> cols = new ArrayList<>();
        for (Object o : (List<Object>) m.get("columns")) {
            Map<String, Object> e = (Map<String, Object>) o;
            String name = (String) e.get("name");
            if ("numeric".equals(e.get("type"))) {
                cols.add(new Column(name, true, num(e, "mean"), num(e, "std"), num(e, "fill"), List.of()));
            } else {
                cols.add(new Column(name, false, 0, 1, 0, List.copyOf((List<String>) e.get("vocabulary"))));
            }
        }
        String target = null;
        boolean cat = false;
        List<String> classes = List.of();
        double mean = 0, std = 1;
        if (m.get("target") instanceof Map<?, ?> t) {
            target = (String) t.get("name");
            cat = "categorical".equals(t.get("type"));
            if (cat) classes = List.copyOf((List<String>) t.get("classes"));
            else {
                mean = num((Map<String, Object>) t, "mean");
                std = num((Map<String, Object>) t, "std");
            }
        }
        return new TablePreprocessing(cols, enc, mis, tokens, target, cat, classes, mean, std);
    }

    private static double num(Map<String, Object> m, String key) {
        if (m.get(key) instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("table preprocessing: \"" + key + "\" must be a number, got " + m.get(key));
    }

    @Override
    public String toString() {
        return "TablePreprocessing(" + columns.size() + " columns -> " + featureSize + " inputs, target " + target
                + (categoricalTarget ? " " + classNames : target == null ? "" : " numeric") + ")";
    }
}
