package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurite.data.Dataset;
import org.neurite.data.Mnist;
import org.neurite.data.TrainTest;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.metrics.ClassificationReport;

/** The README's evaluation snippet runs on the embedded digits and its report adds up. */
class ReadmeEvaluationSnippetTest {
    @Test
    void reportOfASmallDigitClassifier() {
        TrainTest mnist = org.neurite.datasets.MnistSubset.load();
        Sequential model = new Sequential(Input.of(28, 28, 1), new Flatten(), new Dense(32, "relu"), new Dense(10, "softmax"));
        model.seed(2);
        ClassificationReport report = ReadmeSnippets.evaluation(model, mnist);
        Dataset test = mnist.test();
        assertEquals(test.size(), report.support());
        long diagonal = 0, total = 0;
        long[][] m = report.confusionMatrix();
        for (int i = 0; i < 10; i++) {
            diagonal += m[i][i];
            for (long v : m[i]) total += v;
        }
        assertEquals(test.size(), total);
        assertEquals((double) diagonal / total, report.accuracy(), 1e-12);
        assertTrue(report.accuracy() > 0.7, report.text());
        assertEquals(report.accuracy(), model.evaluate(test.features(), test.targets()).get("accuracy"), 1e-6);
        assertTrue(report.text().contains("weighted avg"), report.text());
    }
}
