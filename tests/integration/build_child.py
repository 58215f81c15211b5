"""The real Dagster build (`build_all`) in a fresh child process, reported back as JSON (test-only).

    python -m tests.integration.build_child <inbox> <data dir> <report.json> [--modes-bind]

`--modes-bind` runs the build without root's right to read any file
(tests/faults/file_modes_bind.py), so that an inbox can hold a delivery the build may not read
even when the tests run as root (tests/integration/test_hostile_pipeline.py). The report holds what
the tests ask of an in-process result: success, the materialised assets, the check evaluations
and every event's message.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_SECONDS = 1200


@dataclass(frozen=True)
class CheckReport:
    passed: bool
    description: str | None


@dataclass(frozen=True)
class BuildReport:
    success: bool
    materialised: frozenset[str]
    checks: dict[str, CheckReport]
    messages: tuple[str, ...]


def build_in_child(inbox: Path, data_dir: Path, modes_bind: bool = False) -> BuildReport:
    report = data_dir.parent / f"{data_dir.name}-build-report.json"
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.integration.build_child",
            str(inbox),
            str(data_dir),
            str(report),
            *(["--modes-bind"] if modes_bind else []),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.returncode == 0, f"the build child failed (rc {child.returncode}):\n{child.stderr[-3000:]}"
    raw = json.loads(report.read_text())
    return BuildReport(
        success=raw["success"],
        materialised=frozenset(raw["materialised"]),
        checks={name: CheckReport(**check) for name, check in raw["checks"].items()},
        messages=tuple(raw["messages"]),
    )


def main(argv: list[str]) -> int:
    inbox, data_dir, report = (Path(a) for a in argv[:3])
    if argv[3:4] == ["--modes-bind"]:
        from tests.faults.file_modes_bind import bind_file_modes

        bind_file_modes()
    from tests.integration.builds import check_evaluations, materialised, run_build

    result = run_build(inbox, data_dir)
    report.write_text(
        json.dumps(
            {
                "success": result.success,
                "materialised": sorted(materialised(result)),
                "checks": {
                    name: {"passed": e.passed, "description": e.description}
                    for name, e in check_evaluations(result).items()
                },
                "messages": [str(event.message) for event in result.all_events],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
