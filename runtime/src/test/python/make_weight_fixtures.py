#!/usr/bin/python3
"""Writes the weight-file fixtures that dslc's tests read, with PyTorch and NumPy.

Run once, from anywhere, with Debian's Python (python3-torch, python3-numpy):

    /usr/bin/python3 runtime/src/test/python/make_weight_fixtures.py

It writes into runtime/src/test/resources/dev/dslc/runtime/weights/:

  mlp_784_128_10.f32.safetensors   nn.Linear(784, 128), ReLU, nn.Linear(128, 10), as PyTorch keeps it (F32),
                                   tensors fc1.weight, fc1.bias, fc2.weight, fc2.bias
  mlp_784_128_10.cases.csv         per line: a class index, PyTorch's CrossEntropyLoss for it, the 10 softmax
                                   outputs, then the 784 inputs; computed in float64 from the F32 weights
                                   (converted exactly), so dslc's double forward must agree to 1e-12
  mixed.f64.safetensors / .npz     the Mixed module (a scalar s, vectors b and c, matrices W and V) in float64
  mixed.f32.safetensors / .npz     the same weights rounded to float32
  mixed.f64.compressed.npz         numpy.savez_compressed of the float64 weights (deflated entries)
  mixed.fortran.npz                the float64 weights, every matrix in Fortran order
  mixed.f16.safetensors            the weights as float16 and bfloat16, with ...expected.npz holding
  mixed.bf16.safetensors           the float64 values those round to, as PyTorch converts them
  mixed.{f64,f32}.cases.csv        per line: the 2 outputs, then the 3 inputs, from PyTorch in float64

The tensors are named as the .nn files beside the fixtures name their parameters (mixed.nn, and
mlp_784_128_10.nn with renames). The safetensors Python package is not in Debian, so this script writes
safetensors files with write_safetensors below, which follows the format's specification
(https://github.com/huggingface/safetensors#format): an 8-byte little-endian header length, a JSON header
padded with spaces to a multiple of 8, then each tensor's little-endian, row-major bytes, back to back.
"""

import json
import os
import struct

import numpy
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "dslc", "runtime",
                   "weights")
SAFETENSORS_DTYPES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


def tensor_bytes(tensor):
    flat = tensor.detach().contiguous().reshape(-1)
    if tensor.dtype in (torch.float16, torch.bfloat16):
        return flat.view(torch.int16).numpy().astype("<i2").tobytes()
    return flat.numpy().astype(flat.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(tensors, path, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, tensor in tensors.items():
        data = tensor_bytes(tensor)
        header[name] = {"dtype": SAFETENSORS_DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def write_cases(path, rows):
    with open(path, "w") as f:
        for row in rows:
            f.write(",".join(repr(float(v)) if not isinstance(v, int) else str(v) for v in row) + "\n")


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(784, 128)
        self.fc2 = torch.nn.Linear(128, 10)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


class Mixed(torch.nn.Module):
    def __init__(self):
        super().__init__()
        # float64 from the start, so that the F32 files round values that need more than 24 bits
        self.W = torch.nn.Parameter(torch.randn(4, 3, dtype=torch.float64))
        self.b = torch.nn.Parameter(torch.randn(4, dtype=torch.float64) * 0.1)
        self.s = torch.nn.Parameter(torch.tensor(0.7512345678901234, dtype=torch.float64))
        self.V = torch.nn.Parameter(torch.randn(2, 4, dtype=torch.float64))
        self.c = torch.nn.Parameter(torch.randn(2, dtype=torch.float64) * 0.1)

    def forward(self, x):
        h = torch.tanh(self.s * (x @ self.W.T + self.b))
        return torch.sigmoid(h @ self.V.T + self.c)


def mlp_fixtures():
    torch.manual_seed(15)
    model = Mlp()
    write_safetensors(model.state_dict(), os.path.join(OUT, "mlp_784_128_10.f32.safetensors"), {"format": "pt"})
    model = model.double()
    inputs = torch.rand(4, 784, dtype=torch.float64)
    classes = torch.tensor([3, 0, 9, 7])
    logits = model(inputs)
    losses = torch.nn.CrossEntropyLoss(reduction="none")(logits, classes)
    probabilities = torch.softmax(logits, dim=1)
    write_cases(os.path.join(OUT, "mlp_784_128_10.cases.csv"),
                [[int(classes[i]), losses[i].item()] + probabilities[i].tolist() + inputs[i].tolist()
                 for i in range(len(inputs))])


def mixed_fixtures():
    torch.manual_seed(16)
    model = Mixed()
    inputs = torch.randn(5, 3, dtype=torch.float64)
    for precision, dtype in (("f64", torch.float64), ("f32", torch.float32)):
        rounded = {name: value.detach().to(dtype) for name, value in model.state_dict().items()}
        write_safetensors(rounded, os.path.join(OUT, "mixed." + precision + ".safetensors"), {"format": "pt"})
        numpy.savez(os.path.join(OUT, "mixed." + precision + ".npz"),
                    **{name: value.numpy() for name, value in rounded.items()})
        exact = Mixed()
        exact.load_state_dict({name: value.double() for name, value in rounded.items()})
        outputs = exact(inputs)
        write_cases(os.path.join(OUT, "mixed." + precision + ".cases.csv"),
                    [outputs[i].tolist() + inputs[i].tolist() for i in range(len(inputs))])
    arrays = {name: value.detach().numpy() for name, value in model.state_dict().items()}
    numpy.savez_compressed(os.path.join(OUT, "mixed.f64.compressed.npz"), **arrays)
    # asfortranarray would make the scalar a vector of one
    fortran = {name: numpy.asfortranarray(value) if value.ndim == 2 else value for name, value in arrays.items()}
    assert fortran["W"].flags.f_contiguous and not fortran["W"].flags.c_contiguous
    numpy.savez(os.path.join(OUT, "mixed.fortran.npz"), **fortran)
    for precision, dtype in (("f16", torch.float16), ("bf16", torch.bfloat16)):
        narrow = {name: value.detach().to(dtype) for name, value in model.state_dict().items()}
        write_safetensors(narrow, os.path.join(OUT, "mixed." + precision + ".safetensors"), {"format": "pt"})
        numpy.savez(os.path.join(OUT, "mixed." + precision + ".expected.npz"),
                    **{name: value.double().numpy() for name, value in narrow.items()})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    mlp_fixtures()
    mixed_fixtures()
    print("wrote", ", ".join(sorted(f for f in os.listdir(OUT) if not f.endswith(".nn"))))
