#!/usr/bin/python3
"""An independent reference for dslc: .nn models evaluated by PyTorch (float64, autograd).

Reads the JSON lines TorchReferenceTest writes with -Ddslc.torch.dump=N (model
source, a point, dslc's loss, output and gradient, and the input gradient,
Jacobian and Hessian-vector product where the class has those entry points;
docs/derivatives.md), parses each model with its
own small parser, builds every built-in from the definitions in the language
reference (docs/language.md, the contract's LANGUAGE.md), not from dslc's code,
and compares. Every disagreement is printed with the model; a gradient
disagreement also with central differences of PyTorch's loss, to tell which
side is wrong. Writes the fixture every build checks
(src/test/resources/torch/reference.jsonl): models that agree, small ones only.

    mvn -o -B -q test -pl compiler -am -Dtest=TorchReferenceTest \
        -Dsurefire.failIfNoSpecifiedTests=false -Ddslc.torch.dump=10000
    cd compiler && /usr/bin/python3 src/test/python/torch_reference.py target/torch-dump.jsonl \
        --fixture src/test/resources/torch/reference.jsonl

Each model comes at two points: a random one away from kinks, and one on the
grid -1, -0.5, 0, 0.5, 1 where the conventions at kinks (first extreme of
max/min, relu'(0) = abs'(0) = 0, leaky slope alpha at 0) decide the gradient.

The parser covers the language as the random-model generator writes it: one
statement a line, comments, model/input/target/param/const, bindings, output,
loss; + - * / @ ^, unary -, postfix ' and indexing, tensor literals and every
built-in.
"""
import argparse
import json
import math
import re
import sys

import torch

torch.set_default_dtype(torch.float64)

TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(.))")
TOLERANCE = 1e-9


def tokens(text):
    out = []
    at = 0
    text = text.rstrip()
    while at < len(text):
        match = TOKEN.match(text, at)
        if match is None:
            break
        at = match.end()
        number, name, symbol = match.groups()
        if number is not None:
            out.append(("num", number))
        elif name is not None:
            out.append(("name", name))
        elif symbol is not None and not symbol.isspace():
            out.append(("sym", symbol))
    return out


# ---- built-ins, from the language reference's table

def scalar(x):
    return torch.tensor(float(x))


def first_extreme(x, largest):
    """max/min: the value of the first extreme element, so that the whole gradient goes to it."""
    flat = x.reshape(-1)
    index = torch.argmax(flat) if largest else torch.argmin(flat)
    # argmax's documented tie-break is the first index; make sure, as it is the convention under test
    value = flat.detach()[index]
    first = int(torch.nonzero(flat.detach() == value)[0]) if not torch.isnan(value) else int(index)
    return flat[first]


def broadcast_mean(t):
    return torch.sum(t) / t.numel()


def softplus(x):
    return torch.logaddexp(x, torch.zeros_like(x))


def leaky_relu(x, alpha):
    return torch.where(x > 0, x, alpha * x)


def bce(p, y):
    return -broadcast_mean(y * torch.log(p) + (1 - y) * torch.log(1 - p))


def bce_logits(z, y):
    # log(sigmoid(z)) and log(1 - sigmoid(z)) = log(sigmoid(-z)), stably
    z, y = torch.broadcast_tensors(z, y)
    return -broadcast_mean(y * torch.nn.functional.logsigmoid(z) + (1 - y) * torch.nn.functional.logsigmoid(-z))


def log_softmax(v):
    return v - torch.logsumexp(v, 0)


