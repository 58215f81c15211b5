"""A small integer-programming helper around `scipy.optimize.milp` (HiGHS).

Variables are created by name; constraints are linear expressions given as {var: coef} dicts.
The solve is deterministic for a given model (HiGHS is run without a binding time limit).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import numpy as np
from scipy.optimize import LinearConstraint, milp
from scipy.sparse import coo_array


class Infeasible(RuntimeError):
    pass


class Model:
    def __init__(self, name: str) -> None:
        self.name = name
        self._index: dict[Hashable, int] = {}
        self._lb: list[float] = []
        self._ub: list[float] = []
        self._cost: list[float] = []
        self._integer: list[int] = []
        self._rows: list[tuple[dict[int, float], float, float]] = []

    # -- variables -------------------------------------------------------------------------
    def var(
        self, key: Hashable, lb: float = 0, ub: float = np.inf, cost: float = 0.0, integer: bool = True
    ) -> Hashable:
        if key in self._index:
            raise KeyError(f"duplicate variable {key!r}")
        self._index[key] = len(self._lb)
        self._lb.append(lb)
        self._ub.append(ub)
        self._cost.append(cost)
        self._integer.append(1 if integer else 0)
        return key

    def has(self, key: Hashable) -> bool:
        return key in self._index

    def add_cost(self, key: Hashable, cost: float) -> None:
        self._cost[self._index[key]] += cost

    # -- constraints -----------------------------------------------------------------------
    def _row(self, expr: Mapping[Hashable, float] | Iterable[Hashable]) -> dict[int, float]:
        if not isinstance(expr, Mapping):
            expr = {k: 1.0 for k in expr}
        row: dict[int, float] = {}
        for k, v in expr.items():
            i = self._index[k]
            row[i] = row.get(i, 0.0) + v
        return row

    def eq(self, expr, value: float) -> None:
        self._rows.append((self._row(expr), value, value))

    def le(self, expr, value: float) -> None:
        self._rows.append((self._row(expr), -np.inf, value))

    def ge(self, expr, value: float) -> None:
        self._rows.append((self._row(expr), value, np.inf))

    def soft_eq(self, expr, target: float, weight: float, tag: Hashable) -> None:
        """expr + under - over = target, paying `weight` per unit of deviation."""
        # rounded, so that last-bit differences in a fitted target (IPF on another CPU) cannot
        # change the optimum
        target = round(float(target), 6)
        under = self.var(("_under", tag), cost=weight, integer=False)
        over = self.var(("_over", tag), cost=weight, integer=False)
        row = dict(expr) if isinstance(expr, Mapping) else {k: 1.0 for k in expr}
        row[under] = row.get(under, 0.0) + 1.0
        row[over] = row.get(over, 0.0) - 1.0
        self.eq(row, target)

    # -- solve -----------------------------------------------------------------------------
    def solve(self) -> dict[Hashable, int | float]:
        n = len(self._lb)
        data, ri, ci, lo, hi = [], [], [], [], []
        for r, (row, lb, ub) in enumerate(self._rows):
            for c, v in row.items():
                ri.append(r)
                ci.append(c)
                data.append(v)
            lo.append(lb)
            hi.append(ub)
        a = coo_array((data, (ri, ci)), shape=(len(self._rows), n)).tocsr()
        res = milp(
            c=np.asarray(self._cost),
            integrality=np.asarray(self._integer),
            bounds=(np.asarray(self._lb, dtype=float), np.asarray(self._ub, dtype=float)),
            constraints=[LinearConstraint(a, np.asarray(lo), np.asarray(hi))],
            options={"disp": False, "mip_rel_gap": 1e-6},
        )
        if res.status != 0 or res.x is None:
            raise Infeasible(f"{self.name}: {res.message}")
        out: dict[Hashable, int | float] = {}
        for k, i in self._index.items():
            v = res.x[i]
            out[k] = int(round(v)) if self._integer[i] else float(v)
        return out
