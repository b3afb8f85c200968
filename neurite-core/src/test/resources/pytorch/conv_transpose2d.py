"""Reference numbers for Conv2DTranspose (PyTorch ConvTranspose2d, NCHW / weight (in, out, kh, kw)).

Writes conv_transpose2d.json: for each case the input, weight, bias, a projection p, the output
y and the gradients of sum(y * p) w.r.t. input, weight and bias, all in PyTorch layouts, computed
in float64 from float32-representable values. The Java test converts to NHWC / (kh, kw, out, in).
Case "keras_same": Keras padding='same' (k=3, s=2) equals PyTorch padding=0 with the last
row/column of the (2H+1)x(2W+1) output cropped (TensorFlow puts the odd padding at the bottom).
Run: python3 conv_transpose2d.py
"""
import json, os
import torch

torch.manual_seed(3)

def f32(*shape):
    return torch.randn(*shape).float().double()

def case(cin, cout, k, s, p, op, h, w, crop=None):
    x = f32(2, cin, h, w).requires_grad_(True)
    conv = torch.nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, output_padding=op).double()
    with torch.no_grad():
        conv.weight.copy_(f32(*conv.weight.shape))
        conv.bias.copy_(f32(cout))
    y = conv(x)
    if crop is not None:
        y = y[:, :, :crop[0], :crop[1]]
    proj = f32(*y.shape)
    (y * proj).sum().backward()
    return {"cin": cin, "cout": cout, "kernel": k, "stride": s, "padding": p, "output_padding": op,
            "x": x.tolist(), "weight": conv.weight.tolist(), "bias": conv.bias.tolist(), "proj": proj.tolist(),
            "y": y.tolist(), "grad_x": x.grad.tolist(), "grad_weight": conv.weight.grad.tolist(), "grad_bias": conv.bias.grad.tolist()}

out = {
    "torch_version": torch.__version__,
    "s2_p1_op1": case(3, 4, 3, 2, 1, 1, 4, 5),
    "k4_s2_p1": case(2, 3, 4, 2, 1, 0, 3, 4),
    "keras_same": case(3, 2, 3, 2, 0, 0, 4, 5, crop=(8, 10)),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv_transpose2d.json"), "w") as f:
    json.dump(out, f)
