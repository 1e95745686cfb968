"""``kb serve``: the site on localhost, each saved change on screen at once.

A `LiveSite` keeps the base in memory. When a file under ``claims/`` changes (`watch`, through
the operating system's file events), it loads the base again (the cache makes that a delta:
only the changed file is parsed, only the checks and strengths it can affect are computed
again) and from then on makes each page asked for from that base, on demand, as ``hugo
server`` does; then ``kb build`` in a new interpreter writes the whole build to disk (the data
exports and the search index too) without delaying the page on screen. A change to Crux's own
code is built the same way and then served from disk. Pages served here get one extra script,
``/__crux/reload.js``, which waits on ``/__crux/version`` and reloads the page when it changes.
Neither exists in the built site.
"""

from __future__ import annotations

import errno
import functools
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import watchfiles

import kb
import render
from kb.cache import Tracked
from kb.errors import KBError, SettingError
from render.build import Item, plan_files
from render.settings import Settings

VERSION_PATH = "/__crux/version"
RELOAD_PATH = "/__crux/reload.js"
PROBLEMS_PATH = "/__crux/problems"  # the last load's errors, as JSON lines (shown over every page until fixed)
RELOAD_TAG = f'<script src="{RELOAD_PATH}"></script>'.encode()
WAIT = 20.0  # seconds a request for the version waits for a change before answering anyway
RELOAD_JS = b"""(function () {
  "use strict";
  var seen = null;
  function overlay(lines) {
    var box = document.getElementById("crux-problems");
    if (!lines.length) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "crux-problems";
      box.setAttribute("role", "alert");
      var s = box.style;  /* set through the CSSOM, which the pages' Content-Security-Policy allows */
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.maxHeight = "50vh"; s.overflow = "auto";
      s.margin = "0"; s.padding = "1em"; s.background = "#3b0d0c"; s.color = "#fff"; s.zIndex = "2147483647";
      s.font = "14px/1.4 ui-monospace, monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = lines.join("\\n");  /* text, never markup: a file name or message cannot inject */
  }
  function problems(then) {
    fetch("/__crux/problems", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (lines) { overlay(lines); then(lines); })
      .catch(function () { then([]); });
  }
  function poll() {
    fetch("/__crux/version" + (seen === null ? "" : "?since=" + encodeURIComponent(seen)), { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (v) {
        var changed = seen !== null && v !== seen;
        seen = v;
        if (!changed) { poll(); return; }
        problems(function (lines) { if (lines.length) { poll(); } else { window.location.reload(); } });
      })
      .catch(function () { window.setTimeout(poll, 1000); });
  }
  problems(function () {});
  poll();
})();
"""


class LiveSite:
    """The served site: the folder built on disk and, once a change has been loaded, the base in
    memory, from which every page asked for is made on demand (and kept until the next change);
    a version that changes with every change.

    >>> site = LiveSite(Path("site"), Path("claims"))
    >>> site.page("index.html"), site.version
    (None, 0)
    """

    def __init__(self, out: Path, claims: Path, settings: Settings | None = None, module: str = "render.cli"):
        self.out, self.claims, self.settings, self.module = out, claims, settings or Settings.from_env(), module
        self.version = 0
        self.problems: list[str] = []  # the errors of the last load: the pages show them until fixed
        self._base: kb.KnowledgeBase | None = None
        self._plan: dict[str, Item] = {}
        self._made: dict[str, bytes] = {}
        self._changed = threading.Condition()
        self._making = threading.Lock()  # one page made at a time: a `Tracked` base records one page

    def page(self, path: str) -> bytes | None:
        """The page at site path ``path``, made from the base in memory (None: serve the disk's)."""
        with self._changed:
            base, item, made = self._base, self._plan.get(path), self._made
        if base is None or item is None:
            return None
        with self._making:
            if path not in made:
                made[path] = item.make(cast(kb.KnowledgeBase, Tracked(base)))
            return made[path]

    def wait(self, seen: str, timeout: float = WAIT) -> str:
        """The version, once it differs from ``seen`` (or after ``timeout`` seconds)."""
        with self._changed:
            self._changed.wait_for(lambda: str(self.version) != seen, timeout)
            return str(self.version)

    def load(self) -> bool:
        """Load the claims folder (through the cache: only what changed is parsed and computed again)
        and serve its pages from memory from now on. False (the old site kept) when it has errors."""
        try:
            base = kb.load(self.claims)
        except KBError as problem:
            issues = [i for i in getattr(problem, "issues", []) if i.severity == "error"]
            lines = [f"error: {issue}" for issue in issues] or [f"error: {problem}"]
            print("\n".join([*lines, "(the site stays as it was until this is fixed)"]), file=sys.stderr, flush=True)
            with self._changed:
                self.problems = lines
                self.version += 1
                self._changed.notify_all()
            return False
        plan = {item.path: item for item in plan_files(base, self.settings) if item.path.endswith(".html")}
        self._show(base, plan)
        return True

    def update(self) -> bool:
        """`load`, then write the whole build to disk (by a new interpreter: nothing forks the server)."""
        return self.load() and self.write()

    def write(self) -> bool:
        """Build the site on disk with ``kb build`` in a new interpreter (which runs Crux's code as it
        is now); True when it succeeded."""
        arguments = ["build", "--claims", str(self.claims), "--out", str(self.out)]
        return subprocess.run([sys.executable, "-m", self.module, *arguments], check=False).returncode == 0

    def rebuild_with_new_code(self) -> bool:
        """Crux's own code changed: build with the new code, then serve the disk's pages."""
        if not self.write():
            return False
        self._show(None, {})
        return True

    def _show(self, base: kb.KnowledgeBase | None, plan: dict[str, Item]) -> None:
        with self._changed:
            self._base, self._plan, self._made, self.problems = base, plan, {}, []
            self.version += 1
            self._changed.notify_all()


