"""The float loop of gdlab.stepping, fused: an optimizer's rule traced once and written out as one loop.

`Loop` applies an optimizer's elementwise rule to Python floats on small full-batch problems.
Called once per coordinate and step, the rule costs more in calls and tuples than in arithmetic.
`fuse` instead runs the rule once on symbols (`_Sym`), which record each operation it does, and
writes the record out as Python source: one loop over the steps whose body computes the
gradient and then the rule for every coordinate inline, with the hyperparameters as local
constants. The rule stays written once, in gdlab.optimizers; nothing here knows any optimizer.

The numbers are the array path's (`Optimizer.update` on numpy arrays), to the last bit:

- a symbol is not a float, so the trace takes the rule's numpy branch, and records its
  operations in Python's order of evaluation, written out fully parenthesised: + − × /,
  unary −, √ (np.sqrt and math.sqrt are both IEEE's correctly rounded square root), == and
  np.where (written as a conditional expression, which gives the same value);
- the gradient is `Problem.float_grad`, or for a linear one of 1 or 2 parameters its
  `linear_gradient` written inline with the arithmetic of `_linear_in_floats`;
- the scalars of each step are `coef(t)`, computed for all the steps of a piece at once when
  `coef.vectorised` says it may be (a constant lr; see `Optimizer`);
- non-finite values are looked for every 64 steps, as the other loops of gdlab.stepping do;
- at each such check, when every step has the same coefficients (`coef.vectorised` giving no
  array: a constant lr, unlike Adam's bias corrections) and the last step left θ and the slots
  the same to the bit, each later step would do the same operations on the same numbers: the
  rest of the piece is that iterate repeated (a run at a fixed point of the floats, as plain
  GD and momentum reach, costs little more).

Anything else in a rule (a symbol used as a bool, float() of one, another numpy function)
makes the trace fail, and `fuse` gives None: the loop then applies the rule as before. A float
operation that raises in the fused loop (a division by an exact zero, √ of a negative) leaves
the loop's state as it was, and the caller does the piece again one coordinate at a time.
"""

from __future__ import annotations

import functools
import math
from itertools import islice

import numpy as np

from ._elementwise import coefficients
from .optimizers import Optimizer
from .problems import Problem

__all__ = ["Fused", "fuse"]

_UFUNCS = {np.add: "+", np.subtract: "-", np.multiply: "*", np.true_divide: "/", np.negative: "neg",
           np.sqrt: "sqrt", np.equal: "=="}


class _Sym:
    """A value in the trace: a leaf (op 'leaf', args (kind, index)) or an operation on values.

    What the fused loop cannot write out raises TypeError (as does a Python operator it lacks).
    """

    __slots__ = ("op", "args")
    __hash__ = object.__hash__

    def __init__(self, op: str, *args):
        self.op, self.args = op, args

    def __neg__(self): return _Sym("neg", self)
    def __eq__(self, o): return _Sym("==", self, o)

    def __bool__(self):
        raise TypeError("a value of the rule used as True/False")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method != "__call__" or kwargs or ufunc not in _UFUNCS:
            raise TypeError(f"numpy's {ufunc.__name__}.{method}")
        return _Sym(_UFUNCS[ufunc], *inputs)

    def __array_function__(self, func, types, args, kwargs):
        if func is np.where and len(args) == 3 and not kwargs:
            return _Sym("where", *args)
        raise TypeError(f"numpy's {getattr(func, '__name__', func)}")


for _op, _name in (("+", "add"), ("-", "sub"), ("*", "mul"), ("/", "truediv")):  # a + b, b + a, ...
    setattr(_Sym, f"__{_name}__", lambda a, b, op=_op: _Sym(op, a, b))
    setattr(_Sym, f"__r{_name}__", lambda a, b, op=_op: _Sym(op, b, a))

_FORMS = {"+": "({} + {})", "-": "({} - {})", "*": "({} * {})", "/": "({} / {})", "neg": "(-{})",
          "sqrt": "sqrt({})", "==": "({} == {})", "where": "({1} if {0} else {2})"}


