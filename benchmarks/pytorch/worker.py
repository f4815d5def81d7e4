#!/usr/bin/env python3
"""PyTorch reference for GrokUnlearn's benchmark (issue 8).

Serves one workload over the line protocol of src/GrokUnlearn/Benchmarks/BenchmarkWorker.cs: one JSON object per line
on stdin, one reply per line on stdout. The workload arrives as JSON built by BenchmarkWorkload.ToWire, so the models,
batches, losses and optimizer here are the C# definitions re-expressed in PyTorch, not a separate toy:

  modular_mlp  embed (shared by both operands) -> concat -> [Linear + ReLU]* -> head      (Models/ModularMlp.cs)
  mlp          flatten -> [Linear + ReLU]* -> head                                          (Models/ImageMlp.cs)
  cnn          [Conv3x3(pad 1) (+BN) + ReLU + MaxPool2]* -> flatten -> [Linear + ReLU]? -> head (Models/SmallCnn.cs)
  transformer  tokens + positions -> [pre-LN block: causal attention, GELU MLP]* -> LN -> head (Language/DecoderTransformer.cs)

A step is Trainer.Step: set the step's learning rate, zero_grad, draw the batch (indices from a generator seeded by
seed * 1000003 + step, with replacement), loss, backward, optimizer step. The HVP is Curvature.Hvp from a fresh forward.

Run by the coordinator as  python3 worker.py  (Debian's python3-torch; LD_LIBRARY_PATH picks the BLAS).
"""
import json
import math
import os
import resource
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ModularMlp(nn.Module):
    def __init__(self, spec):
        super().__init__()
        p, d = spec["p"], spec["embed_dim"]
        self.embed = nn.Embedding(p, d)
        self.hidden = nn.ModuleList()
        width = 2 * d
        for h in spec["hidden"]:
            self.hidden.append(nn.Linear(width, h))
            width = h
        self.head = nn.Linear(width, p)

    def forward(self, pairs):
        x = self.embed(pairs).flatten(1)
        for layer in self.hidden:
            x = F.relu(layer(x))
        return self.head(x)


class ImageMlp(nn.Module):
    def __init__(self, spec, inputs, classes):
        super().__init__()
        self.hidden = nn.ModuleList()
        width = inputs
        for h in spec["hidden"]:
            self.hidden.append(nn.Linear(width, h))
            width = h
        self.head = nn.Linear(width, classes)

    def forward(self, images):
        x = images.flatten(1)
        for layer in self.hidden:
            x = F.relu(layer(x))
        return self.head(x)


class SmallCnn(nn.Module):
    def __init__(self, spec, shape, classes):
        super().__init__()
        c, h, w = shape
        self.conv = nn.ModuleList()
        self.bn = nn.ModuleList()
        for out in spec["channels"]:
            self.conv.append(nn.Conv2d(c, out, 3, padding=1))
            if spec["batch_norm"]:
                self.bn.append(nn.BatchNorm2d(out))
            c, h, w = out, h // 2, w // 2
        self.hidden = nn.ModuleList()
        features = c * h * w
        if spec["hidden"] > 0:
            self.hidden.append(nn.Linear(features, spec["hidden"]))
            features = spec["hidden"]
        self.head = nn.Linear(features, classes)

    def forward(self, images):
        x = images
        for i, conv in enumerate(self.conv):
            x = conv(x)
            if len(self.bn) > 0:
                x = self.bn[i](x)
            x = F.max_pool2d(F.relu(x), 2)
        x = x.flatten(1)
        for layer in self.hidden:
            x = F.relu(layer(x))
        return self.head(x)


class CausalSelfAttention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)

    def forward(self, x):
        b, t, d = x.shape
        dh = d // self.heads
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, dh).permute(2, 0, 3, 1, 4)
        scores = q.matmul(k.transpose(-2, -1)) / math.sqrt(dh)
        future = torch.ones(t, t, dtype=torch.bool).triu(1)
        weights = F.softmax(scores.masked_fill(future, float("-inf")), -1)
        return self.proj(weights.matmul(v).transpose(1, 2).reshape(b, t, d))


class TransformerBlock(nn.Module):
    def __init__(self, d, heads, d_mlp):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = CausalSelfAttention(d, heads)
        self.ln2 = nn.LayerNorm(d)
        self.fc = nn.Linear(d, d_mlp)
        self.down = nn.Linear(d_mlp, d)

    def forward(self, x):
        h = x + self.attn(self.ln1(x))
        return h + self.down(F.gelu(self.fc(self.ln2(h))))


