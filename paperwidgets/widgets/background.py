"""Commands answered from a worker thread, so a slow one (a search over a million papers,
the For-you order) never holds up the kernel's other messages: j/k and saves go on.

The browser sends ``{"kind": "pw-background", "id", "name", "msg"}`` (js/src/lib/commands.js
``backgroundCommands``); the answer comes back as anywidget's own command response, from the
worker. Only the newest request of each command from each view runs: an older one still
waiting is answered ``{"superseded": true}`` (typing "diffusion" asks nine searches; the last
is the one shown). Views are told apart by the ``view`` they send: the cell's Reader and its
panel beside the notebook both reload their list after an edit, and each needs its answer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

log = logging.getLogger(__name__)

KIND = "pw-background"
RESPONSE = "anywidget-command-response"
_MARK = "_pw_background"
F = TypeVar("F", bound=Callable[..., Any])


def background(method: F) -> F:
    """Mark a method ``(self, msg, buffers) -> (answer, buffers)`` as a background command."""
    setattr(method, _MARK, True)
    return method


class Worker:
    """One thread that answers a widget's background commands, newest request first."""

    def __init__(self, widget: Any, name: str = "pw-worker"):
        self.widget = widget
        self.commands = {
            name: getattr(widget, name)
            for base in type(widget).__mro__
            for name, attr in vars(base).items()
            if getattr(attr, _MARK, False)
        }
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._newest: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        widget.on_msg(self._on_msg)

    def wait(self, timeout: float | None = None) -> None:
        """Return once the work submitted so far is done (for scripts and tests)."""
        self.executor.submit(lambda: None).result(timeout)

    def _on_msg(self, widget: Any, content: Any, buffers: list[bytes]) -> None:
        if not isinstance(content, dict) or content.get("kind") != KIND:
            return
        name = str(content.get("name"))
        key = (name, str(content.get("view", "")))
        with self._lock:
            ticket = self._newest[key] = self._newest.get(key, 0) + 1
        self.executor.submit(self._answer, key, ticket, content)

    def _answer(self, key: tuple[str, str], ticket: int, content: dict[str, Any]) -> None:
        answer: dict[str, Any]
        buffers: list[bytes] = []
        name = key[0]
        if name not in self.commands:
            answer = {"error": f"no background command {name!r}"}
        elif self._newest.get(key) != ticket:
            answer = {"superseded": True}
        else:
            try:
                answer, buffers = self.commands[name](content.get("msg") or {}, [])
            except Exception as err:  # any failure: the browser must hear of it, not wait
                log.exception("paperwidgets: background command %s failed", name)
                answer = {"error": f"{name} failed: {err}"}
        message = {"id": content.get("id"), "kind": RESPONSE, "response": answer}
        self.widget.send(message, buffers)
