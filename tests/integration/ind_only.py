"""The IND-only inbox: a warehouse whose only source so far is the IND (issue 13: CoMensha and the
OM not live yet). Built once per test session (tests/conftest.py `ind_only_warehouse`): the
scenario test (tests/integration/test_delivery_scenarios.py) checks that it publishes and counts
as the contracts say, and the Superset test (tests/superset/test_superset_api.py) that every chart
answers on it; one build shows both.

The rows are written with the fault-sample row helpers (tests/faults) in the contract format.
"""

from __future__ import annotations

import datetime as dt

from tests.faults.residence import tv_decision, valid_event, vv_decision
from tests.generated.common import History
from tests.generated.inbox import Inbox

FIRST = dt.date(2018, 6, 1)


def ind_rows(persons: range) -> list[dict]:
    """Per person: a reflection period, a TV decision (granted or rejected) and for some a VV
    decision a year later; spread over 2014-2016, so groups 1-5 all occur."""
    rows = []
    for p in persons:
        year = 2014 + p % 3
        person = dict(
            v_nummer=f"{2000000 + p:010d}",
            geslacht="Vrouw" if p % 5 else "Man",
            nationaliteit=("Nigeria", "Roemenië", "Filipijnen")[p % 3],
        )

        def at(month: int, y: int = year) -> dict:
            day = dt.datetime(y, month, 3)
            return dict(
                datum=day,
                gewijzigd_op=day + dt.timedelta(days=1, hours=2),
                uitbuitingsvorm="Seksuele uitbuiting" if y >= 2015 else None,
            )

        if p % 4 != 3:
            rows.append(valid_event(f"BT-{p}", **person, **at(2)))
        if p % 3 != 0:
            rows.append(
                tv_decision(f"TV-{p}", **person, **at(6), beslissing="Ingewilligd" if p % 5 else "Afgewezen")
            )
        if p % 4 == 0:
            granted = p % 8 != 0
            rows.append(
                vv_decision(
                    f"VV-{p}",
                    **person,
                    **at(6, year + 1),
                    beslissing="Ingewilligd" if granted else "Afgewezen",
                    grond="b-grond bijzondere omstandigheden" if granted else None,
                )
            )
    return rows


IND_ONLY = Inbox(ind=History("ind", [FIRST], [ind_rows(range(14))]))
