#!/usr/bin/env python3
"""Writes the Keras architecture-JSON fixtures of KerasJsonTest and the expected summaries.

Keras itself is not installed, so the files are written by hand, layer by layer, in the layout
that `model.to_json()` produces:
  * Keras 2 (tf.keras 2.12): {"class_name": "Sequential" | "Functional", "config": {"name", "layers",
    ["input_layers", "output_layers"]}, "keras_version", "backend"}; every layer config holds the
    full get_config() key set of tf.keras 2.12 (data_format, constraints, activity_regularizer, ...);
    initializers are {"class_name": "GlorotUniform", "config": {"seed": null}}; functional inbound
    nodes are [[["layer", node_index, tensor_index, {}], ...]].
  * Keras 3 (3.3): the same plus "module" / "registered_name" / "build_config"; dtype is a
    DTypePolicy object; InputLayer has "batch_shape"; inbound nodes are
    {"args": [{"class_name": "__keras_tensor__", "config": {"shape", "dtype", "keras_history": [layer, node, tensor]}}],
     "kwargs": {}}.
The expected summaries (*.summary.txt) are Keras 2.12's model.summary() text, formatted by a port
of keras/utils/layer_utils.py print_summary/print_row (below), from rows (name, class, output
shape, params) taken from ../shared/conformance/cases.json (C000-01, C000-04, C003-01) or
worked out by hand (LSTM, residual block, Inception module).

Run: /usr/bin/python3 make_json_fixtures.py   (writes next to this file)
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------- Keras 2 configs

def init2(cls, **cfg):
    if cls in ("GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal"):
        cfg.setdefault("seed", None)
    if cls == "Orthogonal":
        cfg = {"gain": 1.0, "seed": None}
    return {"class_name": cls, "config": cfg}


def conv2d(name, filters, k, strides=1, padding="valid", activation="linear", use_bias=True, extra=None):
    c = {"name": name, "trainable": True, "dtype": "float32", "filters": filters, "kernel_size": [k, k],
         "strides": [strides, strides], "padding": padding, "data_format": "channels_last",
         "dilation_rate": [1, 1], "groups": 1, "activation": activation, "use_bias": use_bias,
         "kernel_initializer": init2("GlorotUniform"), "bias_initializer": init2("Zeros"),
         "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
         "kernel_constraint": None, "bias_constraint": None}
    c.update(extra or {})
    return ("Conv2D", c)


def conv2d_transpose(name, filters, k, strides, padding, activation):
    cls, c = conv2d(name, filters, k, strides, padding, activation)
    c["output_padding"] = None
    del c["groups"]
    return ("Conv2DTranspose", c)


def maxpool(name, pool=2, strides=None, padding="valid"):
    return ("MaxPooling2D", {"name": name, "trainable": True, "dtype": "float32", "pool_size": [pool, pool],
                             "padding": padding, "strides": [strides or pool] * 2, "data_format": "channels_last"})


def upsampling(name, size=2):
    return ("UpSampling2D", {"name": name, "trainable": True, "dtype": "float32", "size": [size, size],
                             "data_format": "channels_last", "interpolation": "nearest"})


def flatten(name):
    return ("Flatten", {"name": name, "trainable": True, "dtype": "float32", "data_format": "channels_last"})


def dense(name, units, activation="linear", extra=None):
    c = {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
         "use_bias": True, "kernel_initializer": init2("GlorotUniform"), "bias_initializer": init2("Zeros"),
         "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
         "kernel_constraint": None, "bias_constraint": None}
    c.update(extra or {})
    return ("Dense", c)


def dropout(name, rate):
    return ("Dropout", {"name": name, "trainable": True, "dtype": "float32", "rate": rate, "noise_shape": None, "seed": None})


def batchnorm(name, axis):
    return ("BatchNormalization", {"name": name, "trainable": True, "dtype": "float32", "axis": axis, "momentum": 0.99,
                                   "epsilon": 0.001, "center": True, "scale": True,
                                   "beta_initializer": init2("Zeros"), "gamma_initializer": init2("Ones"),
                                   "moving_mean_initializer": init2("Zeros"), "moving_variance_initializer": init2("Ones"),
                                   "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None,
                                   "gamma_constraint": None, "synchronized": False})


def lstm(name, units, return_sequences=False, extra=None):
    c = {"name": name, "trainable": True, "dtype": "float32", "return_sequences": return_sequences,
         "return_state": False, "go_backwards": False, "stateful": False, "unroll": False, "time_major": False,
         "units": units, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
         "kernel_initializer": init2("GlorotUniform"), "recurrent_initializer": init2("Orthogonal"),
         "bias_initializer": init2("Zeros"), "unit_forget_bias": True, "kernel_regularizer": None,
         "recurrent_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
         "kernel_constraint": None, "recurrent_constraint": None, "bias_constraint": None, "dropout": 0.0,
         "recurrent_dropout": 0.0, "implementation": 2}
    c.update(extra or {})
    return ("LSTM", c)


def add(name):
    return ("Add", {"name": name, "trainable": True, "dtype": "float32"})


def concatenate(name, axis=-1):
    return ("Concatenate", {"name": name, "trainable": True, "dtype": "float32", "axis": axis})


def activation(name, act):
    return ("Activation", {"name": name, "trainable": True, "dtype": "float32", "activation": act})


def input2(name, shape):
    return ("InputLayer", {"batch_input_shape": [None] + shape, "dtype": "float32", "sparse": False,
                           "ragged": False, "name": name})


def sequential2(name, layers):
    return {"class_name": "Sequential",
            "config": {"name": name, "layers": [{"class_name": c, "config": cfg} for c, cfg in layers]},
            "keras_version": "2.12.0", "backend": "tensorflow"}


def functional2(name, layers, inbound, inputs, outputs):
    """inbound: {layer name: [[source, ...]] } one list of source names per application."""
    entries = []
    for cls, cfg in layers:
        n = cfg["name"]
        nodes = [[[src, 0, 0, {}] for src in node] for node in inbound.get(n, [])]
        entries.append({"class_name": cls, "config": cfg, "name": n, "inbound_nodes": nodes})
    return {"class_name": "Functional",
            "config": {"name": name, "layers": entries, "input_layers": [[i, 0, 0] for i in inputs],
                       "output_layers": [[o, 0, 0] for o in outputs]},
            "keras_version": "2.12.0", "backend": "tensorflow"}

# ----------------------------------------------------------------------------- Keras 3 conversion

DTYPE3 = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def to3(cls, cfg, input_shape):
    """A Keras 2 layer entry in Keras 3 form (module, registered_name, DTypePolicy, build_config)."""
    cfg = dict(cfg)
    if cls == "InputLayer":
        cfg = {"batch_shape": cfg["batch_input_shape"], "dtype": "float32", "sparse": False, "name": cfg["name"]}
        return {"module": "keras.layers", "class_name": cls, "config": cfg, "registered_name": None}
    cfg["dtype"] = DTYPE3
    for k, v in list(cfg.items()):
        if k != "dtype" and isinstance(v, dict) and "class_name" in v:
            cfg[k] = {"module": "keras.initializers", "class_name": v["class_name"], "config": v["config"], "registered_name": None}
    for k in ("time_major", "implementation", "unroll"):
        cfg.pop(k, None)
    if cls == "BatchNormalization" and isinstance(cfg["axis"], list):
        cfg["axis"] = -1
    if cls == "Dense":
        cfg["lora_rank"] = None
    if cls == "LSTM":
        cfg["seed"] = None
    e = {"module": "keras.layers", "class_name": cls, "config": cfg, "registered_name": None}
    if input_shape is not None:
        e["build_config"] = {"input_shape": input_shape}
    return e


def ktensor(src, shape):
    return {"class_name": "__keras_tensor__", "config": {"shape": shape, "dtype": "float32", "keras_history": [src, 0, 0]}}


def sequential3(name, layers, shapes):
    entries = [to3(c, cfg, shapes.get(cfg["name"])) for c, cfg in layers]
    return {"module": "keras", "class_name": "Sequential",
            "config": {"name": name, "trainable": True, "dtype": DTYPE3, "layers": entries},
            "registered_name": None, "build_config": {"input_shape": layers[0][1]["batch_input_shape"]}}


def functional3(name, layers, inbound, inputs, outputs, shapes):
    """shapes: output shape (with None batch) of each layer, for the keras tensors."""
    entries = []
    for cls, cfg in layers:
        n = cfg["name"]
        srcs = inbound.get(n, [])
        e = to3(cls, cfg, None if cls == "InputLayer" else (shapes[srcs[0][0]] if len(srcs[0]) == 1 else [shapes[s] for s in srcs[0]]))
        e["name"] = n
        nodes = []
        for node in srcs:
            tensors = [ktensor(s, shapes[s]) for s in node]
            args = tensors if len(tensors) == 1 else [tensors]  # merge layers get one list
            kwargs = {"training": False} if cls == "Dropout" else ({"mask": None} if cls == "Conv2D" else {})
            nodes.append({"args": args, "kwargs": kwargs})
        e["inbound_nodes"] = nodes
        entries.append(e)
    return {"module": "keras.src.models.functional", "class_name": "Functional",
            "config": {"name": name, "trainable": True, "layers": entries,
                       "input_layers": [[i, 0, 0] for i in inputs] if len(inputs) > 1 else [inputs[0], 0, 0],
                       "output_layers": [[o, 0, 0] for o in outputs] if len(outputs) > 1 else [outputs[0], 0, 0]},
            "registered_name": "Functional"}

# ----------------------------------------------------------------------------- Keras 2.12 print_summary

def print_row(fields, positions):
    left = [str(x) for x in fields]
    out = []
    while any(left):
        line = ""
        for col in range(len(left)):
            start = positions[col - 1] if col > 0 else 0
            end = positions[col]
            space = 2 if col != len(positions) - 1 else 0
            cutoff = end - start - space
            fit = left[col][:cutoff]
            if col == 0:
                line += " "
            candidate = [fit.find(b) + len(b) for b in ("),", "},", "],", "',") if fit.find(b) >= 0]
            if candidate:
                cutoff = min(candidate)
                fit = fit[:cutoff]
            line += fit + " " * space
            left[col] = left[col][cutoff:]
            line += " " * (positions[col] - len(line))
        out.append(line)
    return out


def shape_str(s):
    return "(" + ", ".join("None" if d is None else str(d) for d in s) + ")"


def summary(name, rows, short, totals):
    """rows: (name, class, output shape (with None), params, connected-to list or None for input)."""
    width = 65 if short else 98
    positions = [29, 55, 65] if short else [32, 53, 65, 98]
    lines = ['Model: "%s"' % name, "_" * width]
    lines += print_row(["Layer (type)", "Output Shape", "Param #"] + ([] if short else ["Connected to"]), positions)
    lines.append("=" * width)
    for n, cls, shape, params, conn in rows:
        shp = "[" + shape_str(shape) + "]" if cls == "InputLayer" else shape_str(shape)
        fields = [n + " (" + cls + ")", shp, params]
        if not short:
            fields.append(str(["%s[0][0]" % c for c in conn]))
        lines += print_row(fields, positions)
        lines.append(" " * width)
    total, trainable = totals
    lines.append("=" * width)
    lines.append("Total params: {:,}".format(total))
    lines.append("Trainable params: {:,}".format(trainable))
    lines.append("Non-trainable params: {:,}".format(total - trainable))
    lines.append("_" * width)
    return "\n".join(lines) + "\n"


def cases_rows(case_id):
    path = os.path.join(HERE, "..", "..", "..", "..", "..", "..", "shared", "conformance", "cases.json")
    for c in json.load(open(path)):
        if c["id"] == case_id:
            e = c["expected"].get("summary", c["expected"])
            return [(l["name"], l["type"], l["output_shape"], l["params"]) for l in e["layers"]], \
                   (e["total_params"], e["trainable_params"])
    raise KeyError(case_id)


def write(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        if isinstance(obj, str):
            f.write(obj)
        else:
            json.dump(obj, f, indent=1)
            f.write("\n")

# ----------------------------------------------------------------------------- the models


def c000_01():
    layers = [input2("conv2d_2_input", [32, 32, 3]),
              conv2d("conv2d_2", 4, 3, padding="same", activation="relu"), maxpool("max_pooling2d_2", 2, 2),
              conv2d("conv2d_3", 8, 3, padding="same", activation="relu"), maxpool("max_pooling2d_3", 2, 2),
              flatten("flatten_1"), dense("dense_2", 28, "relu"), dense("dense_3", 10, "softmax")]
    write("c000_01_cifar.keras2.json", sequential2("sequential", layers))
    shapes = {"conv2d_2": [None, 32, 32, 3], "max_pooling2d_2": [None, 32, 32, 4], "conv2d_3": [None, 16, 16, 4],
              "max_pooling2d_3": [None, 16, 16, 8], "flatten_1": [None, 8, 8, 8], "dense_2": [None, 512], "dense_3": [None, 28]}
    layers3 = [(c, dict(cfg, name="input_layer") if c == "InputLayer" else cfg) for c, cfg in layers]
    write("c000_01_cifar.keras3.json", sequential3("sequential", layers3, shapes))
    rows, totals = cases_rows("C000-01")
    write("c000_01_cifar.summary.txt", summary("sequential", [r + (None,) for r in rows], True, totals))


def chain(layers):
    """Inbound nodes of a chain: every layer takes the previous one."""
    return {cfg["name"]: [[layers[i - 1][1]["name"]]] for i, (c, cfg) in enumerate(layers) if i > 0}


def c000_04():
    layers = [input2("input_1", [28, 28, 1]),
              conv2d("conv2d", 16, 3, padding="same", activation="relu"), maxpool("max_pooling2d", 2, padding="same"),
              conv2d("conv2d_1", 8, 3, padding="same", activation="relu"), maxpool("max_pooling2d_1", 2, padding="same"),
              conv2d("conv2d_2", 8, 3, padding="same", activation="relu"), maxpool("max_pooling2d_2", 2, padding="same"),
              conv2d("conv2d_3", 8, 3, padding="same", activation="relu"), upsampling("up_sampling2d"),
              conv2d("conv2d_4", 8, 3, padding="same", activation="relu"), upsampling("up_sampling2d_1"),
              conv2d("conv2d_5", 16, 3, padding="valid", activation="relu"), upsampling("up_sampling2d_2"),
              conv2d("conv2d_6", 1, 3, padding="same", activation="sigmoid")]
    write("c000_04_autoencoder.keras2.json", functional2("model", layers, chain(layers), ["input_1"], ["conv2d_6"]))
    rows, totals = cases_rows("C000-04")
    write("c000_04_autoencoder.summary.txt", summary("model", [r + (None,) for r in rows], True, totals))


def c003_01():
    layers = [input2("input", [128, 256, 3]),
              conv2d("conv1", 16, 5, padding="same", activation="relu"), maxpool("mp1", 2),
              conv2d("conv2", 32, 3, padding="same", activation="relu"), maxpool("mp2", 2),
              dropout("dropout", 0.3), conv2d("conv3", 128, 1, padding="same", activation="relu"),
              batchnorm("batchNorm", [3]),
              conv2d_transpose("convt1", 32, 3, 2, "same", "relu"), conv2d_transpose("convt2", 16, 3, 2, "same", "relu"),
              conv2d_transpose("output", 3, 1, 1, "same", "sigmoid")]
    rows, totals = cases_rows("C003-01")
    shapes = {r[0]: r[2] for r in rows}
    write("c003_01_segmentation.keras3.json", functional3("functional", layers, chain(layers), ["input"], ["output"], shapes))
    write("c003_01_segmentation.keras2.json", functional2("functional", layers, chain(layers), ["input"], ["output"]))
    write("c003_01_segmentation.summary.txt", summary("functional", [r + (None,) for r in rows], True, totals))


def lstm_model():
    # Keras 2 before InputLayer entries: the first layer carries batch_input_shape.
    first = lstm("lstm", 32, return_sequences=True)
    first[1]["batch_input_shape"] = [None, 10, 8]
    layers = [first, lstm("lstm_1", 16), dropout("dropout", 0.2), dense("dense", 1)]
    write("lstm_forecaster.keras2.json", sequential2("sequential", layers))
    # lstm: 4*(32*(8+32)+32) = 5248; lstm_1: 4*(16*(32+16)+16) = 3136; dense: 17
    rows = [("lstm", "LSTM", [None, 10, 32], 5248, None), ("lstm_1", "LSTM", [None, 16], 3136, None),
            ("dropout", "Dropout", [None, 16], 0, None), ("dense", "Dense", [None, 1], 17, None)]
    write("lstm_forecaster.summary.txt", summary("sequential", rows, True, (8401, 8401)))


def residual_block():
    layers = [input2("input_1", [8, 8, 4]), conv2d("conv2d", 4, 3, padding="same", activation="relu"),
              conv2d("conv2d_1", 4, 3, padding="same"), add("add"), activation("activation", "relu")]
    inbound = {"conv2d": [["input_1"]], "conv2d_1": [["conv2d"]], "add": [["conv2d_1", "input_1"]], "activation": [["add"]]}
    shapes = {"input_1": [None, 8, 8, 4], "conv2d": [None, 8, 8, 4], "conv2d_1": [None, 8, 8, 4], "add": [None, 8, 8, 4],
              "activation": [None, 8, 8, 4]}
    write("residual_block.keras3.json", functional3("model", layers, inbound, ["input_1"], ["activation"], shapes))
    rows = [("input_1", "InputLayer", [None, 8, 8, 4], 0, []), ("conv2d", "Conv2D", [None, 8, 8, 4], 148, ["input_1"]),
            ("conv2d_1", "Conv2D", [None, 8, 8, 4], 148, ["conv2d"]), ("add", "Add", [None, 8, 8, 4], 0, ["conv2d_1", "input_1"]),
            ("activation", "Activation", [None, 8, 8, 4], 0, ["add"])]
    write("residual_block.summary.txt", summary("model", rows, False, (296, 296)))


def inception():
    # GoogLeNet-style module on a 16x16x32 input; layers listed in Keras' model.layers order
    # (deepest first, then traversal order from the output), as get_config() writes them.
    layers = [input2("input_1", [16, 16, 32]),
              conv2d("conv2d_1", 8, 1, padding="same", activation="relu"),
              conv2d("conv2d_3", 4, 1, padding="same", activation="relu"),
              maxpool("max_pooling2d", 3, 1, padding="same"),
              conv2d("conv2d", 16, 1, padding="same", activation="relu"),
              conv2d("conv2d_2", 16, 3, padding="same", activation="relu"),
              conv2d("conv2d_4", 8, 5, padding="same", activation="relu"),
              conv2d("conv2d_5", 8, 1, padding="same", activation="relu"),
              concatenate("concatenate")]
    inbound = {"conv2d": [["input_1"]], "conv2d_1": [["input_1"]], "conv2d_2": [["conv2d_1"]], "conv2d_3": [["input_1"]],
               "conv2d_4": [["conv2d_3"]], "max_pooling2d": [["input_1"]], "conv2d_5": [["max_pooling2d"]],
               "concatenate": [["conv2d", "conv2d_2", "conv2d_4", "conv2d_5"]]}
    write("inception_module.keras2.json", functional2("model", layers, inbound, ["input_1"], ["concatenate"]))
    s = [None, 16, 16]
    rows = [("input_1", "InputLayer", s + [32], 0, []),
            ("conv2d_1", "Conv2D", s + [8], 32 * 8 + 8, ["input_1"]),
            ("conv2d_3", "Conv2D", s + [4], 32 * 4 + 4, ["input_1"]),
            ("max_pooling2d", "MaxPooling2D", s + [32], 0, ["input_1"]),
            ("conv2d", "Conv2D", s + [16], 32 * 16 + 16, ["input_1"]),
            ("conv2d_2", "Conv2D", s + [16], 9 * 8 * 16 + 16, ["conv2d_1"]),
            ("conv2d_4", "Conv2D", s + [8], 25 * 4 * 8 + 8, ["conv2d_3"]),
            ("conv2d_5", "Conv2D", s + [8], 32 * 8 + 8, ["max_pooling2d"]),
            ("concatenate", "Concatenate", s + [48], 0, ["conv2d", "conv2d_2", "conv2d_4", "conv2d_5"])]
    total = sum(r[3] for r in rows)
    write("inception_module.summary.txt", summary("model", rows, False, (total, total)))


def unsupported():
    # Five problems in four layers, to be reported together; one of them (the constraint) is harmless.
    layers = [input2("input_1", [32, 32, 3]),
              conv2d("conv2d", 8, 3, extra={"data_format": "channels_first"}),
              ("AlphaDropout", {"name": "alpha_dropout", "trainable": True, "dtype": "float32", "rate": 0.1,
                                    "noise_shape": None, "seed": None}),
              flatten("flatten"),
              dense("dense", 10, extra={"kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}},
                                        "groups": 2, "activation": "selu_custom"})]
    write("unsupported.keras2.json", sequential2("sequential", layers))


if __name__ == "__main__":
    c000_01()
    c000_04()
    c003_01()
    lstm_model()
    residual_block()
    inception()
    unsupported()
