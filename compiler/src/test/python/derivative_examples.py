#!/usr/bin/python3
"""The worked examples of docs/derivatives.md, by PyTorch (float64, autograd), independently of dslc.

The 2-2-1 network of the language reference (seed221.nn: sigmoid hidden and output layers, loss
0.5 * sum((a2 - y) ^ 2)) at x = [0.5, 0.3], y = 0.8: its input gradient, its Jacobian, and its
Hessian-vector product along v = [1, 0, 0, 0, 0, 0, 0, 0, 0] (the first column of the Hessian: W1[0, 0])
and along v = 1 (every parameter). Then a loss that contains a derivative, as `grad(u, t)` writes it:
u = tanh(w * t + b) with w = 0.5, b = 0.1, loss = (du/dt + u)^2 at t = 1, and its gradient, which
backward computes through du/dt (second order). DerivativeExamplesTest asserts the printed numbers
to 1e-12.

    /usr/bin/python3 compiler/src/test/python/derivative_examples.py
"""
import torch

torch.set_default_dtype(torch.float64)


def network(parameters, x):
    W1 = parameters[0:4].reshape(2, 2)
    b1 = parameters[4:6]
    W2 = parameters[6:8].reshape(1, 2)
    b2 = parameters[8:9]
    a1 = torch.sigmoid(W1 @ x + b1)
    return torch.sigmoid(W2 @ a1 + b2)


def loss(parameters, x, y):
    return 0.5 * ((network(parameters, x) - y) ** 2).sum()


def main():
    parameters = torch.tensor([0.2, 0.5, 0.3, 0.4, 0.1, 0.2, 0.6, 0.7, 0.1])
    x = torch.tensor([0.5, 0.3])
    y = 0.8
    print("loss", repr(loss(parameters, x, y).item()))
    dx = torch.autograd.functional.jacobian(lambda x_: loss(parameters, x_, y), x)
    print("inputGradient", [repr(v) for v in dx.tolist()])
    jac = torch.autograd.functional.jacobian(lambda x_: network(parameters, x_), x)
    print("jacobian", [repr(v) for v in jac.reshape(-1).tolist()])
    for name, v in (("first column", torch.eye(9)[0]), ("ones", torch.ones(9))):
        _, hv = torch.autograd.functional.hvp(lambda p: loss(p, x, y), parameters, v)
        print("hessianVectorProduct", name, [repr(h) for h in hv.tolist()])
    grad_in_loss()


def grad_in_loss():
    w = torch.tensor(0.5, requires_grad=True)
    b = torch.tensor(0.1, requires_grad=True)
    t = torch.tensor(1.0, requires_grad=True)
    u = torch.tanh(w * t + b)
    (du_dt,) = torch.autograd.grad(u, t, create_graph=True)
    loss = (du_dt + u) ** 2
    dw, db = torch.autograd.grad(loss, [w, b])
    print("grad: u", repr(u.item()), "du/dt", repr(du_dt.item()), "loss", repr(loss.item()))
    print("grad: dLoss/dw", repr(dw.item()), "dLoss/db", repr(db.item()))


if __name__ == "__main__":
    main()
