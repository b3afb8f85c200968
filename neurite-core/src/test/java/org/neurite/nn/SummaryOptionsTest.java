package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.Dense;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The summary as data (rows) and the options of Keras' {@code print_summary} (tf.keras 2.12, whose
 * table Neurite prints): {@code line_length}, {@code positions}, {@code show_trainable},
 * {@code expand_nested}. Expected lines are laid out here by the column rules: a leading space,
 * each cell then padded to its column's right edge.
 */
class SummaryOptionsTest {
    @BeforeEach
    void names() {
        LayerNames.reset();
    }

    /** A row: " " + cells, each padded to the next edge (edges absolute), as print_row does for short cells. */
    private static String line(int[] edges, String... cells) {
        StringBuilder sb = new StringBuilder(" ");
        for (int i = 0; i < cells.length; i++) {
            sb.append(cells[i]);
            sb.append(" ".repeat(Math.max(0, edges[i] - sb.length())));
        }
        return sb.toString();
    }

    @Test
    void rowsHoldTheTableAsData() {
        Input in = Input.of(4);
        SymbolicTensor a = new Dense(3).name("a").apply(in);
        SymbolicTensor b = new Dense(3).name("b").apply(in);
        Model m = new Model(in, new Add().name("sum").apply(a, b)).name("m");
        m.getLayer("b").trainable(false);
        List<Summary.Row> rows = m.summaryRows();
        assertEquals(List.of("input_1", "a", "b", "sum"), rows.stream().map(Summary.Row::name).toList());
        Summary.Row sum = rows.get(3);
        assertEquals("Add", sum.className());
        assertEquals("(None, 3)", sum.outputShape());
        assertEquals(List.of("a[0][0]", "b[0][0]"), sum.connectedTo());
        assertEquals(15, rows.get(2).params());
        assertEquals(0, rows.get(2).trainableParams());
        assertEquals(false, rows.get(2).trainable());
        assertEquals("[(None, 4)]", rows.get(0).outputShape());
    }

    @Test
    void showTrainableAddsAnElevenCharacterColumn() {
        Sequential m = new Sequential(Input.of(4), new Dense(3).name("d1"), new Dense(2).name("d2"));
        m.name("s");
        m.getLayer("d2").trainable(false);
        String text = m.summary(new Summary.Options().showTrainable(true));
        int[] edges = {29, 55, 65, 76}; // 65 * (0.45, 0.85, 1), then 65 + 11
        String expected = "Model: \"s\"\n"
                + "_".repeat(76) + "\n"
                + line(edges, "Layer (type)", "Output Shape", "Param #", "Trainable") + "\n"
                + "=".repeat(76) + "\n"
                + line(edges, "d1 (Dense)", "(None, 3)", "15", "Y") + "\n"
                + " ".repeat(76) + "\n"
                + line(edges, "d2 (Dense)", "(None, 2)", "8", "N") + "\n"
                + " ".repeat(76) + "\n"
                + "=".repeat(76) + "\n"
                + "Total params: 23\nTrainable params: 15\nNon-trainable params: 8\n"
                + "_".repeat(76) + "\n";
        assertEquals(expected, text);
    }

    @Test
    void lineLengthAndPositionsPlaceTheColumns() {
        Sequential m = new Sequential(Input.of(4), new Dense(3).name("d1"));
        m.name("s");
        int[] fractions = {40, 64, 80}; // 80 * (0.5, 0.8, 1)
        String[] lines = m.summary(80, 0.5, 0.8, 1.0).split("\n");
        assertEquals("_".repeat(80), lines[1]);
        assertEquals(line(fractions, "Layer (type)", "Output Shape", "Param #"), lines[2]);
        assertEquals(line(fractions, "d1 (Dense)", "(None, 3)", "15"), lines[4]);
        int[] absolute = {20, 35, 45};
        String[] abs = m.summary(45, 20, 35, 45).split("\n");
        assertEquals(line(absolute, "d1 (Dense)", "(None, 3)", "15"), abs[4]);
        // a cell is cut at its column's width minus the 2-space gap and the rest wraps onto the next
        // line; the leading space makes the first column one character too wide (tf.keras 2.12 does so)
        String[] narrow = m.summary(30, 8, 20, 30).split("\n");
        assertEquals(" Layer   Output Sha  Param #  ", narrow[2]);
        assertEquals(" (type)  pe" + " ".repeat(19), narrow[3]);
        assertEquals(" d1 (De  (None, 3)  15        ", narrow[5]);
        assertEquals(" nse)" + " ".repeat(25), narrow[6]);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> m.summary(80, 0.5, 1.0));
        assertEquals("summary: 3 column positions expected for this model, got 2", bad.getMessage());
    }

    /** A layer holding another (as a model used as a layer does), to show expand_nested's frame. */
    private static final class Holder extends Layer {
        private final Dense inner = new Dense(2).name("inner");

        @Override
        protected Shape computeOutputShape(Shape in) {
            return inner.build(in);
        }

        @Override
        protected Tensor call(Tensor x, boolean training) {
            return inner.forward(x, training);
        }

        @Override
        public List<Layer> innerLayers() {
            return List.of(inner);
        }

        @Override
        public long countParams() {
            return inner.countParams();
        }
    }

    @Test
    void expandNestedFramesTheInnerLayers() {
        Sequential m = new Sequential(Input.of(4), new Holder().name("holder"));
        m.name("s");
        int[] edges = {29, 55, 65};
        String[] collapsed = m.summary(new Summary.Options()).split("\n");
        assertEquals(line(edges, "holder (Holder)", "(None, 2)", "10"), collapsed[4]);
        assertEquals(" ".repeat(65), collapsed[5]);
        assertEquals("=".repeat(65), collapsed[6]);
        String[] expanded = m.summary(new Summary.Options().expandNested(true)).split("\n");
        assertEquals(line(edges, "holder (Holder)", "(None, 2)", "10"), expanded[4]);
        assertEquals("|" + "\u00af".repeat(63) + "|", expanded[5]);
        // nested rows: "|" + " " + cells, padded one short of each edge, then a closing "|"
        String inner = "| inner (Dense)" + " ".repeat(28 - "| inner (Dense)".length()) + "(None, 2)" + " ".repeat(54 - 28 - 9) + "10" + " ".repeat(64 - 54 - 2) + "|";
        assertEquals(inner, expanded[6]);
        assertEquals("\u00af".repeat(65), expanded[7]); // the last nested row has no separator; the frame closes
        assertEquals(" ".repeat(65), expanded[8]);
        assertEquals("=".repeat(65), expanded[9]);
    }
}
