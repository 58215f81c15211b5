"""Hypothesis settings for the generated-delivery tests.

`make test` runs few examples, derandomized and without the example database, so a run is
reproducible and cheap (each example of the build tests is a real dbt build or Dagster job).
`MH_HYPOTHESIS_EXAMPLES=<n>` runs n examples per property instead, for a longer search outside
`make test`; `MH_HYPOTHESIS_SEED=<n>` draws other examples than the fixed default; and
`MH_HYPOTHESIS_SHRINK=1` lets Hypothesis shrink a failing example to a minimal one (each shrink
step is another real build, so it is off by default).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, seed, settings

_MANY = int(os.environ.get("MH_HYPOTHESIS_EXAMPLES", "0") or 0)
_SEED = os.environ.get("MH_HYPOTHESIS_SEED")
_PHASES = [Phase.explicit, Phase.generate] + (
    [Phase.shrink] if os.environ.get("MH_HYPOTHESIS_SHRINK") else []
)


def examples(default: int) -> int:
    return _MANY or default


def profile(default_examples: int):
    """A decorator for a @given test: the settings above, and the seed MH_HYPOTHESIS_SEED if set."""
    chosen = settings(
        max_examples=examples(default_examples),
        deadline=None,
        derandomize=_SEED is None,
        database=None,
        phases=_PHASES,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )

    def apply(test):
        test = chosen(test)
        return seed(int(_SEED))(test) if _SEED is not None else test

    return apply


# Ingestion only (about half a second an example).
ingestion_settings = profile(25)