class DecoderTransformer(nn.Module):
    def __init__(self, spec):
        super().__init__()
        d = spec["d_model"]
        self.tokens = nn.Embedding(spec["vocabulary"], d)
        self.positions = nn.Embedding(spec["max_length"], d)
        self.blocks = nn.ModuleList([TransformerBlock(d, spec["heads"], spec["d_mlp"]) for _ in range(spec["layers"])])
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, spec["vocabulary"], bias=False)

    def forward(self, ids):
        h = self.tokens(ids) + self.positions(torch.arange(ids.shape[1]))
        for block in self.blocks:
            h = block(h)
        return self.head(self.ln_f(h))

    def initialise(self, alpha):
        # DecoderTransformer.Initialise: GPT-2's N(0, 0.02^2) for weights, zero biases, LayerNorm 1/0; all x alpha.
        with torch.no_grad():
            for name, p in self.named_parameters():
                if "ln" in name:
                    p.fill_(alpha if name.endswith("weight") else 0.0)
                elif name.endswith("bias"):
                    p.zero_()
                else:
                    p.normal_(0.0, 0.02 * alpha)


def build_model(workload):
    spec = workload["model"]
    shape = workload["input_shape"]
    if spec["kind"] == "modular_mlp":
        model = ModularMlp(spec)
    elif spec["kind"] == "mlp":
        model = ImageMlp(spec, math.prod(shape), workload["classes"])
    elif spec["kind"] == "cnn":
        model = SmallCnn(spec, shape, workload["classes"])
    elif spec["kind"] == "transformer":
        model = DecoderTransformer(spec)
        model.initialise(spec["init_scale"])
        return model
    else:
        raise ValueError(f"model kind {spec['kind']!r} is not in the reference (modular_mlp, mlp, cnn, transformer)")
    with torch.no_grad():  # PyTorch's default initialisation x alpha, as DefaultInitialisation does
        for p in model.parameters():
            p.mul_(spec["init_scale"])
    return model


def learning_rate(recipe, step):
    lr, warmup = recipe["lr"], recipe["warmup_steps"]
    if warmup > 0 and step <= warmup:
        return lr * step / warmup
    if recipe["schedule"] != "cosine":
        return lr
    span = max(1, recipe["max_steps"] - warmup)
    progress = min(max((step - warmup) / span, 0.0), 1.0)
    return lr * 0.5 * (1 + math.cos(math.pi * progress))


