"""A read-only HTTP server for the Great Expectations Data Docs (<data_dir>/data_docs), so that
the links the quality checks write (Settings.data_docs_url) open on any machine that reaches it.

    python -m serve.data_docs --bind 127.0.0.1 --port 8089 <data_dir>/data_docs

Only files inside that folder are served: the data dir around it holds the warehouse, the
pseudonymisation key and Superset's passwords. No directory listings (a listing is no page a
link points to), no symlinks out of the folder, GET and HEAD only (the standard handler).
"""

from __future__ import annotations

import argparse
import functools
import os
import signal
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class DataDocsHandler(SimpleHTTPRequestHandler):
    def send_head(self):
        # The standard handler already drops `..` segments; resolving symlinks as well keeps a
        # link inside the folder from pointing anywhere else.
        target = Path(self.translate_path(self.path)).resolve()
        if not target.is_relative_to(Path(self.directory).resolve()):
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return None
        return super().send_head()

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND, "Not found")
        return None

    def log_message(self, format: str, *args) -> None:
        # One line per request on stderr, which the supervisor sends to the log file.
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def serve(directory: Path, bind: str, port: int) -> None:
    directory = directory.resolve()
    handler = functools.partial(DataDocsHandler, directory=str(directory))
    server = ThreadingHTTPServer((bind, port), handler)
    # SIGTERM (the supervisor's stop) ends serve_forever like Ctrl-C does, so the socket closes.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(f"Data Docs of {directory} on http://{bind}:{port}/", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m serve.data_docs", description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path, help="the Data Docs folder, <data_dir>/data_docs")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8089)
    args = parser.parse_args(argv)
    # Before the first build there are no Data Docs yet: serve the (empty) folder the build fills.
    os.makedirs(args.directory, mode=0o700, exist_ok=True)
    serve(args.directory, args.bind, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
