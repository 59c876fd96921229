"""A headless Chromium driven over the DevTools protocol, with the standard library only.

Chromium's `--remote-debugging-pipe` reads protocol commands from file descriptor 3 and writes
replies and events to descriptor 4, each a JSON message ended by a NUL byte (the transport
Puppeteer and Playwright use). No port is opened and no Python package is needed: a test can
load a page, set the viewport or the media type and read what the browser laid out.

The flags keep a run offline and quiet: no sandbox (CI runs as root), no GPU, no QUIC, no
first-run, no background networking, component updates or sync, and a fresh profile.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
REPLY_SECONDS = 60.0  # a guard against a hang, not a timing check: a reply normally takes ms

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)


def find_chromium() -> str | None:
    """The browser to use: $MA_MATCH_CHROMIUM, or the first of CANDIDATES on the PATH."""
    chosen = os.environ.get("MA_MATCH_CHROMIUM")
    if chosen:
        return chosen if shutil.which(chosen) else None
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def chromium_flags(profile: str) -> list[str]:
    return [*FLAGS, f"--user-data-dir={profile}"]


class Browser:
    """One Chromium process and one page in it."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="ma-match-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # the child's ends moved above 9 first, so putting them on 3 and 4 clobbers neither
        ends = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser_r, from_browser_w)]
        os.close(to_browser_r)
        os.close(from_browser_w)

        def on_3_and_4() -> None:  # in the child, before exec: dup2 leaves them inheritable
            os.dup2(ends[0], 3)
            os.dup2(ends[1], 4)

        try:
            self.process = subprocess.Popen(
                [executable, *chromium_flags(self.profile), "--remote-debugging-pipe"],
                pass_fds=(3, 4),
                preexec_fn=on_3_and_4,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        finally:
            for fd in ends:
                os.close(fd)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        try:
            target = self.send("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
                "sessionId"
            ]
            self.send("Page.enable", session=True)
        except BaseException:
            self.close()  # a browser that did not start leaves no process or profile behind
            raise

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], REPLY_SECONDS)
            if not ready:
                raise TimeoutError("Chromium did not answer over the DevTools pipe")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise ConnectionError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        """Run one protocol command (on the page when *session*) and return its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    def _wait_for(self, event: str) -> None:
        while True:
            for i, seen in enumerate(self._events):
                if seen.get("method") == event:
                    del self._events[: i + 1]
                    return
            self._events.append(self._message())

    def open(self, path: Path, width: int = 1024, height: int = 800) -> None:
        """Load *path* (a local file) in a *width* x *height* CSS-pixel viewport and wait for
        its load event."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self._events.clear()
        self.send("Page.navigate", session=True, url=path.resolve().as_uri())
        self._wait_for("Page.loadEventFired")

    def media(self, kind: str) -> None:
        """Lay the page out for "screen" or "print" (`@media print` rules)."""
        self.send("Emulation.setEmulatedMedia", session=True, media=kind)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (DevTools evaluation, which the
        page's Content-Security-Policy does not govern; the page itself runs no script)."""
        result = self.send(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (OSError, RuntimeError, TimeoutError, ConnectionError):
            pass
        finally:
            try:
                self.process.wait(timeout=REPLY_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            os.close(self._to_browser)
            os.close(self._from_browser)
            shutil.rmtree(self.profile, ignore_errors=True)


@contextmanager
def browser(executable: str) -> Iterator[Browser]:
    """A started Browser, closed (and its profile removed) on the way out."""
    started = Browser(executable)
    try:
        yield started
    finally:
        started.close()


def screenshot(executable: str, page: Path, png: Path, width: int, height: int) -> None:
    """Chromium's own `--screenshot` of *page* at *width* x *height* into *png*."""
    with tempfile.TemporaryDirectory(prefix="ma-match-chromium-") as profile:
        subprocess.run(
            [
                executable,
                *chromium_flags(profile),
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                page.resolve().as_uri(),
            ],
            check=True,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=120,
        )
