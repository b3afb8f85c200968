"""Reference numbers for UpSampling2D (nearest, bilinear) and AdaptiveAveragePooling2D.

PyTorch NCHW: F.interpolate(scale_factor=(2, 3), mode='nearest' / 'bilinear', align_corners=False)
(bilinear with half-pixel centres, as TensorFlow's resize used by Keras) and
AdaptiveAvgPool2d((3, 2)) on a 7x5 map (overlapping, unequal bins). Writes resampling.json with x,
a projection p per case, y and the gradient of sum(y * p) w.r.t. x. Run: python3 resampling.py
"""
import json, os
import torch
import torch.nn.functional as F

torch.manual_seed(11)

def f32(*shape):
    return torch.randn(*shape).float().double()

def case(fn, xshape):
    x = f32(*xshape).requires_grad_(True)
    y = fn(x)
    proj = f32(*y.shape)
    (y * proj).sum().backward()
    return {"x": x.tolist(), "proj": proj.tolist(), "y": y.tolist(), "grad_x": x.grad.tolist()}

out = {
    "torch_version": torch.__version__,
    "nearest_2x3": case(lambda x: F.interpolate(x, scale_factor=(2, 3), mode="nearest"), (2, 2, 3, 4)),
    "bilinear_2x3": case(lambda x: F.interpolate(x, scale_factor=(2, 3), mode="bilinear", align_corners=False), (2, 2, 3, 4)),
    "adaptive_avg_3x2": case(lambda x: F.adaptive_avg_pool2d(x, (3, 2)), (2, 3, 7, 5)),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "resampling.json"), "w") as f:
    json.dump(out, f)