class _Writer:
    """Python source for the traced rule, one coordinate at a time (symbols are told apart by identity)."""

    def __init__(self, outputs: list):
        self.outputs, self.consts, self.const_names = outputs, [], {}
        self.uses: dict[_Sym, int] = {}
        self.order: list[_Sym] = []  # operations, each after its arguments
        for out in outputs:
            self._visit(out)
        self.step_level = {s for s in self.order if self._only_coefficients(s)}
        self.read_by_steps = {a for s in self.order if s not in self.step_level for a in s.args
                              if isinstance(a, _Sym)}
        # Slots the rule reads (one passed through unchanged may be None, as SGD's without momentum).
        self.read = {a.args[1] for s in self.order for a in s.args
                     if isinstance(a, _Sym) and a.op == "leaf" and a.args[0] == "s"}

    def _visit(self, s) -> None:
        if not isinstance(s, _Sym):
            return
        self.uses[s] = self.uses.get(s, 0) + 1
        if self.uses[s] == 1 and s.op != "leaf":
            for a in s.args:
                self._visit(a)
            self.order.append(s)

    def _only_coefficients(self, s) -> bool:
        if not isinstance(s, _Sym):
            return True
        if s.op == "leaf":
            return s.args[0] == "c"
        return all(self._only_coefficients(a) for a in s.args)

    def passes(self, i: int) -> bool:  # the rule gives slot i back unchanged
        out = self.outputs[1 + i]
        return isinstance(out, _Sym) and out.op == "leaf" and out.args == ("s", i)

    def _is_output(self, s) -> bool:
        return any(s is out for out in self.outputs)

    def const(self, value) -> str:
        """The local name of a constant (kept as the rule gave it: its type and value)."""
        if id(value) not in self.const_names:
            self.const_names[id(value)] = f"k{len(self.consts)}"
            self.consts.append(value)
        return self.const_names[id(value)]

    def expr(self, s, j: int, names: dict) -> str:
        if not isinstance(s, _Sym):
            return self.const(s)
        if s in names:
            return names[s]
        if s.op == "leaf":
            kind, i = s.args
            return {"c": f"c{i}", "g": f"g{j}", "x": f"x{j}", "s": f"s{j}_{i}"}[kind]
        return _FORMS[s.op].format(*(self.expr(a, j, names) for a in s.args))

    def step(self) -> tuple[list[str], dict]:
        """Statements once per step (of the coefficients only, shared by the coordinates), their names."""
        names, lines = {}, []
        for s in self.order:
            if s in self.step_level and (self.uses[s] > 1 or self._is_output(s) or s in self.read_by_steps):
                lines.append(f"p{len(names)} = {self.expr(s, 0, names)}")
                names[s] = f"p{len(names)}"
        return lines, names

    def _inline_leaves(self, s, named: set) -> list:
        """The leaves that `s` written out reads directly (not through a named value)."""
        if not isinstance(s, _Sym) or s in named:
            return []
        if s.op == "leaf":
            return [s]
        return [leaf for a in s.args for leaf in self._inline_leaves(a, named)]

    def coordinate(self, j: int, shared: dict) -> list[str]:
        """Statements of coordinate j: the values used twice and the outputs, each after its arguments.

        An output is assigned straight to its state variable (x{j}, s{j}_i) when nothing after
        it reads that variable's old value; otherwise it goes through a temporary, assigned last.
        """
        targets = [f"x{j}"] + [f"s{j}_{i}" for i in range(len(self.outputs) - 1)]
        todo = [s for s in self.order if s not in shared and (self.uses[s] > 1 or self._is_output(s))]
        named = set(todo) | set(shared)
        reads = [{self.expr(leaf, j, {}) for a in s.args for leaf in self._inline_leaves(a, named)}
                 for s in todo]
        reads.append({self.expr(out, j, {}) for out in self.outputs  # outputs that are old values
                      if isinstance(out, _Sym) and out.op == "leaf"})
        names, lines = dict(shared), []
        for n, s in enumerate(todo):
            value = self.expr(s, j, names)
            target = next((t for t, out in zip(targets, self.outputs) if out is s), None)
            if target is not None and not any(target in r for r in reads[n + 1 :]):
                names[s] = target
            else:
                names[s] = f"a{j}_{n}"
            lines.append(f"{names[s]} = {value}")
        values = [self.expr(out, j, names) for out in self.outputs]
        for k, (target, value) in enumerate(zip(targets, values)):
            if value in targets and value != target:  # another state variable's old value
                lines.append(f"a{j}_o{k} = {value}")
                values[k] = f"a{j}_o{k}"
        lines += [f"{t} = {v}" for t, v in zip(targets, values) if v != t]
        return lines


def _same_bits(a: tuple, b: tuple) -> bool:
    """Floats equal to the bit (== alone takes 0.0 for −0.0)."""
    return a == b and all(type(u) is float and math.copysign(1.0, u) == math.copysign(1.0, v)
                          for u, v in zip(a, b))


@functools.lru_cache(maxsize=64)
def _compile(source: str):
    scope: dict = {"math": math, "islice": islice, "_same_bits": _same_bits}
    exec(compile(source, "<gdlab.fused>", "exec"), scope)
    return scope["fused"]