UNARY = {
    "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "abs": torch.abs, "sin": torch.sin,
    "cos": torch.cos, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu,
    "softplus": softplus, "square": lambda x: x * x,
    "sum": torch.sum, "mean": broadcast_mean,
    "max": lambda x: first_extreme(x, True), "min": lambda x: first_extreme(x, False),
    "softmax": lambda v: torch.exp(log_softmax(v)), "log_softmax": log_softmax,
    "logsumexp": lambda v: torch.logsumexp(v, 0),
}
BINARY = {
    "dot": torch.dot,
    "mse": lambda p, y: broadcast_mean((p - y) ** 2),
    "bce": bce,
    "bce_logits": bce_logits,
    "cross_entropy": lambda p, y: -torch.sum(y * torch.log(p)),
    "softmax_cross_entropy": lambda z, y: -torch.sum(y * log_softmax(z)),
}


class Parser:
    """Recursive descent over one expression; precedence as in the language reference."""

    def __init__(self, toks, env):
        self.toks = toks
        self.at = 0
        self.env = env

    def peek(self, value=None):
        if self.at >= len(self.toks):
            return None
        tok = self.toks[self.at]
        return tok if value is None or tok[1] == value else None

    def take(self, value=None):
        tok = self.peek()
        if tok is None or (value is not None and tok[1] != value):
            raise SyntaxError("expected %r at token %d of %r" % (value, self.at, self.toks))
        self.at += 1
        return tok

    def parse(self):
        value = self.additive()
        if self.at != len(self.toks):
            raise SyntaxError("trailing tokens %r" % (self.toks[self.at:],))
        return value

    def left_associative(self, operators, operand):
        value = operand()
        while self.peek() is not None and self.peek()[1] in operators:
            value = operators[self.take()[1]](value, operand())
        return value

    def additive(self):
        return self.left_associative({"+": torch.add, "-": torch.sub}, self.multiplicative)

    def multiplicative(self):
        return self.left_associative({"*": torch.mul, "/": torch.div}, self.matmul)

    def matmul(self):
        return self.left_associative({"@": torch.matmul}, self.unary)

    def unary(self):
        if self.peek("-"):
            self.take()
            return -self.unary()
        return self.power()

    def power(self):
        base = self.postfix()
        if not self.peek("^"):
            return base
        self.take()
        literal = self.literal_exponent()
        if literal is not None:
            return torch.pow(base, literal)
        # right-associative, and the exponent may start with a unary minus: what unary() reads
        exponent = self.unary()
        return torch.exp(exponent * torch.log(base))

    def literal_exponent(self):
        """A number literal, optionally negated, not followed by anything that binds tighter: a power."""
        start = self.at
        sign = 1.0
        if self.peek("-"):
            self.take()
            sign = -1.0
        tok = self.peek()
        if tok is not None and tok[0] == "num":
            self.take()
            nxt = self.peek()
            if nxt is None or nxt[1] not in ("^", "'", "["):
                return sign * float(tok[1])
        self.at = start
        return None

    def postfix(self):
        value = self.primary()
        while True:
            if self.peek("'"):
                self.take()
                value = value.t() if value.dim() == 2 else value
            elif self.peek("["):
                self.take()
                indices = [int(self.take()[1])]
                while self.peek(","):
                    self.take()
                    indices.append(int(self.take()[1]))
                self.take("]")
                value = value[tuple(indices)]
            else:
                return value

    def primary(self):
        tok = self.take()
        kind, text = tok
        if kind == "num":
            return scalar(text)
        if text == "(":
            value = self.additive()
            self.take(")")
            return value
        if text == "[":
            self.at -= 1
            return torch.tensor(self.literal())
        if kind == "name":
            if self.peek("("):
                self.take("(")
                args = [self.additive()]
                alpha = None
                while self.peek(","):
                    self.take()
                    if text == "leaky_relu":
                        alpha = self.signed_number()
                    else:
                        args.append(self.additive())
                self.take(")")
                if text == "leaky_relu":
                    return leaky_relu(args[0], alpha)
                if len(args) == 1:
                    return UNARY[text](args[0])
                return BINARY[text](args[0], args[1])
            return self.env[text]
        raise SyntaxError("unexpected %r" % (tok,))

    def signed_number(self):
        sign = 1.0
        if self.peek("-"):
            self.take()
            sign = -1.0
        return sign * float(self.take()[1])

    def literal(self):
        self.take("[")
        items = []
        while True:
            if self.peek("["):
                items.append(self.literal())
            else:
                items.append(self.signed_number())
            if self.peek("]"):
                self.take()
                return items
            self.take(",")


