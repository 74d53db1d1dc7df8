"""Undo for annotation edits: what each edit or lasso action changed, and how to put it back.

A step holds, per paper, the edit that restores it (``Notes.set_many`` takes them as they
are): old values of the fields set, and the opposite single-item edits for tags and
highlights (an added tag is removed again, a removed one comes back) — so what another
writer did to the same paper meanwhile stays. A paper that had no annotation loses it
again, unless someone else wrote to it meanwhile (the store drops an annotation left empty).
Clear and a resolved disagreement are spelled out as the edits they made (``done``): undone,
your values, the tags and highlights, the values set aside and the settled disagreements
come back as they were.
Typing into one field of one paper is one step, however many saves it took.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from paperwidgets.notes import Annotation
from paperwidgets.notes.edits import REOPEN, highlight_key
from paperwidgets.notes.fields import DEFAULTS, OWN_FIELDS
from paperwidgets.notes.model import FIELDS

MAX_STEPS = 100
Edit = dict[str, Any]  # set_many's edit of one paper


@dataclass
class Step:
    """One undoable action: what it was (for the widget to say) and each paper's way back."""

    what: str
    edits: list[tuple[str, Edit]]
    typing: str = ""  # the field and paper a run of typed saves went to ("" for other edits)


def inverse(old: Annotation | None, edit: dict[str, Any]) -> Edit:
    """The edit that undoes ``edit`` on an annotation that was ``old`` (None: there was none)."""
    old = old or Annotation(paper={"id": ""})
    back: dict[str, list[Any]] = {}
    restore = {name: copy.deepcopy(getattr(old, name)) for name in edit if name in FIELDS}
    for tag in edit.get("add_tags", []):
        if tag not in old.tags:
            back.setdefault("remove_tags", []).append(tag)
    for tag in edit.get("remove_tags", []):
        if tag in old.tags:
            back.setdefault("add_tags", []).append(tag)
    was = {highlight_key(h): h for h in old.highlights}
    for op in ("add_highlights", "remove_highlights"):
        for highlight in edit.get(op, []):
            if highlight_key(highlight) in was:  # its old comment, or the removed highlight
                back.setdefault("add_highlights", []).append(was[highlight_key(highlight)])
            elif op == "add_highlights":
                back.setdefault("remove_highlights", []).append(highlight)
    reopen = [_disagreement(old, field) for field in edit.get(REOPEN, [])]
    return {**restore, **back, **({REOPEN: reopen} if reopen else {})}


def _disagreement(old: Annotation, field: str) -> dict[str, Any]:
    """A field's set-aside values and settled disagreements in ``old``: a ``reopen`` entry."""
    return {
        "field": field,
        "conflicts": [copy.deepcopy(c) for c in old.conflicts if c["field"] == field],
        "resolved": [copy.deepcopy(r) for r in old.resolved if r["field"] == field],
    }


def done(old: Annotation | None, fields: Edit, ops: Edit, special: dict[str, Any]) -> Edit:
    """What a save did to ``old`` as one edit: a Clear or a resolve spelled out (with the
    fields whose set-aside values and settled disagreements it changed, under ``reopen``)."""
    if special.get("clear"):
        return cleared(old)
    if special.get("resolve"):
        return {**fields, REOPEN: [str(special["resolve"][0])]}
    return {**fields, **ops}


def cleared(old: Annotation | None) -> Edit:
    """What Clear does to ``old``: your values back to the defaults, every tag and highlight
    removed, your own set-aside values dropped."""
    if old is None:
        return {}
    edit: Edit = {f: DEFAULTS[f] for f in OWN_FIELDS if getattr(old, f) != DEFAULTS[f]}
    edit["remove_tags"] = list(old.tags)
    edit["remove_highlights"] = list(old.highlights)
    edit[REOPEN] = sorted({c["field"] for c in old.conflicts if c["by"] == old.user})
    return {name: value for name, value in edit.items() if name in OWN_FIELDS or value}


def typing_key(paper_id: str, edit: dict[str, Any]) -> str:
    """Which typed field an edit goes to (the note, one highlight's comment), else ""."""
    if set(edit) == {"note"}:
        return f"note\n{paper_id}"
    added = edit.get("add_highlights") or []
    if set(edit) == {"add_highlights"} and len(added) == 1:
        return f"comment\n{paper_id}\n{highlight_key(added[0])}"
    return ""


def described(edit: dict[str, Any]) -> str:
    """The fields an edit touches, in words: "rating", "tags and note"."""
    names = list(dict.fromkeys(name.split("_")[-1] for name in edit))
    return " and ".join(names) or "nothing"


class UndoStack:
    """The last ``MAX_STEPS`` undoable actions of one widget, newest last."""

    def __init__(self, limit: int = MAX_STEPS):
        self.limit = limit
        self.steps: list[Step] = []

    def edited(
        self, paper: dict[str, Any], old: Annotation | None, edit: Edit, action: str = ""
    ) -> None:
        """Record one save of one paper (typing on in the same field joins the last step);
        ``action`` names it when the fields do not ("Clear")."""
        typing = "" if action else typing_key(paper["id"], edit)
        if typing and self.steps and self.steps[-1].typing == typing:
            return  # the step already holds what the field was before the typing began
        what = f"{action or f'the {described(edit)}'} of “{paper.get('title') or paper['id']}”"
        self.push(Step(what, [(paper["id"], inverse(old, edit))], typing))

    def bulk(self, what: str, old: dict[str, Annotation | None], edit: dict[str, Any]) -> None:
        """Record one action on many papers (a lasso's tag or status) as one step."""
        self.push(Step(what, [(pid, inverse(a, edit)) for pid, a in old.items()]))

    def push(self, step: Step) -> None:
        self.steps.append(step)
        del self.steps[: max(0, len(self.steps) - self.limit)]

    def pop(self) -> Step | None:
        """The newest step, taken off the stack (None when there is nothing to undo)."""
        return self.steps.pop() if self.steps else None
