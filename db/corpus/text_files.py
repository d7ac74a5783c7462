"""Plain-text and Markdown article files: metadata header, title and scrape clean-up."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from db.corpus.draft import (
    FIELD_ALIASES,
    ArticleDraft,
    ImportProblem,
    decode_utf8,
    normalise_date,
    normalise_newlines,
    read_input_bytes,
    set_field,
)

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TITLE_MAX_CHARS = 200

# Only names of real HTML tags count, so prose such as "a < b" is left alone.
_BLOCK_TAGS = (
    "p|br|div|li|ul|ol|h[1-6]|blockquote|section|article|header|footer|figure|figcaption"
    "|table|thead|tbody|tr|td|th|hr|pre"
)
_INLINE_TAGS = (
    "span|a|b|i|u|s|q|em|strong|small|sub|sup|mark|abbr|cite|code|font|center|del|ins"
    "|strike|time|wbr|nobr|img"
)
_ATTRS = r"""(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?)*"""


def _tag_re(names: str, pad: bool) -> re.Pattern[str]:
    # Well-formed tags may carry attributes; scraper-mangled ones ("< p>", "</ p>") may not.
    # No two adjacent \s* may meet, and padding starts only where a space run starts:
    # either would make long whitespace runs cost quadratic time.
    tag = (
        rf"(?:</?(?:{names}){_ATTRS}\s*(?:/\s*)?>"
        rf"|<(?:\s+(?:/\s*)?|/\s+)(?:{names})\s*(?:/\s*)?>)"
    )
    if pad:
        tag = rf"(?<![ \t])[ \t]*{tag}[ \t]*"
    return re.compile(tag, re.IGNORECASE)


# Block tags swallow the spaces around them: they become a line break or nothing.
_BLOCK_TAG_RE = _tag_re(_BLOCK_TAGS, pad=True)
_INLINE_TAG_RE = _tag_re(_INLINE_TAGS, pad=False)

_HEADER_RE = re.compile(r"date\s+(\S+)(?:\s+by\s+(.+?))?", re.IGNORECASE)
_NAME_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|[.'’-])*")
_NAME_PARTICLES = frozenset("al bin da de del den der di du ibn la le van von zu".split())
_BYLINE_PREFIX_RE = re.compile(r"(?:by|von)\s+", re.IGNORECASE)

# A reader-comment section starts at such a heading and runs to the end of the file.
_COMMENTS_HEADING_RE = re.compile(
    r"(?:\d+\s+(?:leser)?kommentare?|(?:leser)?kommentare"
    r"|\d+\s+comments?|(?:reader\s+)?comments|\d+\s+commentaires?|commentaires"
    r"|\d*\s*комментари[йяи]\w*|\d*\s*yorum(?:lar)?)"
    r"(?:\s*\(\d+\))?\s*:?",
    re.IGNORECASE,
)
# Site furniture that scrapers leave after the article.
_BOILERPLATE_RE = re.compile(
    r"(?:verwandte themen|weitere nachrichten|weitere artikel|mehr zum thema|mehr nachrichten"
    r"|das könnte sie auch interessieren|unsere nachrichtensender|artikel teilen|teilen"
    r"|related(?: topics| articles| news| stories)?|read more|more news|more stories"
    r"|see also|share(?: this(?: article| story)?)?|advertisement|anzeige|werbung)\s*:?"
    r"|(?:abonnieren sie|subscribe|follow us|folgen sie uns|lesen sie auch|read also"
    r"|tags|schlagwörter)\b.{0,200}",
    re.IGNORECASE,
)
_JUNK_MAX_CHARS = 12
_BLANK_RUN_RE = re.compile(r"\n(?:[ \t]*\n){3,}")
_LEADING_BLANK_LINES_RE = re.compile(r"\A(?:[ \t]*\n)+")
_MD_HEADING_RE = re.compile(r"#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*")
_FRONT_MATTER_LINE_RE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?")
_FRONT_MATTER_ITEM_RE = re.compile(r"[ \t]*-[ \t]+(.*)")


def read_text_file(path: Path) -> list[ArticleDraft]:
    """One draft from a .txt or .md file (UTF-8), with scrape debris moved to extra."""
    text = normalise_newlines(decode_utf8(read_input_bytes(path), path))
    if not text.strip():
        raise ImportProblem(str(path), "empty text")
    fields: dict[str, str] = {}
    extra: dict[str, Any] = {}
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    front_matter = None
    if markdown:
        front_matter, text = _split_front_matter(text)
        if front_matter is not None:
            _apply_front_matter(front_matter, fields, extra)
    lines = strip_tag_fragments(text).split("\n")
    had_heading = False
    if markdown:
        lines, had_heading = _take_markdown_heading(lines, fields)
    if front_matter is None and not had_heading:
        lines = _take_header_or_title(lines, fields)
    head, lines = split_head(lines)
    body_lines, dropped = split_tail(lines)
    body = _tidy(body_lines)
    if not body:
        raise ImportProblem(str(path), "empty text")
    for key, part in (("dropped_head", head), ("dropped_tail", dropped)):
        if kept := _tidy([line.strip() for line in part]):
            extra[key] = kept
    return [
        ArticleDraft(
            text=body,
            title=fields.get("title"),
            source=fields.get("source"),
            author=fields.get("author"),
            url=fields.get("url"),
            published=fields.get("published"),
            language=fields.get("language"),
            extra=extra,
            origin=str(path),
        )
    ]


def strip_tag_fragments(text: str) -> str:
    """Remove stray HTML tags left by scrapers; block tags between text become line breaks."""

    def block(m: re.Match[str]) -> str:
        # The match swallowed the spaces and tabs around the tag, so its neighbours tell
        # whether text sits on both sides (looking further would be quadratic on long lines).
        s, start, end = m.string, m.start(), m.end()
        text_before = start > 0 and not s[start - 1].isspace()
        text_after = end < len(s) and not s[end].isspace()
        return "\n" if text_before and text_after else ""

    return _INLINE_TAG_RE.sub("", _BLOCK_TAG_RE.sub(block, text))


def split_head(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split off counters opening the body, such as a comment count ("2")."""
    cut = 0
    while (first := _first_nonblank(lines, cut)) is not None and _is_junk(lines[first].strip()):
        if _first_nonblank(lines, first + 1) is None:
            break  # never drop the only remaining line
        cut = first + 1
    return list(lines[:cut]), list(lines[cut:])