class Session:
    def __init__(self, workload, seed=0):
        torch.manual_seed(seed)
        self.workload = workload
        self.recipe = workload["recipe"]
        self.classes = workload["classes"]
        self.model = build_model(workload)
        n = workload["pool"]
        if workload["model"]["kind"] == "modular_mlp":
            self.x_pool = torch.randint(workload["model"]["p"], (n, 2))
        elif workload["model"]["kind"] == "transformer":
            self.x_pool = torch.randint(self.classes, [n] + workload["input_shape"])
        else:
            self.x_pool = torch.rand([n] + workload["input_shape"])
        if workload["model"]["kind"] == "transformer":
            # Next-token targets with the first half masked, as WorkloadSession draws them.
            length = workload["input_shape"][0]
            self.y_pool = torch.randint(self.classes, (n, length))
            self.y_pool[:, : length // 2] = -100
        else:
            self.y_pool = torch.randint(self.classes, (n,))
        r = self.recipe
        if r["optimizer"] == "sgd":
            self.optimizer = torch.optim.SGD(self.model.parameters(), r["lr"], momentum=r["momentum"], weight_decay=r["weight_decay"])
        else:
            self.optimizer = torch.optim.AdamW(self.model.parameters(), r["lr"], betas=(r["beta1"], r["beta2"]), eps=r["eps"],
                                               weight_decay=r["weight_decay"])
        self.x_batch, self.y_batch = self.batch(self.x_pool, self.y_pool, seed, 1, r["batch_size"])
        self.direction = [torch.randn(p.shape) for p in self.model.parameters()]
        self.step_no = 0

    def loss(self, logits, y):
        if self.recipe["loss"] == "mse":
            return F.mse_loss(logits, F.one_hot(y, self.classes).to(logits.dtype))
        if logits.dim() == 3:  # a language model: next-token loss over the unmasked (answer) positions
            return F.cross_entropy(logits.flatten(0, 1), y.flatten(), ignore_index=-100)
        return F.cross_entropy(logits, y)

    @staticmethod
    def batch(x, y, seed, step, batch_size):
        if batch_size == 0:
            return x, y
        g = torch.Generator().manual_seed(seed * 1_000_003 + step)
        index = torch.randint(x.shape[0], (batch_size,), generator=g)
        return x.index_select(0, index), y.index_select(0, index)

    def step(self, x_pool, y_pool, batch_size):
        self.step_no += 1
        for group in self.optimizer.param_groups:
            group["lr"] = learning_rate(self.recipe, self.step_no)
        self.model.train()
        self.optimizer.zero_grad()
        x, y = self.batch(x_pool, y_pool, 0, self.step_no, batch_size)
        self.loss(self.model(x), y).backward()
        self.optimizer.step()

    def steps(self, n):
        for _ in range(n):
            self.step(self.x_pool, self.y_pool, self.recipe["batch_size"])

    def fixed_steps(self, n):
        for _ in range(n):
            self.step(self.x_batch, self.y_batch, 0)

    def hvp(self, direction):
        self.model.eval()
        params = list(self.model.parameters())
        loss = self.loss(self.model(self.x_batch), self.y_batch)
        grads = torch.autograd.grad(loss, params, create_graph=True, retain_graph=True)
        dot = sum((g * v).sum() for g, v in zip(grads, direction))
        return [t.detach().clone() for t in torch.autograd.grad(dot, params, retain_graph=True)]

    def hvps(self, n):
        for _ in range(n):
            self.hvp(self.direction)

    def fixed_batch_loss(self):
        self.model.eval()
        with torch.no_grad():
            return self.loss(self.model(self.x_batch), self.y_batch).item()

    def parity(self, path, steps):
        tensors = read_safetensors(path)
        with torch.no_grad():
            for name, p in self.model.named_parameters():
                p.copy_(tensors[name])
        self.x_batch, self.y_batch = tensors["input.x"], tensors["input.y"]
        direction = [tensors["direction." + name] for name, _ in self.model.named_parameters()]
        hv = self.hvp(direction)
        vhv = sum(float((a * b).sum()) for a, b in zip(direction, hv))
        norm = math.sqrt(sum(float(t.square().sum()) for t in hv))
        losses = []
        for _ in range(steps):
            losses.append(self.fixed_batch_loss())
            self.fixed_steps(1)
        losses.append(self.fixed_batch_loss())
        return {"losses": losses, "vhv": vhv, "hv_norm": norm}


SAFETENSORS_DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32}


def read_safetensors(path):
    """The safetensors format: u64 little-endian header length, a JSON header of name -> dtype/shape/offsets, raw data."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        dtype = SAFETENSORS_DTYPES[entry["dtype"]]
        tensors[name] = torch.frombuffer(bytearray(body[start:end]), dtype=dtype).reshape(entry["shape"])
    return tensors


def matmul_best(size, repeats):
    g = torch.Generator().manual_seed(0)
    a = torch.randn(size, size, generator=g)
    b = torch.randn(size, size, generator=g)
    a @ b
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return best


def loaded_blas():
    """The BLAS library this process actually mapped (LD_LIBRARY_PATH decides it)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line and "/" in line}
        return ", ".join(sorted(paths))
    except OSError:
        return "unknown"


def timed(action):
    start = time.perf_counter()
    action()
    return {"seconds": time.perf_counter() - start}


def minor_faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def handle(request, state):
    cmd = request["cmd"]
    if cmd == "setup":
        torch.set_num_threads(request["threads"])
        workload = request.get("workload_spec")
        state["session"] = Session(workload) if workload else None
        session = state["session"]
        return {"stack": "pytorch", "version": f"PyTorch {torch.__version__}", "blas": loaded_blas(),
                "threads": torch.get_num_threads(), "requested_threads": request["threads"],
                "parameters": sum(p.numel() for p in session.model.parameters()) if session else 0}
    if cmd == "matmul":
        return {"seconds": matmul_best(request["size"], request["repeats"])}
    session = state.get("session")
    if session is None:
        raise RuntimeError("no workload set up (send setup first)")
    if cmd == "steps":
        return timed(lambda: session.steps(request["n"]))
    if cmd == "fixed_steps":
        return timed(lambda: session.fixed_steps(request["n"]))
    if cmd == "hvp":
        return timed(lambda: session.hvps(request["n"]))
    if cmd == "parity":
        return session.parity(request["path"], request["steps"])
    raise ValueError(f"unknown command {cmd!r}")


def main():
    state = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if request["cmd"] == "quit":
            break
        faults = minor_faults()
        try:
            reply = handle(request, state)
            reply["minor_faults"] = minor_faults() - faults
        except Exception as error:  # reported to the coordinator, which names the workload and stack
            reply = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