def declared_shape(toks, at):
    """The [d] or [m, n] after a declared name, and where it ends."""
    if at < len(toks) and toks[at][1] == "[":
        dims = []
        at += 1
        while toks[at][1] != "]":
            if toks[at][0] == "num":
                dims.append(int(toks[at][1]))
            at += 1
        return dims, at + 1
    return [], at


def numel(shape):
    return math.prod(shape) if shape else 1


def build(source, parameters, inputs, targets):
    """The model on flat float64 tensors of the input, target and parameter arrays, each a leaf that
    requires grad: (loss, flat output, {"input": .., "target": .., "param": ..}). A const is read detached, so no
    derivative reaches its slice of the parameter array, as in dslc."""
    flat = {kind: torch.tensor(values, dtype=torch.float64, requires_grad=True)
            for kind, values in (("input", inputs), ("target", targets), ("param", parameters))}
    env = {}
    offsets = {"input": 0, "target": 0, "param": 0}
    output = loss = None
    for line in source.splitlines():
        line = re.sub(r"//.*", "", line).strip().rstrip(";")
        toks = tokens(line)
        if not toks:
            continue
        head = toks[0][1]
        if head == "model":
            continue
        if head in ("input", "target", "param", "const"):
            name = toks[1][1]
            shape, _ = declared_shape(toks, 2)
            kind = "param" if head == "const" else head
            n = numel(shape)
            start = offsets[kind]
            values = flat[kind][start:start + n]
            # a const is held fixed, as dslc holds it: no derivative flows into it
            env[name] = (values.detach() if head == "const" else values).reshape(shape)
            offsets[kind] += n
        elif head == "output":
            output = Parser(toks[1:], env).parse()
        elif head == "loss":
            loss = Parser(toks[1:], env).parse()
        elif len(toks) > 1 and toks[1][1] == "=":
            env[head] = Parser(toks[2:], env).parse()
        else:
            raise SyntaxError("unknown statement: " + line)
    for kind, tensor in flat.items():
        if offsets[kind] != tensor.numel():
            raise ValueError("%s array holds %d numbers, the model declares %d" % (kind, tensor.numel(), offsets[kind]))
    return loss, output.reshape(-1), flat


def gradient_of(value, wrt, create_graph=False):
    """d value / d wrt, zeros where value does not depend on wrt."""
    if not value.requires_grad:
        return torch.zeros_like(wrt)
    (g,) = torch.autograd.grad(value, [wrt], allow_unused=True, retain_graph=True, create_graph=create_graph)
    return torch.zeros_like(wrt) if g is None else g


def evaluate(source, parameters, inputs, targets):
    """Loss, flattened output and gradient (0 for a const)."""
    loss, output, flat = build(source, parameters, inputs, targets)
    return float(loss), output.detach().tolist(), gradient_of(loss, flat["param"]).detach().tolist()


def direction(parameter_count):
    """The v of a Hessian-vector product, the same as TorchReferenceTest's: v[i] = ((7 i) mod 11 - 5) / 5."""
    return [((7 * i) % 11 - 5) / 5.0 for i in range(parameter_count)]


def derivatives(source, parameters, inputs, targets):
    """The entry points beyond the loss gradient: dLoss/dInput, dOutput/dInput row-major, and H v for
    v = direction(len(parameters)), by autograd (double backward for H v)."""
    loss, output, flat = build(source, parameters, inputs, targets)
    d_input = gradient_of(loss, flat["input"])
    rows = [gradient_of(output[k], flat["input"]) for k in range(output.numel())]
    jacobian = torch.cat(rows) if rows else torch.zeros(0)
    v = torch.tensor(direction(len(parameters)))
    dot = (gradient_of(loss, flat["param"], create_graph=True) * v).sum()
    hv = gradient_of(dot, flat["param"])
    return {"dInput": d_input.detach().tolist(), "jacobian": jacobian.detach().tolist(),
            "hv": hv.detach().tolist()}