class Fused:
    """The fused loop of one optimizer on one problem: `fused(t, xs, slots, n)` for n more steps."""

    def __init__(self, function, consts: tuple, fgrad, coef, ncoef: int, dim: int, read: set):
        self._function, self._consts, self._fgrad = function, consts, fgrad
        self._coef, self._ncoef, self._dim, self._read = coef, ncoef, dim, read
        c = coef(np.arange(2)) if getattr(coef, "vectorised", False) else None
        self._steady = c is not None and not any(isinstance(v, np.ndarray) for v in (c if ncoef else (c,)))

    def ready(self, slots: list) -> bool:
        """True when every slot the rule reads holds a number (momentum's buffer is None at first)."""
        return all(s[i] is not None for s in slots for i in self._read)

    def __call__(self, t: int, xs: list, slots: list, n: int):
        """(rows, t, xs, slots, finished) after n steps, or fewer when a non-finite value ended them."""
        out = [0.0] * (n * self._dim)
        done, finished, xs, slots, fixed = self._function(
            coefficients(self._coef, self._ncoef, t, n), n, xs, slots, out, self._consts, self._fgrad,
            self._steady)
        if fixed:  # the same step from here on: the same iterate
            out[done * self._dim :] = xs * (n - done)
            done = n
        rows = np.fromiter(out, float, len(out)).reshape(n, self._dim)
        return rows[:done], t + done, xs, slots, finished


def fuse(problem: Problem, optimizer: Optimizer, slots: list) -> Fused | None:
    """The fused loop of `optimizer` on `problem`, whose float_grad it uses; None if the rule won't trace.

    `slots` are the loop's, one tuple per coordinate (how many the rule takes).
    """
    dim, fgrad = problem.dim, problem.float_grad()
    if fgrad is None or optimizer.rule is None or optimizer.coef is None:
        return None
    c0 = optimizer.coef(0)
    ncoef = len(c0) if isinstance(c0, tuple) else 0
    nslots = len(slots[0])
    c = tuple(_Sym("leaf", "c", i) for i in range(ncoef)) if ncoef else _Sym("leaf", "c", 0)
    leaves = (_Sym("leaf", "g", 0), _Sym("leaf", "x", 0), tuple(_Sym("leaf", "s", i) for i in range(nslots)))
    try:
        theta, new_slots = optimizer.rule(c, *leaves)
        if len(new_slots := tuple(new_slots)) != nslots:
            return None
    except Exception:  # noqa: BLE001  (whatever the rule does with a symbol that we cannot write out)
        return None
    w = _Writer([theta, *new_slots])
    source = _source(w, problem.linear_gradient() if dim <= 2 else None, dim, ncoef, nslots)
    return Fused(_compile(source), tuple(w.consts), fgrad, optimizer.coef, ncoef, dim, w.read)


def _source(w: _Writer, linear, dim: int, ncoef: int, nslots: int) -> str:
    """`fused(C, n, x, s, out, K, fgrad, steady)` -> (steps done, finished, x, s, fixed): see the module."""
    xs = [f"x{j}" for j in range(dim)]
    slots = ["(" + "".join(f"s{j}_{i}, " for i in range(nslots)) + ")" for j in range(dim)]
    if linear is not None:
        H, c = linear
        grad = []  # g = Hθ − c summed left to right, as gdlab.problems.quadratic._linear_in_floats
        for i in range(dim):
            total = f"({w.const(H[i][0])} * x0)"
            for j in range(1, dim):
                total = f"({total} + ({w.const(H[i][j])} * x{j}))"
            grad.append(f"g{i} = ({total} - {w.const(c[i])})")
    else:
        grad = [f"{''.join(f'g{j}, ' for j in range(dim))}= fgrad({', '.join(xs)})"]
    step_lines, shared = w.step()
    body = grad + step_lines
    for j in range(dim):
        body += w.coordinate(j, shared)
    body += [f"out[i + {j}] = x{j}" if j else "out[i] = x0" for j in range(dim)] + [f"i += {dim}"]
    state = f"[{', '.join(xs)}], [{', '.join(slots)}]"
    changed = "(" + "".join(f"{v}, " for v in xs + [f"s{j}_{i}" for j in range(dim) for i, out in
                                                    enumerate(w.outputs[1:]) if not w.passes(i)]) + ")"
    coefs = "".join(f"c{i}, " for i in range(ncoef)) if ncoef else "c0"
    step = f"        for {coefs} in islice(steps, {{}}):"
    lines = [
        "def fused(C, n, x, s, out, K, fgrad, steady, sqrt=math.sqrt, isfinite=math.isfinite):",
        f"    {''.join(f'{k}, ' for k in w.const_names.values())}= K" if w.consts else "",
        f"    {''.join(f'{x}, ' for x in xs)}= x",
        f"    {''.join(f'{t}, ' for t in slots)}= s",
        f"    steps = {'zip(*C)' if ncoef else 'iter(C[0])'}",
        "    i = done = 0",
        "    while done < n:",
        "        m = min(64, n - done)",
        step.format("m - 1"),
        *(f"            {line}" for line in body),
        f"        before = {changed}",  # the state before the last step of the 64
        step.format(1),
        *(f"            {line}" for line in body),
        "        done += m",
        f"        if not ({' and '.join(f'isfinite(x{j})' for j in range(dim))}):",
        f"            return done, True, {state}, False",
        f"        if steady and _same_bits(before, {changed}):",
        f"            return done, False, {state}, True",
        f"    return done, False, {state}, False",
    ]
    return "\n".join(lines) + "\n"
