"""The one exception type for input that cannot be read as a paper listing."""

from __future__ import annotations


class LoadError(ValueError):
    """A source is not a readable paper listing.

    The message names the file, the record (a line number or an entry key) and what is wrong,
    so a user can open the file and fix it.
    """

    def __init__(self, source: str, reason: str, record: str | None = None):
        self.source = source
        self.record = record
        self.reason = reason
        where = f"{source}, {record}" if record else source
        super().__init__(f"{where}: {reason}")