def close(expected, actual, scale):
    if not math.isfinite(expected):
        return (math.isnan(expected) and math.isnan(actual)) or expected == actual
    return abs(expected - actual) <= TOLERANCE * max(1.0, scale)


def derivative_disagreement(reference, dslc):
    """What differs in the derivatives beyond the loss gradient, where dslc's class has them. Where autograd's
    double backward gives NaN or infinity (the stable forms of the losses at extreme logits, where it multiplies
    an infinity by a zero), H v is checked against central differences of PyTorch's gradient instead."""
    for key, values in reference.items():
        if key not in dslc:
            continue
        if len(values) != len(dslc[key]):
            return "%s has %d elements in PyTorch, %d in dslc" % (key, len(values), len(dslc[key]))
        if key == "hv" and not all(math.isfinite(v) for v in values):
            values = gradient_differences(dslc)
        scale = max([abs(g) for g in values if math.isfinite(g)] or [0.0])
        for i, (e, a) in enumerate(zip(values, dslc[key])):
            if not (close(e, a, scale) or (key == "hv" and abs(e - a) <= 1e-6 * max(1.0, scale))):
                return "%s[%d]: PyTorch %r, dslc %r" % (key, i, e, a)
    return None


def gradient_differences(entry):
    """H v by central differences of PyTorch's gradient along v (step 1e-7): good to some 1e-7 relative."""
    v = direction(len(entry["parameters"]))
    h = 1e-7
    up = evaluate(entry["source"], [p + h * d for p, d in zip(entry["parameters"], v)], entry["input"], entry["target"])
    down = evaluate(entry["source"], [p - h * d for p, d in zip(entry["parameters"], v)], entry["input"],
                    entry["target"])
    return [(a - b) / (2 * h) for a, b in zip(up[2], down[2])]


def disagreement(reference, dslc):
    """What differs between PyTorch's numbers and dslc's (an entry of the dump), if anything."""
    loss, output, gradient = reference
    if not close(loss, dslc["loss"], abs(loss)):
        return "loss: PyTorch %r, dslc %r" % (loss, dslc["loss"])
    if len(output) != len(dslc["output"]):
        return "output has %d elements in PyTorch, %d in dslc" % (len(output), len(dslc["output"]))
    for i, (e, a) in enumerate(zip(output, dslc["output"])):
        if not close(e, a, abs(e)):
            return "output[%d]: PyTorch %r, dslc %r" % (i, e, a)
    scale = max([abs(g) for g in gradient if math.isfinite(g)] or [0.0])
    for i, (e, a) in enumerate(zip(gradient, dslc["gradient"])):
        if not close(e, a, scale):
            return "gradient[%d]: PyTorch %r, dslc %r; central differences of PyTorch's loss: %r" % (
                i, e, a, central(dslc, i))
    return None


def central(entry, index):
    """d loss / d parameter[index] by central differences of PyTorch's loss, at two steps."""
    found = []
    for step in (1e-6, 1e-4):
        p = list(entry["parameters"])
        h = step * max(1.0, abs(p[index]))
        p[index] += h
        up = evaluate(entry["source"], p, entry["input"], entry["target"])[0]
        p[index] -= 2 * h
        down = evaluate(entry["source"], p, entry["input"], entry["target"])[0]
        found.append((up - down) / (2 * h))
    return found


def where(entry):
    return "%s, %s point" % (entry.get("file") or "seed %s" % entry["seed"], entry.get("point", "random"))


