"""Writes the exam 001 siamese tower and the exam 003 encoder-decoder as tf.keras 2.11 `model.to_json()`
writes them (the layout of the keras-real files of that version), with the exams'
`bias_initializer=tf.constant_initializer(value=-0.1)`. Written by hand because TensorFlow is not
installed here; the field names and order follow tf.keras 2.11's get_config()."""
import json

GLOROT = {"class_name": "GlorotUniform", "config": {"seed": None}}
CONST = {"class_name": "Constant", "config": {"value": -0.1}}
ZEROS = {"class_name": "Zeros", "config": {}}


def conv(name, filters, k, cls="Conv2D", strides=1, activation="relu", bias=CONST):
    c = {"name": name, "trainable": True, "dtype": "float32", "filters": filters, "kernel_size": [k, k],
         "strides": [strides, strides], "padding": "same", "data_format": "channels_last"}
    c.update({"dilation_rate": [1, 1], "groups": 1})
    c.update({"activation": activation, "use_bias": True, "kernel_initializer": GLOROT, "bias_initializer": bias,
              "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
              "kernel_constraint": None, "bias_constraint": None})
    if cls == "Conv2DTranspose":
        c["output_padding"] = None
    return {"class_name": cls, "config": c}


def pool(name):
    return {"class_name": "MaxPooling2D", "config": {"name": name, "trainable": True, "dtype": "float32",
            "pool_size": [2, 2], "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}}


def input_layer(name, shape):
    return {"class_name": "InputLayer", "config": {"batch_input_shape": [None] + shape, "dtype": "float32",
            "sparse": False, "ragged": False, "name": name}}


# Exam 001: the convolutional tower of the siamese network (CIFAR-10 32x32x3, channels last).
tower = [input_layer("conv1_input", [32, 32, 3]), conv("conv1", 32, 3), pool("pool1"), conv("conv2", 64, 3), pool("pool2"),
         conv("conv3", 64, 3), conv("conv4", 156, 3), pool("pool4"), conv("conv5", 228, 3)]
with open("exam001_siamese_tower.keras2.json", "w") as f:
    json.dump({"class_name": "Sequential", "config": {"name": "siamese_tower", "layers": tower},
               "keras_version": "2.11.0", "backend": "tensorflow"}, f)

# Exam 003: the encoder-decoder, every convolution with the constant bias initializer.
layers = []
def add(entry, inbound):
    entry["name"] = entry["config"]["name"]
    entry["inbound_nodes"] = [[[inbound, 0, 0, {}]]] if inbound else []
    layers.append(entry)
    return entry["name"]

x = add(input_layer("input", [128, 256, 3]), None)
x = add(conv("conv1", 16, 5), x)
x = add(pool("mp1"), x)
x = add(conv("conv2", 32, 3), x)
x = add(pool("mp2"), x)
x = add({"class_name": "Dropout", "config": {"name": "dropout", "trainable": True, "dtype": "float32", "rate": 0.3,
         "noise_shape": None, "seed": None}}, x)
x = add(conv("conv3", 128, 1), x)
x = add({"class_name": "BatchNormalization", "config": {"name": "batchNorm", "trainable": True, "dtype": "float32",
         "axis": [3], "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True, "beta_initializer": ZEROS,
         "gamma_initializer": {"class_name": "Ones", "config": {}}, "moving_mean_initializer": ZEROS,
         "moving_variance_initializer": {"class_name": "Ones", "config": {}}, "beta_regularizer": None,
         "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None}}, x)
x = add(conv("convt1", 32, 3, "Conv2DTranspose", 2), x)
x = add(conv("convt2", 16, 3, "Conv2DTranspose", 2), x)
x = add(conv("output", 3, 1, "Conv2DTranspose", 1, "sigmoid"), x)
with open("exam003_encoder_constant_bias.keras2.json", "w") as f:
    json.dump({"class_name": "Functional", "config": {"name": "model", "layers": layers,
               "input_layers": [["input", 0, 0]], "output_layers": [["output", 0, 0]]},
               "keras_version": "2.11.0", "backend": "tensorflow"}, f)
