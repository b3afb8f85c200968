package org.neurite.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/**
 * Spark ML persistence of the Neurite stages: the params as Spark's standard metadata (so that
 * {@code Pipeline} and {@code PipelineModel} save and load them like any stage) and the network
 * as a Neurite model file in {@code <path>/neurite/model.nrt}, on any Hadoop file system.
 */
final class NeuritePersistence {
    static final String MODEL_FILE = "neurite/model.nrt";

    private NeuritePersistence() {}

    static final class Writer extends MLWriter {
        private final Params stage;
        private final byte[] modelBytes;

        Writer(Params stage, byte[] modelBytes) {
            this.stage = stage;
            this.modelBytes = modelBytes;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(stage, path, sparkSession());
            Path file = new Path(path, MODEL_FILE);
            try {
                FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                try (OutputStream out = fs.create(file, true)) {
                    out.write(modelBytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    static final class Reader<T extends Params> extends MLReader<T> {
        private final Class<T> type;
        private final BiFunction<String, byte[], T> create;

        Reader(Class<T> type, BiFunction<String, byte[], T> create) {
            this.type = type;
            this.create = create;
        }

        @Override
        public T load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), type.getName());
            Path file = new Path(path, MODEL_FILE);
            byte[] bytes;
            try {
                FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                long size = fs.getFileStatus(file).getLen();
                if (size > Integer.MAX_VALUE - 8) throw new IOException("model file of " + size + " bytes is too large to load into one array");
                try (InputStream in = fs.open(file)) {
                    bytes = in.readAllBytes();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the Neurite model of " + type.getSimpleName() + " at " + file + ": " + e.getMessage(), e);
            }
            T stage = create.apply(metadata.uid(), bytes);
            metadata.getAndSetParams(stage, scala.Option.empty());
            return stage;
        }
    }
}