class LiveHandler(SimpleHTTPRequestHandler):
    """Serves files; with a `LiveSite`, pages held in memory first, the version, and the reload hook
    added to every HTML page."""

    def __init__(self, *args: Any, site: LiveSite | None = None, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, **kwargs)  # http.server's request, client address, server and directory

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        if self.site and path == VERSION_PATH:
            since = parse_qs(parts.query).get("since")
            version = self.site.wait(since[0]) if since else str(self.site.version)
            return self._send(version.encode(), "text/plain; charset=utf-8")
        if self.site and path == PROBLEMS_PATH:
            return self._send(json.dumps(self.site.problems, ensure_ascii=False).encode(), "application/json")
        if self.site and path == RELOAD_PATH:
            return self._send(RELOAD_JS, "text/javascript; charset=utf-8")
        file = Path(self.translate_path(path))
        if self.site and (path.endswith("/") or file.is_dir()):
            file = file / "index.html"
        if self.site and file.suffix == ".html":
            held = self.site.page(file.relative_to(Path(self.directory).resolve()).as_posix())
            if held is not None or file.is_file():
                html = held if held is not None else file.read_bytes()
                return self._send(html.replace(b"</body>", RELOAD_TAG + b"\n</body>", 1), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the http.server API
        pass


def make_server(
    folder: Path | str, port: int, host: str = "localhost", site: LiveSite | None = None
) -> ThreadingHTTPServer:
    """The server of ``folder`` on ``host:port``; raises `SettingError` when the port cannot be had."""
    handler = functools.partial(LiveHandler, directory=str(Path(folder).resolve()), site=site)
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise SettingError(_port_problem(port, exc)) from None
    server.daemon_threads = True  # a page waiting for the next version does not hold up the end
    return server


def check_port(port: int, host: str = "localhost") -> None:
    """Raise `SettingError` if ``host:port`` cannot be served on (taken by another server, or not allowed),
    before anything is built."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise SettingError(_port_problem(port, exc)) from None


def _port_problem(port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        why = f"port {port} is taken: another program is serving on it"
    elif exc.errno == errno.EACCES:
        why = f"port {port} needs privileges this user does not have"
    else:
        why = f"cannot serve on port {port}: {exc.strerror}"
    return f"{why} (hint: pick another port with --port, e.g. kb serve --port {port + 1 if port < 65535 else 8000}, or make serve PORT=…)"


def code_roots() -> list[Path]:
    """Crux's own code: a change there is built by a new interpreter."""
    return [Path(render.__file__).parent, Path(kb.__file__).parent]


def watch(site: LiveSite, stop: threading.Event, on_update: Callable[[], None] = lambda: None) -> None:
    """Update ``site`` on every change to its claims folder or to Crux's code, until ``stop`` is set."""
    code = code_roots()
    for changes in watchfiles.watch(site.claims, *code, debounce=40, step=10, stop_event=stop, rust_timeout=500):
        changed = [Path(path) for _, path in changes if "__pycache__" not in path]
        if not changed:
            continue
        print("change detected: rebuilding …", file=sys.stderr, flush=True)
        if any(root in p.parents for p in changed for root in code):
            site.rebuild_with_new_code()
        else:
            site.update()
        on_update()


def serve_folder(
    folder: Path | str,
    port: int,
    host: str = "localhost",
    claims: Path | str | None = "claims",
    program: Callable[[], None] | None = None,
) -> None:
    """Serve ``folder`` on ``http://host:port/`` until interrupted.

    When ``claims`` is a folder and ``program`` (the ``kb`` program, whose module a new
    interpreter runs after a change to Crux's code) is given, watch the folder and Crux's
    code, bring the site up to date on every change and reload open pages.
    """
    site, stop, watcher = None, threading.Event(), None
    if claims is not None and program is not None and Path(claims).is_dir():
        site = LiveSite(Path(folder), Path(claims), module=program.__module__)
        watcher = threading.Thread(target=watch, args=(site, stop), daemon=True)
        watcher.start()
    with make_server(folder, port, host, site) as server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
