"""Serve the demo: Dagster, Superset and the Data Docs, started together and stopped together.

    python -m serve.supervisor [--verbose] [--dagster-host H] [--dagster-port P] ...

What `make demo` runs after the build (Makefile `serve`). Each service runs in a process group
of its own, so a Ctrl-C in the terminal reaches only this supervisor, which stops them in order:
SIGTERM to each service's first process (`dagster dev` then shuts its webserver, daemon and code
server down; gunicorn its workers), a bounded wait, then SIGKILL for whatever is left in a group.
A second Ctrl-C stops at once. Exit 0 after a requested stop: make reports a recipe's non-zero
exit as "Error", and nothing went wrong. Exit 1 when a service does not start or stops by itself.

Quiet by default: the services write to <data_dir>/logs/<service>.log and the terminal shows the
URLs and logins last, once every service answers; --verbose (VERBOSE=1 make demo) leaves their
output on the terminal.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.settings import REPO_ROOT, Settings, load_settings

VENV_BIN = Path(sys.executable).parent
SUPERSET_SERVE = REPO_ROOT / "superset" / "serve.sh"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# dagster dev gives its webserver and daemon up to 60 s each before it kills them; a service that
# has not stopped by then hangs, and the user who pressed Ctrl-C should not wait longer.
GRACE_SECONDS = 75
# A cold start of Superset or Dagster on a busy two-core machine takes a minute or two.
STARTUP_SECONDS = 600
LOG_TAIL_LINES = 20


@dataclass
class Service:
    name: str
    command: list[str]
    env: dict[str, str]
    health_url: str  # answers once the service serves
    public_url: str  # what the user opens
    log_path: Path
    answers: Callable[[int], bool] = lambda status: status == 200
    process: subprocess.Popen | None = None

    def log_tail(self) -> str:
        if not self.log_path.exists():
            return "(see the output above)"
        lines = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join("    " + line for line in lines[-LOG_TAIL_LINES:])


@dataclass
class Stop:
    """What the signal handler tells the main loop: which signal asked to stop, and whether a
    second one asked to stop at once."""

    signal: int | None = None
    at_once: bool = False
    forced: list[str] = field(default_factory=list)

    def handle(self, signum: int, _frame) -> None:
        if self.signal is not None:
            self.at_once = True
        self.signal = signum


def _local(host: str) -> str:
    """The address to check a service at: one bound to every interface answers on 127.0.0.1."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


def services(settings: Settings, args: argparse.Namespace) -> list[Service]:
    logs = settings.data_dir / "logs"
    base_env = {k: v for k, v in os.environ.items() if k != "MH_PSEUDONYM_KEY"}
    # The key only where it is used: Dagster's runs ingest. From the environment, or the demo key
    # the build made (orchestration/pseudonym_key.py ensure_demo_key).
    key = os.environ.get("MH_PSEUDONYM_KEY") or (
        settings.pseudonym_key_file.read_text().strip() if settings.pseudonym_key_file.exists() else ""
    )
    dagster_env = {**base_env, **({"MH_PSEUDONYM_KEY": key} if key else {})}
    # Superset runs from its own virtualenv: nothing of the pipeline's may leak into it.
    superset_env = {
        k: v
        for k, v in base_env.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "SUPERSET_CONFIG_PATH")
    }
    superset_env.update(SUPERSET_BIND=args.superset_bind, SUPERSET_PORT=str(args.superset_port))
    dagster_at = f"{args.dagster_host}:{args.dagster_port}"
    superset_at = f"{args.superset_bind}:{args.superset_port}"
    docs_at = f"{_local(args.data_docs_bind)}:{args.data_docs_port}"
    return [
        Service(
            "Dagster",
            [
                str(VENV_BIN / "dagster"),
                "dev",
                "-h",
                args.dagster_host,
                "-p",
                str(args.dagster_port),
                "-m",
                "orchestration.definitions",
            ],
            dagster_env,
            f"http://{_local(args.dagster_host)}:{args.dagster_port}/server_info",
            f"http://{dagster_at}/",
            logs / "dagster.log",
        ),
        Service(
            "Superset",
            [str(SUPERSET_SERVE)],
            superset_env,
            f"http://{_local(args.superset_bind)}:{args.superset_port}/health",
            f"http://{superset_at}/",
            logs / "superset.log",
        ),
        Service(
            "Data Docs",
            [
                sys.executable,
                "-m",
                "serve.data_docs",
                "--bind",
                args.data_docs_bind,
                "--port",
                str(args.data_docs_port),
                str(settings.data_docs_dir),
            ],
            base_env,
            f"http://{docs_at}/",
            settings.data_docs_base_url,
            logs / "data_docs.log",
            # Before the first build the folder has no index.html yet: any answer means it serves.
            answers=lambda status: status < 500,
        ),
    ]


