"""Make file modes bind this process even when it runs as root (test-only).

Root reads a file of mode 000 regardless of its mode (the capabilities CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH), and CI containers run the tests as root. A test that shows what the product
does with a delivery it may not read therefore runs that part in a fresh child process that first
calls `bind_file_modes()`: the two capabilities leave the bounding set and the process executes
itself again, so neither it nor any process it starts (dbt) has them. It stays root otherwise: it
can still write root's data dir and read root's Python installation, which a switch to `nobody`
could not (a fresh process, not a fork of the test's: forking DuckDB's and Polars' thread pools
can deadlock).
"""

from __future__ import annotations

import ctypes
import os
import sys

PR_CAPBSET_DROP = 24  # <linux/prctl.h>
CAP_DAC_OVERRIDE = 1  # <linux/capability.h>
CAP_DAC_READ_SEARCH = 2
_MARKER = "MH_TEST_FILE_MODES_BIND"


def bind_file_modes() -> None:
    """Return in a process (the same program, executed again) that file modes bind; nothing to do
    for a process that is not root."""
    if os.getuid() != 0 or os.environ.get(_MARKER) == "1":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), f"cannot drop capability {capability} for the test")
    os.environ[_MARKER] = "1"
    # exec: a root process's capabilities are recomputed from the bounding set
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
