"""Multiple systems estimation (MSE) of the dark number: how many victims no list saw (issue 18).

Interface (orchestration/estimation/estimate.py): a `CaptureTable` of counts per capture history
(`CaptureTable.from_reporter_sets` takes the counts per `victims.reporter_set` directly, with the
lists of `lists.REPORTER_LISTS`) goes into `estimate_population` (one period and population) or
`estimate_strata` (per stratum, summed); an `Estimate` comes out: status, observed, estimated,
lower_95, upper_95, share_seen, the lists, the chosen model's terms, the list merges and, when there
is no number, why (in Dutch).

Method, one module per step, each choice explained where it is made:
- capture_table.py: the counts per combination of lists.
- lists.py: the lists from the reporter groups; lists too small are merged, with a written reason.
- design.py, loglinear.py: log-linear Poisson models over the observed cells, main effects plus
  two-way interactions (Cormack 1989, "Log-linear models for capture-recapture", Biometrics 45),
  fitted by IRLS in numpy, step for step as statsmodels' GLM (tests/unit/estimation/test_irls.py); pairs that share no case are structural zeros (Chan, Silverman &
  Vincent 2021).
- existence.py: the linear-programming check that a model's MLE exists (Fienberg & Rinaldo 2012,
  "Maximum likelihood estimation in log-linear models", Ann. Statist. 40), as applied to MSE by Chan,
  Silverman & Vincent (2021, "Multiple systems estimation for sparse capture data: inferential
  challenges when there are nonoverlapping lists", JASA 116).
- selection.py: stepwise model choice by AIC with a 5% significance threshold (Bales, Hesketh &
  Silverman 2015, "Modern slavery in the UK: how many victims?", Significance 12(3)); SparseMSE's
  p-value rule (Chan, Silverman & Vincent 2021) as Settings(selection="p_value").
- bootstrap.py: a 95% interval that includes the model choice, by redoing the whole selection on
  resampled tables (Silverman, Chan & Vincent 2024, "Bootstrapping multiple systems estimates to
  account for model selection", Stat. Comput. 34), seeded and so reproducible; Poisson
  resampling, or multinomial as SparseMSE (Settings(resampling="multinomial")).
- profile.py: the profile likelihood interval of one model (Cormack 1992, "Interval estimation
  for mark-recapture studies of closed populations", Biometrics 48; as the R package Rcapture),
  deterministic but blind to the model choice: Settings(interval="profile"), with which
  tests/unit/estimation/test_published_estimate.py reproduces published intervals.

The assumptions (a closed population; within each stratum, dependence between lists only as the
chosen pairwise interactions; heterogeneity of capture only as far as strata or interactions
capture it) are the reader's to weigh: the README's section on the dark number says what breaks
the estimate.
"""

from orchestration.estimation.capture_table import CaptureTable
from orchestration.estimation.estimate import Estimate, Settings, Status, estimate_population, estimate_strata
from orchestration.estimation.lists import REPORTER_LISTS, ListMerge, merge_lists, merge_small_lists

__all__ = [
    "REPORTER_LISTS",
    "CaptureTable",
    "Estimate",
    "ListMerge",
    "Settings",
    "Status",
    "estimate_population",
    "estimate_strata",
    "merge_lists",
    "merge_small_lists",
]
