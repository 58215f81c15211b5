"""The numpy IRLS of loglinear.py gives statsmodels' GLM numbers (issue 18: the fit is written out
for speed, so it must not change an estimate). Every model with up to two interactions on the UK
2013 table and on resampled copies of it is fitted both ways; one assertion lists every mismatch.

Compared: fits whose dark figure is an estimate someone could read (below 1e9). A model whose
intercept runs off (dark figure ~1e12 and growing) has no bounded estimate; both iterations stop
there at an arbitrary point of the drift, and their standard errors need not agree.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
from statsmodels.genmod.families import Poisson
from statsmodels.genmod.generalized_linear_model import GLM

from orchestration.estimation.design import design, pair
from orchestration.estimation.loglinear import poisson_irls
from tests.unit.estimation.test_published_estimate import UK_2013

READABLE_DARK_FIGURE = 1e9
RELATIVE = 1e-6


def _tables():
    yield "UK 2013", UK_2013
    rng = np.random.default_rng(7)
    cells = [c for c in UK_2013.cells if UK_2013.count(c) > 0]
    means = np.array([UK_2013.count(c) for c in cells], dtype=float)
    for i in range(3):
        draw = rng.poisson(means)
        yield f"resampled {i}", UK_2013.with_counts({c: int(n) for c, n in zip(cells, draw) if n > 0})


def test_irls_gives_statsmodels_numbers() -> None:
    mismatches = []
    compared = 0
    for name, table in _tables():
        pairs = [pair(a, b) for a, b in itertools.combinations(table.lists, 2)]
        for size in range(3):
            for model in itertools.combinations(pairs, size):
                d = design(table, frozenset(model))
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    reference = GLM(d.counts, d.matrix, family=Poisson()).fit()
                if np.exp(reference.params[0]) > READABLE_DARK_FIGURE:
                    continue
                ours = poisson_irls(d.matrix, d.counts)
                compared += 1
                for what, a, b in (
                    ("params", ours.params, reference.params),
                    ("bse", ours.bse, reference.bse),
                    ("aic", np.array([ours.aic]), np.array([reference.aic])),
                ):
                    if not np.allclose(a, b, rtol=RELATIVE, atol=1e-9):
                        mismatches.append(f"{name} {model} {what}: {a} != {b}")
    assert compared > 300, compared
    assert not mismatches, "\n".join(mismatches)
