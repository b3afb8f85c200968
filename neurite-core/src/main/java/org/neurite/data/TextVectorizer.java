package org.neurite.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Texts to fixed-length sequences of token indices, as Keras' {@code TextVectorization} with
 * {@code output_mode="int"}, and saved with the model (see {@link InputPreprocessor}).
 *
 * <ul>
 *   <li>Standardisation {@link Standardize#LOWER_AND_STRIP_PUNCTUATION} (Keras' default): ASCII
 *       lower-casing (as {@code tf.strings.lower}), then every character of
 *       {@code !"#$%&()*+,-./:;<=>?@[\]^_`{|}~'} removed (Keras' {@code DEFAULT_STRIP_REGEX}).</li>
 *   <li>Split on runs of ASCII whitespace, empty tokens dropped ({@code tf.strings.split}).</li>
 *   <li>Vocabulary ({@link #adapt}): index 0 is padding {@code ""}, 1 is the out-of-vocabulary token
 *       {@code "[UNK]"}, then the training tokens by count, most frequent first, ties broken by the
 *       token's UTF-8 bytes in DESCENDING order (Keras sorts with {@code np.lexsort((tokens,
 *       counts))[::-1]}); at most {@code maxTokens - 2} of them, so the vocabulary has at most
 *       {@code maxTokens} entries including the two special ones.</li>
 *   <li>Output: the first {@code sequenceLength} token indices (truncation at the end), padded
 *       with 0 at the end.</li>
 * </ul>
 */
