#!/usr/bin/env python3
"""Keras weight-file fixtures of KerasWeightsTest, written with h5py (Debian python3-h5py) in the
layouts Keras writes (Keras itself is not installed):

  Keras 3 (keras/src/saving/saving_lib.py, H5IOStore): groups named after the snake-cased class,
    counted in model order: /layers/conv2d/vars/0 (kernel), /layers/conv2d/vars/1 (bias),
    /layers/batch_normalization/vars/0..3, /layers/flatten/vars (empty), /layers/lstm/cell/vars/0..2,
    plus the empty top-level /vars and /optimizer/vars groups; a .keras file is a zip of
    config.json (model JSON), model.weights.h5 and metadata.json.
  Keras 2 legacy (keras/saving/legacy/hdf5_format.py): root attribute layer_names, one group per layer
    with attribute weight_names ("lstm/lstm_cell/kernel:0", ...), each dataset at <layer>/<weight name>;
    model.save("x.h5") puts that under /model_weights and the JSON in the root attribute model_config.

Every weight value is value(l, v, i) = l + v / 10 + i / 1000 (l: index of the layer among those with
weights, v: index of the variable in the layer, i: flat C-order index), so the test can check each
number landed where it belongs.

Run: /usr/bin/python3 make_h5_fixtures.py   (writes next to this file)
"""
import json
import os
import sys
import zipfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "..", "neurite-core", "src", "test", "resources", "keras"))
import make_json_fixtures as kj  # noqa: E402  (the Keras JSON layer helpers)

CNN = [kj.input2("input_layer", [6, 6, 2]), kj.conv2d("conv", 3, 3, activation="relu"), kj.batchnorm("bn", -1),
       kj.flatten("flatten"), kj.dense("out", 4, "softmax")]
CNN_VARS = [("conv", "conv2d", [("kernel", (3, 3, 2, 3)), ("bias", (3,))]),
            ("bn", "batch_normalization", [("gamma", (3,)), ("beta", (3,)), ("moving_mean", (3,)), ("moving_variance", (3,))]),
            ("flatten", "flatten", []),
            ("out", "dense", [("kernel", (48, 4)), ("bias", (4,))])]
RNN = [kj.input2("input_layer", [5, 3]), kj.lstm("lstm", 4), kj.dense("dense", 2)]
RNN_VARS = [("lstm", "lstm", [("kernel", (3, 16)), ("recurrent_kernel", (4, 16)), ("bias", (16,))]),
            ("dense", "dense", [("kernel", (4, 2)), ("bias", (2,))])]


def values(l, v, shape):
    n = int(np.prod(shape))
    return (l + v / 10 + np.arange(n) / 1000).astype(np.float32).reshape(shape)


def weighted(spec):
    """(layer name, keras3 group, [(var name, shape)], index among layers with weights)."""
    out, l = [], 0
    for name, group, vars_ in spec:
        out.append((name, group, vars_, l))
        if vars_:
            l += 1
    return out


def write_keras3(path, spec, cell_of=()):
    with h5py.File(path, "w") as f:
        f.create_group("vars")
        layers = f.create_group("layers")
        for name, group, vars_, l in weighted(spec):
            g = layers.create_group(group)
            g.create_group("vars")
            target = g.create_group("cell").create_group("vars") if group in cell_of else g["vars"]
            for v, (_, shape) in enumerate(vars_):
                target.create_dataset(str(v), data=values(l, v, shape))
        f.create_group("optimizer").create_group("vars")


def write_legacy(group, spec, cell_names=None):
    names = [name for name, _, _, _ in weighted(spec)]
    group.attrs["layer_names"] = np.array([n.encode() for n in names])
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.12.0"
    for name, _, vars_, l in weighted(spec):
        g = group.create_group(name)
        prefix = name + "/" + (cell_names[name] + "/" if cell_names and name in cell_names else "")
        weight_names = [prefix + var + ":0" for var, _ in vars_]
        g.attrs["weight_names"] = np.array([w.encode() for w in weight_names])
        for v, ((_, shape), w) in enumerate(zip(vars_, weight_names)):
            g.create_dataset(w, data=values(l, v, shape))


def main():
    # .keras zip: Keras 3 config + weights
    tmp = os.path.join(HERE, "_cnn.weights.h5")
    write_keras3(tmp, CNN_VARS)
    shapes = {"conv": [None, 6, 6, 2], "bn": [None, 4, 4, 3], "flatten": [None, 4, 4, 3], "out": [None, 48]}
    config = kj.sequential3("cnn", CNN, shapes)
    with zipfile.ZipFile(os.path.join(HERE, "cnn.keras"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.3.3", "date_saved": "2024-05-01@12:00:00"}))
        z.writestr("config.json", json.dumps(config))
        z.write(tmp, "model.weights.h5")
    os.remove(tmp)

    # legacy full-model .h5 (Keras 2): model_config + model_weights
    with h5py.File(os.path.join(HERE, "cnn_legacy.h5"), "w") as f:
        f.attrs["model_config"] = json.dumps(kj.sequential2("cnn", CNN)).encode()
        f.attrs["keras_version"] = b"2.12.0"
        f.attrs["backend"] = b"tensorflow"
        write_legacy(f.create_group("model_weights"), CNN_VARS)

    # LSTM model: Keras 3 .weights.h5 and legacy save_weights .h5, with the JSON beside them
    write_keras3(os.path.join(HERE, "rnn.weights.h5"), RNN_VARS, cell_of=("lstm",))
    with h5py.File(os.path.join(HERE, "rnn_legacy.weights.h5"), "w") as f:
        write_legacy(f, RNN_VARS, cell_names={"lstm": "lstm_cell"})
    with open(os.path.join(HERE, "rnn.keras2.json"), "w") as f:
        json.dump(kj.sequential2("rnn", RNN), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
