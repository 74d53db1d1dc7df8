"""What every paperwidgets widget shares: its bundle and a static HTML fallback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget

STATIC = Path(__file__).resolve().parent.parent / "static"


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
    """An AnyWidget whose mime bundle also carries escaped ``text/html``.

    GitHub, nbviewer, nbconvert and untrusted notebooks show that HTML instead of the view.
    """

    def static_html(self) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any):
        bundle_ = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle_ if isinstance(bundle_, tuple) else (bundle_, {})
        if data is None:
            return None
        data = {**data, "text/html": self.static_html()}
        return data, metadata
