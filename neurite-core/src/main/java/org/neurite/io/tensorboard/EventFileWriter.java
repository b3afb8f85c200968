package org.neurite.io.tensorboard;

import org.neurite.io.ProtoWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.neurite.analysis.Histogram;

/**
 * Writes a TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>}) in a folder:
 * TFRecords ({@link TfRecords}) each holding one {@code tensorflow.Event} message, the first one
 * carrying {@code file_version = "brain.Event:2"}. The messages are those of TensorFlow's
 * {@code event.proto}, {@code summary.proto} and {@code graph.proto}, encoded by hand.
 * The file is appended to as training runs (TensorBoard reads it live), so it is not written
 * through a temporary file; {@link #flush()} makes what was written visible.
 */
public final class EventFileWriter implements Closeable {
    // tensorflow.Event
    private static final int EVENT_WALL_TIME = 1, EVENT_STEP = 2, EVENT_FILE_VERSION = 3, EVENT_GRAPH_DEF = 4, EVENT_SUMMARY = 5;
    // tensorflow.Summary and Summary.Value
    private static final int SUMMARY_VALUE = 1, VALUE_TAG = 1, VALUE_SIMPLE_VALUE = 2, VALUE_HISTO = 5;
    // tensorflow.HistogramProto
    private static final int HISTO_MIN = 1, HISTO_MAX = 2, HISTO_NUM = 3, HISTO_SUM = 4, HISTO_SUM_SQUARES = 5, HISTO_BUCKET_LIMIT = 6, HISTO_BUCKET = 7;
    // tensorflow.GraphDef, NodeDef, AttrValue, AttrValue.ListValue, TensorShapeProto(.Dim), VersionDef
    private static final int GRAPH_NODE = 1, GRAPH_VERSIONS = 4, NODE_NAME = 1, NODE_OP = 2, NODE_INPUT = 3, NODE_ATTR = 5;
    private static final int MAP_KEY = 1, MAP_VALUE = 2, ATTR_LIST = 1, LIST_SHAPE = 7, SHAPE_DIM = 2, DIM_SIZE = 1, VERSION_PRODUCER = 1;

    /**
     * A node of the graph.
     *
     * @param name the layer's name
     * @param op its type, shown as the op
     * @param inputs the names of the nodes it reads
     * @param outputShapes its output shapes, -1 for the batch axis
     */
    public record GraphNode(String name, String op, List<String> inputs, List<int[]> outputShapes) {}

    private final Path file;
    private final OutputStream out;

    /**
     * Creates the folder if needed and a new event file in it, and writes the file-version event.
     *
     * @param folder where the file goes (TensorBoard reads every event file below its {@code --logdir})
     * @throws IOException if the folder or the file cannot be created or written
     */
    public EventFileWriter(Path folder) throws IOException {
        Files.createDirectories(folder);
        long now = System.currentTimeMillis();
        String base = "events.out.tfevents." + (now / 1000) + "." + hostName();
        Path f = folder.resolve(base);
        for (int i = 1; Files.exists(f); i++) f = folder.resolve(base + "." + i); // two writers in one second
        this.file = f;
        this.out = Files.newOutputStream(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        write(event(now / 1000.0, 0).string(EVENT_FILE_VERSION, "brain.Event:2"));
        flush();
    }

    /**
     * The file being written.
     *
     * @return its path, {@code events.out.tfevents.<seconds>.<host>}
     */
    public Path file() {
        return file;
    }

    /**
     * One scalar ({@code Summary.Value.simple_value}) at a step.
     *
     * @param tag the chart's name, e.g. {@code epoch_loss}
     * @param value the value
     * @param step the x coordinate (the epoch)
     * @throws IOException if the file cannot be written
     */
    public void scalar(String tag, float value, long step) throws IOException {
        ProtoWriter v = new ProtoWriter().string(VALUE_TAG, tag).float32(VALUE_SIMPLE_VALUE, value);
        write(event(wallTime(), step).message(EVENT_SUMMARY, new ProtoWriter().message(SUMMARY_VALUE, v)));
    }

    /**
     * One histogram ({@code Summary.Value.histo}) at a step.
     *
     * @param tag the histogram's name, e.g. {@code dense/kernel}
     * @param h the buckets and moments
     * @param step the x coordinate (the epoch)
     * @throws IOException if the file cannot be written
     */
    public void histogram(String tag, Histogram h, long step) throws IOException {
        double[] counts = new double[h.counts().length];
        for (int i = 0; i < counts.length; i++) counts[i] = h.counts()[i];
        ProtoWriter histo = new ProtoWriter().float64(HISTO_MIN, h.min()).float64(HISTO_MAX, h.max()).float64(HISTO_NUM, h.num())
                .float64(HISTO_SUM, h.sum()).float64(HISTO_SUM_SQUARES, h.sumSquares())
                .packedDoubles(HISTO_BUCKET_LIMIT, h.limits()).packedDoubles(HISTO_BUCKET, counts);
        ProtoWriter v = new ProtoWriter().string(VALUE_TAG, tag).message(VALUE_HISTO, histo);
        write(event(wallTime(), step).message(EVENT_SUMMARY, new ProtoWriter().message(SUMMARY_VALUE, v)));
    }

    /**
     * The model graph ({@code Event.graph_def}, a serialized {@code GraphDef}) with {@code _output_shapes} per node.
     *
     * @param nodes the layers, in an order where each node's inputs come before it
     * @throws IOException if the file cannot be written
     */
    public void graph(List<GraphNode> nodes) throws IOException {
        ProtoWriter graph = new ProtoWriter();
        for (GraphNode n : nodes) {
            ProtoWriter node = new ProtoWriter().string(NODE_NAME, n.name()).string(NODE_OP, n.op());
            for (String in : n.inputs()) node.string(NODE_INPUT, in);
            ProtoWriter shapes = new ProtoWriter();
            for (int[] shape : n.outputShapes()) {
                ProtoWriter s = new ProtoWriter();
                for (int d : shape) s.message(SHAPE_DIM, new ProtoWriter().int64(DIM_SIZE, d));
                shapes.message(LIST_SHAPE, s);
            }
            ProtoWriter attr = new ProtoWriter().string(MAP_KEY, "_output_shapes").message(MAP_VALUE, new ProtoWriter().message(ATTR_LIST, shapes));
            graph.message(GRAPH_NODE, node.message(NODE_ATTR, attr));
        }
        graph.message(GRAPH_VERSIONS, new ProtoWriter().int64(VERSION_PRODUCER, 22));
        write(event(wallTime(), 0).bytes(EVENT_GRAPH_DEF, graph.toByteArray()));
    }

    /**
     * Pushes what was written to the file, so that a running TensorBoard sees it.
     *
     * @throws IOException if the file cannot be written
     */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static ProtoWriter event(double wallTime, long step) {
        return new ProtoWriter().float64(EVENT_WALL_TIME, wallTime).int64(EVENT_STEP, step);
    }

    private void write(ProtoWriter event) throws IOException {
        out.write(TfRecords.frame(event.toByteArray()));
    }

    private static double wallTime() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.isEmpty() ? "localhost" : h.replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException | SecurityException e) {
            return "localhost";
        }
    }
}
