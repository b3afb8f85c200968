package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextVectorizerTest {
    @Test
    void standardisesAsKerasDefault() {
        // lower-case ASCII, strip Keras' punctuation set, split on whitespace runs
        assertEquals(List.of("dont", "email", "me", "at", "johndoecom", "ok"),
                TextVectorizer.tokens("Don't E-mail me at\tjohn.doe@x.com?? \n OK!".replace("@x", ""), TextVectorizer.Standardize.LOWER_AND_STRIP_PUNCTUATION));
        assertEquals(List.of("café", "Éé"), TextVectorizer.tokens("CAFé Éé", TextVectorizer.Standardize.LOWER_AND_STRIP_PUNCTUATION)); // non-ASCII kept as is
        assertEquals(List.of("A.b,", "c"), TextVectorizer.tokens(" A.b,  c ", TextVectorizer.Standardize.NONE));
    }

    @Test
    void vocabularyByCountThenTokenDescendingAsKeras() {
        List<String> texts = List.of("The cat sat.", "the dog, the CAT!", "a b");
        // counts: the 3, cat 2, sat/dog/a/b 1; ties sorted by token, high to low: sat, dog, b, a
        TextVectorizer all = TextVectorizer.adapt(texts, 0, 4);
        assertEquals(List.of("", "[UNK]", "the", "cat", "sat", "dog", "b", "a"), all.vocabulary());
        TextVectorizer five = TextVectorizer.adapt(texts, 5, 4); // max_tokens counts padding and [UNK]
        assertEquals(List.of("", "[UNK]", "the", "cat", "sat"), five.vocabulary());
        assertArrayEquals(new int[] {2, 1, 4, 1}, five.encode("The dog sat on the mat")); // truncated after 4
        assertArrayEquals(new int[] {3, 0, 0, 0}, five.encode("cat")); // padded at the end
        TextVectorizer back = TextVectorizer.fromJson(five.toJson());
        assertEquals(five.vocabulary(), back.vocabulary());
        assertArrayEquals(five.encode("a cat, the end"), back.encode("a cat, the end"));
    }
}
