"""The processes of one demo, found in /proc: every process whose environment or command line
names the demo's data dir (all of them inherit MH_DATA_DIR from make), and every descendant of
the process that started the demo (in case one cleared its environment)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Proc:
    pid: int
    start_ticks: int  # tells a live process from a later one that got the same pid
    cmdline: str

    def alive(self) -> bool:
        found = _read(self.pid)
        return found is not None and found.start_ticks == self.start_ticks


def _read(pid: int) -> Proc | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] == "Z":  # a zombie has ended; only its exit status waits for its parent
        return None
    return Proc(pid=pid, start_ticks=int(fields[19]), cmdline=cmdline.strip())


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _environ(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return b""


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def demo_processes(data_dir: Path, root_pid: int | None = None) -> list[Proc]:
    """Live processes that belong to the demo of `data_dir` (see the module docstring); never
    this test process."""
    marker = str(data_dir).encode()
    env_marker = b"MH_DATA_DIR=" + marker + b"\0"
    pids = set(_pids()) - {os.getpid()}
    found = {pid for pid in pids if env_marker in _environ(pid) + b"\0" or marker in _cmdline_bytes(pid)}
    if root_pid is not None:
        parents = {pid: _parent(pid) for pid in pids}
        for pid in pids:
            chain, seen = pid, set()
            while chain and chain not in seen:
                if chain == root_pid:
                    found.add(pid)
                    break
                seen.add(chain)
                chain = parents.get(chain)
    return [proc for proc in (_read(pid) for pid in sorted(found)) if proc is not None]


def _cmdline_bytes(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
