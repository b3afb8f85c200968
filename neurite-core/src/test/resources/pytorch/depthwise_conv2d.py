"""Reference numbers for DepthwiseConv2D (PyTorch Conv2d with groups = C, out = C*M).

Output channel c*M + m of a grouped convolution is input channel c with filter m, as in
TensorFlow; weight (C*M, 1, KH, KW) -> Keras (KH, KW, C, M). Stride 2, padding 1, dilation 1.
Writes depthwise_conv2d.json: x, weight, bias, projection p, y and gradients of sum(y * p).
Run: python3 depthwise_conv2d.py
"""
import json, os
import torch

torch.manual_seed(13)

def f32(*shape):
    return torch.randn(*shape).float().double()

C, M = 3, 2
conv = torch.nn.Conv2d(C, C * M, 3, stride=2, padding=1, groups=C).double()
with torch.no_grad():
    conv.weight.copy_(f32(*conv.weight.shape))
    conv.bias.copy_(f32(C * M))
x = f32(2, C, 6, 7).requires_grad_(True)
y = conv(x)
proj = f32(*y.shape)
(y * proj).sum().backward()
out = {"torch_version": torch.__version__, "channels": C, "depth_multiplier": M, "x": x.tolist(), "weight": conv.weight.tolist(),
       "bias": conv.bias.tolist(), "proj": proj.tolist(), "y": y.tolist(), "grad_x": x.grad.tolist(),
       "grad_weight": conv.weight.grad.tolist(), "grad_bias": conv.bias.grad.tolist()}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "depthwise_conv2d.json"), "w") as f:
    json.dump(out, f)
