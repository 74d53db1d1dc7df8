"""What every paperwidgets widget shares: its bundle and its static rendering.

A widget's output carries, next to the widget view, a static rendering of itself: escaped
``text/html`` (GitHub, nbviewer, nbconvert, untrusted notebooks without the extension) and
the same content as JSON under a paperwidgets mimetype (card, map), which the JupyterLab
extension draws when the widget's model is gone — a reopened notebook, a colleague's copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget

STATIC = Path(__file__).resolve().parent.parent / "static"
MAX_SHOWN = 4  # outputs of one widget kept up to date (a cell shown again, a copy)


def bundle(name: str) -> Path:
    """Path of a built JS or CSS file; a clear error when the JS was never built."""
    path = STATIC / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the front-end was not built. Run `make build` "
            "(or `npm --prefix js ci && npm --prefix js run build`) in a source checkout."
        )
    return path


class StaticFallbackWidget(anywidget.AnyWidget):
    """An AnyWidget whose mime bundle also carries its static rendering.

    Shown with a display id, so ``refresh_static()`` can bring the saved rendering up to date
    (the Reader's card follows the paper you are on); the extension keeps the live view.
    """

    def static_html(self) -> str | None:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def static_data(self) -> dict[str, Any]:
        """More of the static rendering: {mimetype: data} (fallbacks.py; none by default)."""
        return {}

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
        bundle_ = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle_ if isinstance(bundle_, tuple) else (bundle_, {})
        if data is None:
            return None
        html = self.static_html()
        data = {**data, **self.static_data(), **({"text/html": html} if html else {})}
        return data, metadata

    def _ipython_display_(self, **kwargs: Any) -> None:
        """Show the widget with a display id (kept for ``refresh_static``)."""
        from IPython.display import display

        data, metadata = self._repr_mimebundle_() or ({}, {})
        handle = display(data, metadata=metadata, raw=True, display_id=True)  # type: ignore[no-untyped-call]
        self._shown = [*getattr(self, "_shown", []), handle][-MAX_SHOWN:]

    def refresh_static(self) -> None:
        """Update the outputs showing this widget with its current static rendering.

        Called from a command or trait change (a message from the browser), so Jupyter routes
        the update to the cells that showed the widget; the saved notebook then holds it.
        """
        shown = getattr(self, "_shown", [])
        if shown:
            data, metadata = self._repr_mimebundle_() or ({}, {})
            for handle in shown:
                handle.update(data, metadata=metadata, raw=True)
