package org.neurite.analysis.receptivefield;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.analysis.receptivefield.FieldRow.Kind;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.*;

class ReceptiveFieldTest {

    @Test
    void dilationUsesTheEffectiveKernel() {
        // 3x3 dilation 2 = 5x5: r = 5; then 3x3 dilation 4 = 9x9: r = 5 + 8 = 13
        List<FieldRow> rows = ReceptiveField.analyze(new Sequential(Input.of(32, 32, 1), new Conv2D(1, 3).dilationRate(2), new Conv2D(1, 3).dilationRate(4)));
        assertArrayEquals(new int[] {5, 5}, rows.get(1).size());
        assertArrayEquals(new int[] {13, 13}, rows.get(2).size());
    }

    @Test
    void samePaddingMovesTheStartNotTheSize() {
        List<FieldRow> rows = ReceptiveField.analyze(new Sequential(Input.of(32, 32, 1), new Conv2D(1, 3).padding("same"), new MaxPooling2D(2), new Conv2D(1, 3).padding("same")));
        AxisField c1 = rows.get(1).axes().get(0);
        assertEquals(3, c1.size());
        assertEquals(0, c1.start(), 0); // centred on pixel 0 (padding 1)
        AxisField p = rows.get(2).axes().get(0);
        assertEquals(4, p.size());
        assertEquals(2, p.jump());
        assertEquals(0.5, p.start(), 1e-12);
        AxisField c2 = rows.get(3).axes().get(0);
        assertEquals(8, c2.size());
        assertEquals(0.5, c2.start(), 1e-12); // k = 3 with padding 1: centred where the pool unit was
    }

    @Test
    void transposedConvolutionAndUpSamplingDivideTheJump() {
        List<FieldRow> rows = ReceptiveField.analyze(new Sequential(Input.of(32, 32, 1), new Conv2D(1, 3).strides(2), new Conv2DTranspose(1, 3).strides(2),
                new UpSampling2D(2)));
        AxisField down = rows.get(1).axes().get(0);
        assertEquals(2, down.jump());
        AxisField up = rows.get(2).axes().get(0);
        assertEquals(1, up.jump(), 1e-12);
        assertEquals(3 + 2 * 1, up.size(), 1e-12); // r + (k - 1) * j/s
        AxisField nn = rows.get(3).axes().get(0);
        assertEquals(0.5, nn.jump(), 1e-12);
        assertEquals(up.size(), nn.size(), 1e-12);
    }

    @Test
    void branchesTakeTheLargestFieldAndGlobalPoolingIsWholeInput() {
        Input in = Input.of(16, 16, 3);
        SymbolicTensor a = new Conv2D(4, 1).padding("same").apply(in);
        SymbolicTensor b = new Conv2D(4, 5).padding("same").apply(new Conv2D(4, 3).padding("same").apply(in));
        SymbolicTensor merged = new Concatenate().apply(a, b);
        SymbolicTensor dense = new Dense(2).apply(merged); // per position: unchanged
        SymbolicTensor g = new GlobalAveragePooling2D().apply(dense);
        Model m = new Model(in, g);
        List<FieldRow> rows = ReceptiveField.analyze(m);
        FieldRow cat = rows.stream().filter(r -> r.className().equals("Concatenate")).findFirst().orElseThrow();
        assertArrayEquals(new int[] {7, 7}, cat.size());
        FieldRow d = rows.stream().filter(r -> r.className().equals("Dense")).findFirst().orElseThrow();
        assertEquals(Kind.LOCAL, d.kind());
        assertArrayEquals(new int[] {7, 7}, d.size());
        FieldRow last = rows.get(rows.size() - 1);
        assertEquals(Kind.WHOLE_INPUT, last.kind());
        assertArrayEquals(new int[] {16, 16}, last.size());
        String text = ReceptiveField.render(m);
        assertTrue(text.contains("whole input (16x16)"), text);
    }
}