def start(service: Service, verbose: bool) -> None:
    output = None
    if not verbose:
        service.log_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        output = os.open(service.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        service.process = subprocess.Popen(
            service.command,
            env=service.env,
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT if output is not None else None,
            # Its own group: the terminal's Ctrl-C reaches only the supervisor, which stops the
            # services in order, and the group finds every process a service started.
            process_group=0,
            # Run storage, logs and Superset's metadata are private (orchestration/private_files.py).
            umask=0o077,
        )
    finally:
        if output is not None:
            os.close(output)


def answers(service: Service) -> bool:
    try:
        with urllib.request.urlopen(service.health_url, timeout=5) as response:
            return service.answers(response.status)
    except urllib.error.HTTPError as error:
        return service.answers(error.code)
    except (OSError, ValueError):
        return False


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass


def stop_all(running: list[Service], stop: Stop) -> None:
    """SIGTERM to each service's first process, wait up to GRACE_SECONDS (or until a second
    Ctrl-C), then end whatever is left in each group, and note which service needed that."""
    for service in running:
        if service.process.poll() is None:
            try:
                service.process.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + GRACE_SECONDS
    while time.monotonic() < deadline and not stop.at_once:
        if all(
            service.process.poll() is not None and not group_alive(service.process.pid) for service in running
        ):
            break
        time.sleep(0.2)
    for service in running:
        pgid = service.process.pid
        if service.process.poll() is None or group_alive(pgid):
            stop.forced.append(service.name)
            signal_group(pgid, signal.SIGKILL)
            service.process.wait()


def banner(settings: Settings, running: list[Service]) -> str:
    width = max(len(service.name) for service in running) + 1
    lines = [""] + [f"{(service.name + ':').ljust(width)}  {service.public_url}" for service in running]
    passwords = sorted((settings.data_dir / "superset").glob("*_password"))
    if passwords:
        lines.append("Superset logins, each with the file that holds its password:")
        user_width = max(len(p.name.removesuffix("_password")) for p in passwords)
        lines += [f"  {p.name.removesuffix('_password').ljust(user_width)}  {p}" for p in passwords]
    else:
        lines.append("Superset logins: the passwords set in SUPERSET_<ROLE>_PASSWORD (superset/bootstrap.py)")
    lines.append(f"Logs: {settings.data_dir / 'logs'}. Stop with Ctrl-C.")
    return "\n".join(lines)


def supervise(settings: Settings, args: argparse.Namespace) -> int:
    stop = Stop()
    for signum in STOP_SIGNALS:
        signal.signal(signum, stop.handle)
    running: list[Service] = []
    failed: Service | None = None
    try:
        for service in services(settings, args):
            start(service, args.verbose)
            running.append(service)
        waiting = list(running)
        started = time.monotonic()
        while stop.signal is None and failed is None:
            failed = next((s for s in running if s.process.poll() is not None), None)
            if failed is not None:
                break
            waiting = [s for s in waiting if not answers(s)]
            if not waiting and started is not None:
                print(banner(settings, running), flush=True)
                started = None
            if started is not None and time.monotonic() - started > STARTUP_SECONDS:
                failed = waiting[0]
                break
            time.sleep(1)
    finally:
        # Ends the services on a signal, a failure, or an error of the supervisor itself.
        if stop.signal is not None:
            print("\nStopping Dagster, Superset and the Data Docs server ...", flush=True)
        stop_all(running, stop)
    if failed is not None:
        state = (
            f"stopped by itself (exit {failed.process.returncode})"
            if failed.process.returncode is not None
            else f"did not answer at {failed.health_url} within {STARTUP_SECONDS} s"
        )
        print(
            f"{failed.name} {state}; last lines of {failed.log_path}:\n{failed.log_tail()}", file=sys.stderr
        )
        return 1
    if stop.forced:
        print(f"Killed what was left of {', '.join(stop.forced)} after {GRACE_SECONDS} s.", file=sys.stderr)
    print("Stopped.", flush=True)
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m serve.supervisor", description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="the services' output on the terminal")
    parser.add_argument("--dagster-host", default="127.0.0.1")
    parser.add_argument("--dagster-port", type=int, default=3000)
    parser.add_argument("--superset-bind", default="127.0.0.1")
    parser.add_argument("--superset-port", type=int, default=8088)
    parser.add_argument("--data-docs-bind", default="127.0.0.1")
    parser.add_argument("--data-docs-port", type=int, default=8089)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return supervise(load_settings(), parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
