"""A tiny reverse-mode autograd on scalars, in the style of micrograd.

A `Value` holds a number (`data`) and, after `backward()`, the derivative of the final result
with respect to it (`grad`). Every operation remembers its inputs and a small function that
passes the result's gradient back to them: the chain rule, one edge at a time. `backward()`
calls those functions from the result back to the inputs, in reverse topological order, so a
node's gradient is complete before it is passed on.

    >>> w, b = Value(2.0), Value(1.0)
    >>> loss = (w * 3.0 + b - 4.0) ** 2
    >>> loss.backward()
    >>> w.grad, b.grad
    (18.0, 6.0)

Gradients add up over calls to `backward()`, as in PyTorch: build fresh Values for a new step.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

import numpy as np


class Value:
    """A number in a computation graph, with the gradient of the final result with respect to it."""

    # numpy_number * Value would otherwise be handled (wrongly) by numpy; this makes Python
    # fall back to Value.__rmul__ and friends.
    __array_ufunc__ = None

    def __init__(
        self, data: float, _children: tuple[Value, ...] = (), _op: str = "", label: str = ""
    ):
        if isinstance(data, bool) or not isinstance(data, numbers.Real):
            raise TypeError(f"data must be a real number, got {data!r:.60}")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self._prev = _children
        self._op = _op
        self._backward: Callable[[], None] = lambda: None

    # --- the operations: each computes its result and says how to pass a gradient back --------

    def __add__(self, other: Value | float) -> Value:
        """a + b: the gradient passes to both inputs unchanged."""
        other = _value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __sub__(self, other: Value | float) -> Value:
        """a − b: the gradient passes to a unchanged and to b negated."""
        other = _value(other)
        out = Value(self.data - other.data, (self, other), "−")

        def _backward() -> None:
            self.grad += out.grad
            other.grad -= out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        """a × b: each input gets the gradient times the other input."""
        other = _value(other)
        out = Value(self.data * other.data, (self, other), "×")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __truediv__(self, other: Value | float) -> Value:
        """a / b: a gets gradient/b, b gets −gradient·a/b²."""
        other = _value(other)
        out = Value(self.data / other.data, (self, other), "/")

        def _backward() -> None:
            self.grad += out.grad / other.data
            other.grad -= self.data / other.data**2 * out.grad

        out._backward = _backward
        return out

    def __pow__(self, k: float) -> Value:
        """aᵏ for a plain number k: a gets gradient·k·aᵏ⁻¹."""
        if isinstance(k, bool) or not isinstance(k, numbers.Real):
            raise TypeError(f"the exponent must be a number (not a Value), got {k!r:.60}")
        k = float(k)
        out = Value(self.data**k, (self,), f"**{k:g}")

        def _backward() -> None:
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = _backward
        return out

    def exp(self) -> Value:
        """e to the power of this value."""
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward() -> None:
            self.grad += out.data * out.grad  # (eˣ)′ = eˣ

        out._backward = _backward
        return out

    def log(self) -> Value:
        """The natural logarithm (of a positive value)."""
        if self.data <= 0:
            raise ValueError(f"log needs a positive value, got {self.data!r}")
        out = Value(math.log(self.data), (self,), "log")

        def _backward() -> None:
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self) -> Value:
        """The hyperbolic tangent, squashing into (−1, 1)."""
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward() -> None:
            self.grad += (1.0 - out.data**2) * out.grad

        out._backward = _backward
        return out

    def sigmoid(self) -> Value:
        """σ(x) = 1 / (1 + e⁻ˣ), squashing into (0, 1)."""
        s = 0.5 * (1.0 + math.tanh(0.5 * self.data))  # the same number, without overflow
        out = Value(s, (self,), "σ")

        def _backward() -> None:
            self.grad += s * (1.0 - s) * out.grad

        out._backward = _backward
        return out

    def relu(self) -> Value:
        """max(0, x)."""
        out = Value(max(0.0, self.data), (self,), "relu")

        def _backward() -> None:
            self.grad += (self.data > 0) * out.grad

        out._backward = _backward
        return out

    # --- the backward pass ----------------------------------------------------------------------

    def topological_order(self) -> list[Value]:
        """Every Value this one was computed from, each after its inputs, ending with this one."""
        # A loop rather than recursion, so a long sum does not hit Python's recursion limit.
        order: list[Value] = []
        seen: set[int] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:
            v, inputs_done = stack.pop()
            if inputs_done:
                order.append(v)
            elif id(v) not in seen:
                seen.add(id(v))
                stack.append((v, True))
                stack.extend((child, False) for child in reversed(v._prev))  # first input first
        return order

    def backward(self) -> None:
        """Add d(self)/d(v) to `v.grad` for every Value v this one was computed from."""
        self.grad = 1.0
        for v in reversed(self.topological_order()):
            v._backward()

    # --- the rest, written with the operations above ----------------------------------------------

    def __neg__(self) -> Value:
        """−a, as a × (−1)."""
        return self * -1.0

    def __radd__(self, other: float) -> Value:
        return self + other

    def __rsub__(self, other: float) -> Value:
        return _value(other) - self

    def __rmul__(self, other: float) -> Value:
        return self * other

    def __rtruediv__(self, other: float) -> Value:
        return _value(other) / self

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"


def _value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


def gradient(f: Callable[[list[Value]], Value], theta: object) -> np.ndarray:
    """∇f at `theta` by reverse mode: wrap each coordinate in a Value, compute f, run backward.

    >>> gradient(lambda t: t[0] * t[1] + t[1], [3.0, 4.0])
    array([4., 4.])
    """
    try:
        coords = np.asarray(theta, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"theta must be a sequence of numbers, got {theta!r:.60}") from None
    if coords.size == 0 or not np.all(np.isfinite(coords)):
        raise ValueError(f"theta must be a non-empty sequence of finite numbers, got {theta!r:.60}")
    leaves = [Value(float(c)) for c in coords]
    out = f(leaves)
    if not isinstance(out, Value):
        raise TypeError(
            f"f must return a Value (computed from its argument), got {type(out).__name__}"
        )
    out.backward()
    return np.array([v.grad for v in leaves])


def graph(v: Value) -> str:
    """A text table of the graph behind `v`, inputs first: operation, data and grad of each node."""
    rows = []
    index = {}
    for i, node in enumerate(v.topological_order()):
        index[id(node)] = i
        inputs = ", ".join(f"#{index[id(c)]}" for c in node._prev)
        what = node.label or (f"{node._op}({inputs})" if node._op else "constant")
        rows.append(f"#{i:<3} {what:<18} data {node.data:>11.5g}   grad {node.grad:>11.5g}")
    return "\n".join(rows)
