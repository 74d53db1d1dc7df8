"""The papers a reader visited, for back and forward like a web browser's history."""

from __future__ import annotations

MAX_VISITS = 500


class History:
    """Visited paper ids and where we are among them; visiting after going back drops forward."""

    def __init__(self, limit: int = MAX_VISITS):
        self.limit = limit
        self.visited: list[str] = []
        self.at = -1

    def visit(self, paper_id: str) -> None:
        """Record a visit (a repeat of the paper we are on is not a new step)."""
        if self.at >= 0 and self.visited[self.at] == paper_id:
            return
        del self.visited[self.at + 1 :]
        self.visited.append(paper_id)
        del self.visited[: max(0, len(self.visited) - self.limit)]
        self.at = len(self.visited) - 1

    def back(self) -> str | None:
        """The paper before this one (and step there), or None at the start."""
        return self._step(-1)

    def forward(self) -> str | None:
        """The paper we came back from (and step there), or None at the end."""
        return self._step(1)

    def _step(self, delta: int) -> str | None:
        target = self.at + delta
        if not 0 <= target < len(self.visited):
            return None
        self.at = target
        return self.visited[target]

    def state(self) -> dict[str, bool]:
        """What the browser's back/forward buttons need: whether each can go anywhere."""
        return {"back": self.at > 0, "forward": self.at < len(self.visited) - 1}
