"""What the form says about an event: a one-line summary and what is wrong with it."""

from __future__ import annotations

from dataclasses import dataclass

from db.annotations import ArticleAnnotations, EventRow, MentionRow
from db.dates import format_range
from db.tagset import Tagset


@dataclass(frozen=True, slots=True)
class EventProblem:
    kind: str  # "missing" | "wrong_type" | "too_few"
    role: str
    message: str


def _name(m: MentionRow | None, ann: ArticleAnnotations) -> str:
    if m is None:
        return "?"
    if m.entity_id is not None and m.entity_id in ann.entities:
        return ann.entities[m.entity_id].name
    return " ".join(m.text.split())


def event_summary(event: EventRow, ann: ArticleAnnotations, tagset: Tagset) -> str:
    """One line, e.g. "Türkiye -> Azerbaijan: Bayraktar TB2, offer, 2020-07"."""
    et = tagset.event_type(event.type)
    # "Transfer (supply, delivery, sale)" -> "transfer": the brackets explain the type
    # in the form; in a one-line summary their commas would read as more parts.
    label = (et.label.split(" (")[0] if et else event.type).lower()

    def names(roles: tuple[str, ...]) -> str:
        found = [_name(ann.mention(mid), ann) for role in roles for mid in event.fillers(role)]
        return ", ".join(dict.fromkeys(found)) or "?"

    parts: list[str] = []
    if et and et.edges:
        rule = et.edges[0]
        arrow = " -> " if rule.directed else " – "
        if rule.source == rule.target and not rule.directed:
            head = names(rule.source).replace(", ", arrow)
        else:
            head = names(rule.source) + arrow + names(rule.target)
        if rule.label_role:
            what = names((rule.label_role,))
            if what != "?":
                parts.append(what)
    else:
        roles = tuple(r.name for r in (et.roles if et else ()) if r.core)
        head = names(roles) if roles else label
    parts.append(label)
    if event.status and event.status != "unknown":
        parts.append(event.status.replace("_", " "))
    if event.modality and event.modality != "asserted":
        parts.append(event.modality)
    when = format_range(event.date_start, event.date_end)
    if when:
        parts.append(when)
    return f"{head}: {', '.join(parts)}"


def event_problems(event: EventRow, ann: ArticleAnnotations, tagset: Tagset) -> list[EventProblem]:
    """Required roles left empty, too few fillers, fillers of a type the role refuses."""
    et = tagset.event_type(event.type)
    if et is None:
        return [EventProblem("wrong_type", "", f"The tagset has no event type {event.type}.")]
    out: list[EventProblem] = []
    for role in et.roles:
        fillers = event.fillers(role.name)
        if role.required and not fillers:
            out.append(EventProblem("missing", role.name, f"{role.label} is required."))
        elif role.min_count and 0 < len(fillers) < role.min_count:
            out.append(
                EventProblem("too_few", role.name, f"{role.label} needs at least {role.min_count}.")
            )
        for mid in fillers:
            m = ann.mention(mid)
            if m is not None and not role.accepts(m.type):
                allowed = ", ".join(role.types)
                out.append(
                    EventProblem(
                        "wrong_type",
                        role.name,
                        f"{role.label} takes {allowed}, not {m.type} ({_name(m, ann)}).",
                    )
                )
    for a in event.arguments:
        if et.role(a.role) is None:
            out.append(EventProblem("wrong_type", a.role, f"{et.label} has no role {a.role}."))
    return out