public final class TextVectorizer implements InputPreprocessor {
    /** Keras' {@code DEFAULT_STRIP_REGEX}. */
    private static final Pattern PUNCTUATION = Pattern.compile("[!\"#$%&()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~']");
    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\n\\r\\f\\u000B]+");
    /** The vocabulary entry of index 0, padding. */
    public static final String PAD = "";
    /** The vocabulary entry of index 1, every token not in the vocabulary. */
    public static final String OOV = "[UNK]";

    /** How text is normalised before it is split on whitespace (Keras' {@code standardize}). */
    public enum Standardize {
        /** Lower case, then Keras' punctuation removed (Keras' default). */
        LOWER_AND_STRIP_PUNCTUATION,
        /** Lower case only. */
        LOWER,
        /** Punctuation removed only. */
        STRIP_PUNCTUATION,
        /** The text as it is. */
        NONE
    }

    private final Standardize standardize;
    private final int sequenceLength;
    private final List<String> vocabulary; // including "" and "[UNK]"
    private final Map<String, Integer> index;

    private TextVectorizer(Standardize standardize, int sequenceLength, List<String> vocabulary) {
        if (sequenceLength < 1) throw new IllegalArgumentException("sequence length must be >= 1, got " + sequenceLength);
        this.standardize = Objects.requireNonNull(standardize);
        this.sequenceLength = sequenceLength;
        this.vocabulary = List.copyOf(vocabulary);
        this.index = new HashMap<>();
        for (int i = 2; i < vocabulary.size(); i++) index.put(vocabulary.get(i), i);
    }

    /**
     * Learns the vocabulary from {@code texts}: at most {@code maxTokens} entries in all (0 means no
     * limit), output sequences of {@code sequenceLength} indices.
     *
     * @param texts the training texts
     * @param maxTokens most vocabulary entries, padding and {@code [UNK]} included; 0 for no limit
     * @param sequenceLength indices per encoded text, at least 1
     * @param standardize how texts are normalised before splitting on whitespace
     * @return the fitted vectorizer
     * @throws IllegalArgumentException if {@code sequenceLength} is below 1
     */
    public static TextVectorizer adapt(Iterable<String> texts, int maxTokens, int sequenceLength, Standardize standardize) {
        if (maxTokens != 0 && maxTokens < 3) throw new IllegalArgumentException("maxTokens must be 0 (no limit) or >= 3 (padding, [UNK] and one token), got " + maxTokens);
        Map<String, int[]> counts = new HashMap<>();
        for (String t : texts) for (String tok : tokens(t, standardize)) counts.computeIfAbsent(tok, k -> new int[1])[0]++;
        counts.remove(PAD);
        counts.remove(OOV);
        List<Map.Entry<String, int[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> {
            int c = Integer.compare(b.getValue()[0], a.getValue()[0]);
            return c != 0 ? c : compareUtf8(b.getKey(), a.getKey());
        });
        int keep = maxTokens == 0 ? entries.size() : Math.min(entries.size(), maxTokens - 2);
        List<String> vocab = new ArrayList<>(keep + 2);
        vocab.add(PAD);
        vocab.add(OOV);
        for (int i = 0; i < keep; i++) vocab.add(entries.get(i).getKey());
        return new TextVectorizer(standardize, sequenceLength, vocab);
    }

    /**
     * With Keras' default standardisation.
     *
     * @param texts the training texts
     * @param maxTokens most vocabulary entries; 0 for no limit
     * @param sequenceLength indices per encoded text, at least 1
     * @return the fitted vectorizer
     */
    public static TextVectorizer adapt(Iterable<String> texts, int maxTokens, int sequenceLength) {
        return adapt(texts, maxTokens, sequenceLength, Standardize.LOWER_AND_STRIP_PUNCTUATION);
    }

    /**
     * The standardised tokens of {@code text}.
     *
     * @param text any text
     * @param standardize the normalisation
     * @return the tokens, split on whitespace
     */
    public static List<String> tokens(String text, Standardize standardize) {
        String s = text;
        if (standardize == Standardize.LOWER || standardize == Standardize.LOWER_AND_STRIP_PUNCTUATION) s = asciiLower(s);
        if (standardize == Standardize.STRIP_PUNCTUATION || standardize == Standardize.LOWER_AND_STRIP_PUNCTUATION) s = PUNCTUATION.matcher(s).replaceAll("");
        List<String> out = new ArrayList<>();
        for (String t : WHITESPACE.split(s)) if (!t.isEmpty()) out.add(t);
        return out;
    }

    /**
     * Token indices of {@code text}, {@link #sequenceLength()} of them (0-padded, truncated at the end).
     *
     * @param text any text
     * @return the indices, unknown tokens 1
     */
    public int[] encode(String text) {
        int[] out = new int[sequenceLength];
        int n = 0;
        for (String tok : tokens(text, standardize)) {
            if (n == sequenceLength) break;
            out[n++] = index.getOrDefault(tok, 1);
        }
        return out;
    }

    /**
     * {@link #encode} as floats into {@code dst} from {@code offset} (the model input of an Embedding layer).
     *
     * @param text any text
     * @param dst the buffer
     * @param offset where the {@link #sequenceLength()} indices go
     */
    public void encode(String text, float[] dst, int offset) {
        int[] ids = encode(text);
        for (int i = 0; i < ids.length; i++) dst[offset + i] = ids[i];
    }

    /** @return the vocabulary, index 0 {@code ""} and 1 {@code "[UNK]"} included (Keras' {@code get_vocabulary()}) */
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** @return the number of indices, for an Embedding layer's input dimension */
    public int vocabularySize() {
        return vocabulary.size();
    }

    /** @return indices per encoded text */
    public int sequenceLength() {
        return sequenceLength;
    }

    /**
     * A sample source of texts with class indices: features {@code (sequenceLength)} token indices, target a class index.
     *
     * @param texts the texts
     * @param labels one class index per text
     * @return the samples
     */
    public SampleSource source(List<String> texts, int[] labels) {
        if (texts.size() != labels.length) throw new IllegalArgumentException(texts.size() + " texts but " + labels.length + " labels");
        List<String> t = List.copyOf(texts);
        int[] l = labels.clone();
        return new SampleSource() {
            @Override
            public int size() {
                return t.size();
            }

            @Override
            public org.neurite.tensor.Shape featureShape() {
                return org.neurite.tensor.Shape.of(sequenceLength);
            }

            @Override
            public org.neurite.tensor.Shape targetShape() {
                return org.neurite.tensor.Shape.scalar();
            }

            @Override
            public void read(int i, float[] x, int xOffset, float[] y, int yOffset) {
                encode(t.get(i), x, xOffset);
                y[yOffset] = l[i];
            }
        };
    }

    private static String asciiLower(String s) {
        char[] c = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                if (c == null) c = s.toCharArray();
                c[i] = (char) (ch + 32);
            }
        }
        return c == null ? s : new String(c);
    }

    private static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- saving

    @Override
    public String kind() {
        return "text";
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind());
        m.put("standardize", standardize.name().toLowerCase(Locale.ROOT));
        m.put("sequence_length", sequenceLength);
        m.put("vocabulary", vocabulary);
        return m;
    }

    /**
     * Rebuilds the vectorizer saved by {@link #toJson()}.
     *
     * @param m the saved state
     * @return the vectorizer
     */
    @SuppressWarnings("unchecked")
    public static TextVectorizer fromJson(Map<String, Object> m) {
        Standardize s = Standardize.valueOf(((String) m.get("standardize")).toUpperCase(Locale.ROOT));
        int len = ((Number) m.get("sequence_length")).intValue();
        List<String> vocab = (List<String>) m.get("vocabulary");
        if (vocab.size() < 2 || !PAD.equals(vocab.get(0)) || !OOV.equals(vocab.get(1))) {
            throw new IllegalArgumentException("text preprocessing: the vocabulary must start with \"\" and \"[UNK]\"");
        }
        return new TextVectorizer(s, len, vocab);
    }

    @Override
    public String toString() {
        return "TextVectorizer(" + vocabulary.size() + " tokens, sequences of " + sequenceLength + ")";
    }
}