def split_tail(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split lines into article and trailing comments/boilerplate/junk (kept apart, not lost)."""
    cut = len(lines)
    body_lines = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        # Two lines of article first, so a heading-like opening line is never mistaken.
        if body_lines >= 2 and _COMMENTS_HEADING_RE.fullmatch(stripped):
            cut = i
            break
        if stripped:
            body_lines += 1
    while True:
        last = _last_nonblank(lines, cut)
        if last is None or _last_nonblank(lines, last) is None:
            break  # never drop the only remaining line
        stripped = lines[last].strip()
        if not (_BOILERPLATE_RE.fullmatch(stripped) or _is_junk(stripped)):
            break
        cut = last
    return list(lines[:cut]), list(lines[cut:])


def _last_nonblank(lines: Sequence[str], end: int) -> int | None:
    for i in range(end - 1, -1, -1):
        if lines[i].strip():
            return i
    return None


def _is_junk(stripped: str) -> bool:
    # Page and comment counters such as "342/" or "2". Digit-free lines ("---", "```") may
    # be Markdown syntax, so they stay.
    return (
        len(stripped) <= _JUNK_MAX_CHARS
        and any(c.isdigit() for c in stripped)
        and not any(c.isalpha() for c in stripped)
    )


def _tidy(lines: Sequence[str]) -> str:
    text = _BLANK_RUN_RE.sub("\n\n", "\n".join(lines))
    return _LEADING_BLANK_LINES_RE.sub("", text).rstrip()


def _take_header_or_title(lines: list[str], fields: dict[str, str]) -> list[str]:
    """Consume a 'date ... By outlet' header (+ author line) or a title line."""
    first = _first_nonblank(lines, 0)
    if first is None:
        return lines
    line = lines[first].strip()
    header = _HEADER_RE.fullmatch(line)
    published = normalise_date(header[1]) if header else None
    if header and published:
        fields["published"] = published
        if header[2]:
            fields["source"] = header[2].strip()
        rest = lines[first + 1 :]
        nxt = _first_nonblank(rest, 0)
        if nxt is not None and (author := _as_person_name(rest[nxt])):
            fields["author"] = author
            rest = rest[nxt + 1 :]
        return rest
    if (
        len(line) <= TITLE_MAX_CHARS
        and line[-1] not in ".,;:"
        and any(c.isalpha() for c in line)
        and _first_nonblank(lines, first + 1) is not None
    ):
        fields["title"] = line
        return lines[first + 1 :]
    return lines


def _first_nonblank(lines: Sequence[str], start: int) -> int | None:
    for i in range(start, len(lines)):
        if lines[i].strip():
            return i
    return None


def _as_person_name(line: str) -> str | None:
    """The name if the line looks like a byline of 2-4 capitalised words, else None."""
    s = _BYLINE_PREFIX_RE.sub("", line.strip(), count=1)
    words = s.split()
    if not 2 <= len(words) <= 4 or s[-1] in ".!?:;,":
        return None
    if not all(_NAME_WORD_RE.fullmatch(w) for w in words) or not words[0][0].isupper():
        return None
    if not all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words):
        return None
    return " ".join(words)


def _split_front_matter(text: str) -> tuple[list[str] | None, str]:
    """Front-matter lines and the rest, or (None, text) when there is none."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, text
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            block = lines[1:i]
            # Two rules with prose between are not front matter: it needs a 'key: value'.
            if any(_FRONT_MATTER_LINE_RE.fullmatch(line.rstrip()) for line in block):
                return block, "\n".join(lines[i + 1 :])
            break
    return None, text


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _apply_front_matter(
    lines: Sequence[str], fields: dict[str, str], extra: dict[str, Any]
) -> None:
    """Parse simple 'key: value' lines (and '- item' lists) into fields and extra."""
    values: dict[str, str | list[str]] = {}
    unparsed: list[str] = []
    last_key: str | None = None
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if (item := _FRONT_MATTER_ITEM_RE.fullmatch(line)) and last_key is not None:
            current = values[last_key]
            if isinstance(current, list):
                current.append(_unquote(item[1]))
                continue
        if m := _FRONT_MATTER_LINE_RE.fullmatch(line.rstrip()):
            last_key = m[1]
            values[last_key] = _unquote(m[2]) if m[2] and m[2].strip() else []
        else:
            unparsed.append(line)
            last_key = None
    by_name = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases}
    for key, value in values.items():
        if not value:
            continue  # 'key:' with nothing after it
        name = by_name.get(key.lower())
        if name is None or name == "text" or name in fields:
            extra[key] = value
            continue
        joined = ", ".join(value) if isinstance(value, list) else value
        if not joined:
            continue
        set_field(name, joined, fields, extra)
    if unparsed:
        extra["front_matter_unparsed"] = "\n".join(unparsed)


def _take_markdown_heading(lines: list[str], fields: dict[str, str]) -> tuple[list[str], bool]:
    """Use a leading '# Heading' as the title; keep it in the body if it differs."""
    first = _first_nonblank(lines, 0)
    if first is None:
        return lines, False
    m = _MD_HEADING_RE.fullmatch(lines[first].strip())
    if m is None:
        return lines, False
    heading = m[1].strip()
    title = fields.get("title")
    if title is None:
        fields["title"] = heading
    elif " ".join(title.split()).casefold() != " ".join(heading.split()).casefold():
        return lines, True
    return lines[first + 1 :], True