def from_json(value):
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return float(value) if isinstance(value, str) else value


def to_json(value):
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value if math.isfinite(value) else repr(value).replace("inf", "Infinity").replace("nan", "NaN")


def fixture_entry(entry):
    """The point rounded to 3 decimals and PyTorch's numbers there to 13 digits (1e-9 is what is checked): small."""
    point = {key: [round(v, 3) for v in entry[key]] for key in ("parameters", "input", "target")}
    loss, output, gradient = evaluate(entry["source"], point["parameters"], point["input"], point["target"])
    digits = lambda values: [v if not math.isfinite(v) else float("%.13g" % v) for v in values]
    kept = {"seed": entry["seed"], "point": entry["point"], "source": entry["source"]}
    kept.update({key: to_json(values) for key, values in point.items()})
    kept.update({"loss": to_json(digits([loss])[0]), "output": to_json(digits(output)),
                 "gradient": to_json(digits(gradient))})
    # the entry points dslc's class had; an H v that autograd cannot give (not finite) is left out
    more = derivatives(entry["source"], point["parameters"], point["input"], point["target"])
    kept.update({key: to_json(digits(values)) for key, values in more.items()
                 if key in entry and all(math.isfinite(v) for v in values)})
    return kept


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("dump", help="target/torch-dump.jsonl from TorchReferenceTest")
    arguments.add_argument("--fixture", help="write the committed fixture here")
    arguments.add_argument("--fixture-models", type=int, default=300,
                           help="how many points of random models the fixture keeps (the handwritten ones: all)")
    arguments.add_argument("--fixture-max-numbers", type=int, default=300,
                           help="leave out of the fixture points with more parameters, inputs, targets and outputs")
    arguments.add_argument("--fixture-max-source", type=int, default=1500,
                           help="leave out of the fixture models whose source is longer (literals can be large)")
    options = arguments.parse_args()
    checked = agreed = random_kept = 0
    models = set()
    problems = []
    fixture = []
    with open(options.dump) as lines:
        for line in lines:
            entry = json.loads(line)
            if "error" in entry:
                problems.append((where(entry), entry["error"], entry["source"]))
                continue
            for key in ("parameters", "input", "target", "output", "gradient", "dInput", "jacobian", "hv"):
                if key in entry:
                    entry[key] = from_json(entry[key])
            entry["loss"] = from_json(entry["loss"])
            checked += 1
            models.add(entry.get("file") or entry["seed"])
            try:
                reference = evaluate(entry["source"], entry["parameters"], entry["input"], entry["target"])
            except Exception as e:  # a model this script cannot read is its own bug: report it, go on
                problems.append((where(entry), "the script fails: %r" % (e,), entry["source"]))
                continue
            problem = disagreement(reference, entry)
            if not problem:
                problem = derivative_disagreement(
                    derivatives(entry["source"], entry["parameters"], entry["input"], entry["target"]), entry)
            if problem:
                problems.append((where(entry), problem, entry["source"]))
                continue
            agreed += 1
            size = len(entry["parameters"]) + len(entry["input"]) + len(entry["target"]) + len(reference[1])
            small = size <= options.fixture_max_numbers and len(entry["source"]) <= options.fixture_max_source
            if "file" in entry or (random_kept < options.fixture_models and small):
                random_kept += "file" not in entry
                kept = fixture_entry(entry)
                if "file" in entry:
                    kept["file"] = entry["file"]
                fixture.append(kept)
    for place, problem, source in problems:
        print("%s: %s\n%s" % (place, problem, source))
    print("%d models at %d points checked against PyTorch: %d agree, %d disagree or fail"
          % (len(models), checked, agreed, len(problems)))
    if options.fixture:
        with open(options.fixture, "w") as out:
            for item in fixture:
                out.write(json.dumps(item, allow_nan=False) + "\n")
        print("%d points (%d of random models) written to %s" % (len(fixture), random_kept, options.fixture))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
