package org.neurite.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.neurite.data.CsvTable;
import org.neurite.data.ImageFolder;
import org.neurite.data.ImagePreprocessing;
import org.neurite.data.InputPreprocessor;
import org.neurite.data.TablePreprocessing;
import org.neurite.io.AtomicFile;
import org.neurite.nn.Model;
import org.neurite.tensor.Tensor;

/**
 * {@code ./neurite predict MODEL --input FILE|DIR [--out preds.csv]}: predictions for image files or
 * table rows, loaded with the preprocessing saved in the model, written as CSV.
 */
final class PredictCommand implements Main.Command {
    private static final Set<String> OPTIONS = Set.of("input", "out", "batch-size", "threads");

    @Override
    public String summary() {
        return "predict image files or CSV rows with a saved model (its saved preprocessing applied), as CSV";
    }

    @Override
    public String usage() {
        return """
                Usage: ./neurite predict MODEL.nrt --input FILE|DIR [--out PREDICTIONS.csv] [--batch-size N]
                  Loads the inputs the way the model's training data was loaded (saved in the model by ./neurite train)
                  and writes one CSV line per input: the input, the prediction and, for classes, each class probability.
                  --input FILE|DIR  an image file or a folder of images (searched recursively) for an image model;
                                    a CSV table with the training columns (the target column may be absent) for a table model
                  --out FILE        where to write the CSV; default: standard output
                  --batch-size N    default 256""";
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, 1, Set.of());
        args.allowOnly(OPTIONS);
        if (args.positionals().size() != 1) throw new Args.UsageException("expected one model file, got " + args.positionals());
        if (!args.has("input")) throw new Args.UsageException("--input FILE|DIR is required");
        if (args.has("threads")) org.neurite.kernel.Parallel.setThreads(args.getInt("threads", org.neurite.kernel.Parallel.threads()));
        Path modelFile = Path.of(args.positionals().get(0));
        Model model = Model.load(modelFile);
        Path input = Path.of(args.get("input", ""));
        int batch = args.getInt("batch-size", 256);
        InputPreprocessor pre = model.preprocessor();
        StringBuilder csv = new StringBuilder();
        List<String> problems = new ArrayList<>();
        int rows;
        if (pre instanceof ImagePreprocessing ip) {
            rows = predictImages(model, ip, input, batch, csv);
        } else if (pre instanceof TablePreprocessing tp) {
            rows = predictTable(model, tp, input, batch, csv, problems);
        } else {
            throw new IllegalArgumentException(modelFile + ": the model has no saved image or table preprocessing"
                    + (pre == null ? "" : " (it has " + pre.kind() + ")") + "; predict works on models trained by ./neurite train --data DIR|FILE.csv");
        }
        if (args.has("out")) {
            Path o = Path.of(args.get("out", "")).toAbsolutePath();
            byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
            AtomicFile.write(o, s -> s.write(bytes));
            out.printf("Wrote %,d predictions to %s%n", rows, o);
        } else {
            out.print(csv);
        }
        if (!problems.isEmpty()) {
            out.printf("%,d of %,d rows have no prediction (empty in the CSV), e.g. %s%n", problems.size(), rows, problems.get(0));
            return 1;
        }
        return 0;
    }

    private static int predictImages(Model model, ImagePreprocessing ip, Path input, int batch, StringBuilder csv) throws IOException {
        List<Path> files;
        if (Files.isDirectory(input)) {
            try (Stream<Path> s = Files.walk(input)) {
                files = s.filter(Files::isRegularFile).filter(ImageFolder::isImageFile).sorted().toList();
            }
            if (files.isEmpty()) throw new IOException(input + ": no image files (" + String.join(", ", ImageFolder.EXTENSIONS) + ") found");
        } else if (Files.isRegularFile(input)) {
            files = List.of(input);
        } else {
            throw new java.nio.file.NoSuchFileException(input.toString(), null, "--input: no such file or folder");
        }
        header(csv, "file", ip.classNames());
        int c = ip.colorMode().channels(), row = ip.height() * ip.width() * c;
        for (int from = 0; from < files.size(); from += batch) {
            int n = Math.min(batch, files.size() - from);
            float[] x = new float[n * row];
            for (int k = 0; k < n; k++) System.arraycopy(ip.load(files.get(from + k)), 0, x, k * row, row);
            Tensor p = model.predict(Tensor.of(x, n, ip.height(), ip.width(), c), batch);
            for (int k = 0; k < n; k++) line(csv, files.get(from + k).toString(), p, k, ip.classNames(), null);
        }
        return files.size();
    }

    private static int predictTable(Model model, TablePreprocessing tp, Path input, int batch, StringBuilder csv, List<String> problems) throws IOException {
        CsvTable t = CsvTable.read(input);
        List<String> classes = tp.categoricalTarget() ? tp.classNames() : List.of();
        header(csv, "line", classes);
        int width = tp.featureSize();
        // rows that cannot be transformed (a missing value the model has no fill for) get an empty prediction
        List<Integer> ok = new ArrayList<>();
        float[] x = new float[t.size() * width];
        for (int r = 0; r < t.size(); r++) {
            try {
                System.arraycopy(tp.features(t.rows(new int[] {r})), 0, x, ok.size() * width, width);
                ok.add(r);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        Tensor p = ok.isEmpty() ? null : model.predict(Tensor.of(java.util.Arrays.copyOf(x, ok.size() * width), ok.size(), width), batch);
        int k = 0;
        for (int r = 0; r < t.size(); r++) {
            if (k < ok.size() && ok.get(k) == r) {
                line(csv, Integer.toString(t.line(r)), p, k, classes, tp);
                k++;
            } else {
                csv.append(t.line(r)).append(",\n");
            }
        }
        return t.size();
    }

    private static void header(StringBuilder csv, String first, List<String> classes) {
        csv.append(first).append(",prediction");
        for (String c : classes) csv.append(',').append(quote("p_" + c));
        csv.append('\n');
    }

    private static void line(StringBuilder csv, String id, Tensor p, int k, List<String> classes, TablePreprocessing regression) {
        csv.append(quote(id)).append(',');
        float[] d = p.data();
        int width = p.dim(1);
        if (classes.isEmpty()) {
            csv.append(String.format(Locale.ROOT, "%.6g", regression.targetToOriginal(d[k * width])));
        } else {
            int best = 0;
            for (int j = 1; j < width; j++) if (d[k * width + j] > d[k * width + best]) best = j;
            csv.append(quote(classes.get(best)));
            for (int j = 0; j < width; j++) csv.append(',').append(String.format(Locale.ROOT, "%.6f", d[k * width + j]));
        }
        csv.append('\n');
    }

    /** RFC 4180 quoting when needed. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
