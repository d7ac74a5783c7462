"""Tagging the seed articles for the screenshot scripts: an event with its role fillers,
each filler an ACTOR mention linked to the entity of that name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from db.articles import ArticleDoc
from db.workspace import Workspace

# role -> [(surface words in the text, entity name)]
Fillers = Mapping[str, Sequence[tuple[str, str]]]


def find_entity(ws: Workspace, name: str, kind: str = "ACTOR") -> int | None:
    """The id of the entity best matching ``name``, if any."""
    found = ws.tagging.match_entities(name, kind, limit=1)
    eid = found[0].entity_id if found else None
    return eid if isinstance(eid, int) else None


def tag_event(
    ws: Workspace, doc: ArticleDoc, type_: str, roles: Fillers, trigger: str, date: str
) -> None:
    """An event of ``type_`` at the first ``trigger`` of ``doc``, each role filled by an
    ACTOR mention of its words (the next occurrence when one is taken already)."""
    t = ws.tagging
    args: list[tuple[str, int]] = []
    used: set[int] = set()
    for role, fillers in roles.items():
        for surface, name in fillers:
            start = doc.text.find(surface)
            while start in used:
                start = doc.text.find(surface, start + 1)
            eid = find_entity(ws, name)
            if start < 0 or eid is None:
                continue
            used.add(start)
            mid = t.add_mention(doc.id, start, start + len(surface), "ACTOR", eid).created[0]
            args.append((role, mid))
    s = doc.text.index(trigger)
    t.create_event_at(doc.id, type_, s, s + len(trigger), arguments=args, attributes={"date": date})
