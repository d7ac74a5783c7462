"""Reading article files into drafts: seeds, formats, clean-up and every bad input."""

from __future__ import annotations

import json
import pickle
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import db.corpus.files
from db.corpus import (
    ArticleDraft,
    ImportProblem,
    detect_language,
    iter_input_files,
    read_csv_file,
    read_file,
    read_html_file,
    read_jsonl_file,
    read_text_file,
)
from db.corpus.text_files import strip_tag_fragments

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (expected next to the repository)")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def only(drafts: list[ArticleDraft]) -> ArticleDraft:
    assert len(drafts) == 1
    return drafts[0]


def problem_of(path: Path) -> ImportProblem:
    with pytest.raises(ImportProblem) as info:
        read_file(path)
    return info.value


# --- the five seed articles --------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_imports_without_losing_words(prefix: str) -> None:
    path = seed(prefix)
    d = only(read_file(path))
    assert d.text and "\r" not in d.text and "\ufeff" not in d.text
    assert d.text == d.text.rstrip()
    assert "\n\n\n\n" not in d.text
    assert d.origin == str(path)
    json.dumps(dict(d.extra))  # the store writes extra as JSON
    # Every word of the file is in a field or in extra, except header keywords and tags.
    original = Counter(strip_tag_fragments(path.read_text(encoding="utf-8")).split())
    kept = [d.title, d.text, d.author, d.source, d.published, *d.extra.values()]
    missing = original - Counter(" ".join(v for v in kept if v).split())
    assert set(missing) <= {"date", "By"}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_german_seeds_keep_umlauts_and_are_german(prefix: str) -> None:
    d = only(read_file(seed(prefix)))
    assert d.language == "de"
    assert any(ch in d.text for ch in "äöüß")
    assert "Ã" not in d.text  # no mojibake


def test_seed_000_drops_trailing_junk_line() -> None:
    d = only(read_file(seed("000")))
    assert "342/" not in d.text
    assert d.extra["dropped_tail"] == "342/"
    assert d.text.endswith("Die Aussetzung wurde im Mai dieses Jahres aufgehoben.")
    assert d.title is None  # the first line is a long sentence, not a headline
    assert "Vorwürfe" in d.text


def test_seed_001_keeps_german_quotes() -> None:
    d = only(read_file(seed("001")))
    assert "„Präsidentschaft der Verteidigungsindustrie“" in d.text
    assert dict(d.extra) == {}


def test_seed_002_title_tag_fragment_and_boilerplate() -> None:
    d = only(read_file(seed("002")))
    assert d.title == (
        "Lukaschenko hat vor dem Krieg mit Armenien heimlich Waffen nach Aserbaidschan "
        "transferiert – Politico"
    )
    assert "< p>" not in d.text and "<p" not in d.text
    assert "\nPolitico berichtet.\n" in d.text
    assert not d.text.startswith("Lukaschenko hat vor dem Krieg")
    assert "„Mit solchen Freunden“" in d.text
    assert d.extra["dropped_tail"] == "Verwandte Themen:\nWeitere Nachrichten"
    assert "Verwandte Themen" not in d.text


def test_seed_003_title_and_comments_moved_to_extra() -> None:
    d = only(read_file(seed("003")))
    assert d.title == "Türkiye lieferte seine Militärindustrie an Aserbaidschan"
    assert "2 Kommentare" not in d.text
    assert "Sehr geehrter Leser" not in d.text
    assert "Abonnieren Sie" not in d.text
    assert d.text.startswith("Am 17. Juli")
    assert d.text.endswith("entgegenzuwirken.")
    assert "Damir bemerkte.\n\nAm Donnerstag" in d.text  # 3 blank lines became one
    tail = d.extra["dropped_tail"]
    assert tail.startswith("Unsere Nachrichtensender\n")
    assert "\n2 Kommentare\n" in tail
    assert tail.endswith("Der Sultan wird von Größen- und Bedeutungswahn überwältigt.")
    assert "\n    " not in tail  # indentation stripped in the dropped part only
    assert d.extra["dropped_head"] == "2"  # the comment counter under the headline


def test_seed_004_header_gives_date_outlet_author() -> None:
    d = only(read_file(seed("004")))
    assert d.published == "2023-01-09"
    assert d.source == "Azernews"
    assert d.author == "Fatima Hasanova"
    assert d.language == "en"
    assert d.title is None
    assert d.text.startswith("Turkish Presidency of Defence Industries head Ismail Demir")
    assert "Fatima Hasanova" not in d.text and "date 2023" not in d.text
    assert "“Embargoes will continue." in d.text


# --- plain text and Markdown -----------------------------------------------------------------


def test_crlf_and_lone_cr_are_normalised_and_bom_stripped(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(
        b"\xef\xbb\xbfDrones for Baku\r\nThe first line.\r\n\r\nThe second\rThe third.  \r\n\r\n"
    )
    d = only(read_text_file(p))
    assert d.title == "Drones for Baku"
    assert d.text == "The first line.\n\nThe second\nThe third."


def test_long_first_line_is_not_a_title(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    first = "Ankara said that " + "drones " * 40 + "were delivered"
    p.write_text(f"{first}\nMore text.\n", encoding="utf-8")
    d = only(read_text_file(p))
    assert d.title is None
    assert d.text.startswith("Ankara said")


def test_single_line_file_has_no_title(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Turkey delivered drones to Azerbaijan\n", encoding="utf-8")
    d = only(read_text_file(p))
    assert d.title is None
    assert d.text == "Turkey delivered drones to Azerbaijan"


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="<\ufeff"),
        max_size=300,
    )
)
def test_no_character_is_silently_lost(content: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        p = Path(folder, "a.txt")
        p.write_bytes(content.encode("utf-8"))
        try:
            d = only(read_text_file(p))
        except ImportProblem as problem:
            assert problem.message == "empty text" and not content.strip()
            return
    assert "\r" not in d.text and d.text == d.text.rstrip()
    kept = [d.title, d.text, d.author, d.source, d.published, *d.extra.values()]
    assert Counter("".join(content.split())) <= Counter(
        "".join("".join(v or "" for v in kept).split())
    )


def test_markdown_code_fence_at_the_end_stays(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("Intro line.\n\n```\ncode 42\n```\n", encoding="utf-8")
    assert only(read_text_file(p)).text == "Intro line.\n\n```\ncode 42\n```"


def test_tag_fragments_removed_but_comparisons_kept(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(
        "Headline here\n<p>First paragraph.</p>\nSecond<br/>Third and <b>bold</b> text.\n"
        "If a < b and c > d the text stays; so does <3 and <unknown>.\n",
        encoding="utf-8",
    )
    d = only(read_text_file(p))
    assert d.text == (
        "First paragraph.\nSecond\nThird and bold text.\n"
        "If a < b and c > d the text stays; so does <3 and <unknown>."
    )


def test_blank_line_runs_collapse_and_indentation_stays(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("One.\n\n\n\n\n    Indented two.\n\n\nThree.\n", encoding="utf-8")
    d = only(read_text_file(p))
    assert d.text == "One.\n\n    Indented two.\n\n\nThree."


def test_trailing_english_comment_section(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(
        "Body line one.\nBody line two.\n\n12 comments\nJohn: great\nMary: awful\n",
        encoding="utf-8",
    )
    d = only(read_text_file(p))
    assert d.text == "Body line one.\nBody line two."
    assert d.extra["dropped_tail"] == "12 comments\nJohn: great\nMary: awful"


def test_markdown_front_matter_and_heading(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text(
        "---\n"
        'title: "Drones for Baku"\n'
        "source: Example Times\n"
        "Author: Jane Doe\n"
        "url: https://example.org/a\n"
        "date: 09.01.2023\n"
        "language: EN-GB\n"
        "tags:\n  - drones\n  - Turkey\n"
        "desk: defence\n"
        "---\n"
        "# Drones for Baku\n\n"
        "Turkey **offered** drones.\n\n- a list item\n",
        encoding="utf-8",
    )
    d = only(read_text_file(p))
    assert (d.title, d.source, d.author, d.url) == (
        "Drones for Baku",
        "Example Times",
        "Jane Doe",
        "https://example.org/a",
    )
    assert d.published == "2023-01-09"
    assert d.language == "en"
    assert d.extra == {"tags": ["drones", "Turkey"], "desk": "defence"}
    assert d.text == "Turkey **offered** drones.\n\n- a list item"


def test_markdown_heading_is_title_without_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "a.markdown"
    p.write_text("# Arms to Armenia\n\nIndia sold artillery to Armenia.\n", encoding="utf-8")
    d = only(read_file(p))
    assert d.title == "Arms to Armenia"
    assert d.text == "India sold artillery to Armenia."


def test_markdown_rules_around_prose_are_not_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\nJust prose here.\n---\nMore prose follows.\n", encoding="utf-8")
    d = only(read_text_file(p))
    assert d.text == "---\nJust prose here.\n---\nMore prose follows."


def test_markdown_heading_differing_from_front_matter_title_stays(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: Short\n---\n# Background\n\nText.\n", encoding="utf-8")
    d = only(read_text_file(p))
    assert (d.title, d.text) == ("Short", "# Background\n\nText.")


def test_markdown_bad_front_matter_date_kept_raw(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\ndate: last Tuesday\n---\nSome text.\n", encoding="utf-8")
    d = only(read_text_file(p))
    assert d.published is None
    assert d.extra["date_raw"] == "last Tuesday"


# --- HTML ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="windows-1252">
<title>Turkey offers drones to Azerbaijan | Defence Daily</title>
<meta property="og:title" content="Turkey offers drones to Azerbaijan">
<meta property="og:site_name" content="Defence Daily">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2023-01-09T10:00:00Z">
<link rel="canonical" href="https://example.org/news/turkey-drones">
<script>var secret = "SCRIPTTEXT";</script>
<style>.x { color: red } /* STYLETEXT */</style>
</head><body>
<nav><ul><li><a href="/">Home NAVTEXT</a></li><li><a href="/w">World NAVTEXT</a></li></ul></nav>
<article>
<h1>Turkey offers drones to Azerbaijan</h1>
<p>The head of Turkey's defence industry agency said on Monday that armed drones, missiles
and electronic warfare systems were available to Azerbaijan, and that both countries would
work together on maintenance and training.</p>
<p>Officials from both sides met in Ankara to discuss industrial cooperation, including the
joint production of munitions and the modernisation of systems used by the army. The
Caf\xe9 Ankara hosted the press.</p>
</article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>COMMENTTEXT This is outrageous, I cannot believe they allow it.</p></div>
</section>
<footer><p>Copyright FOOTERTEXT 2023 Defence Daily. All rights reserved.</p></footer>
</body></html>
"""


def test_html_article_without_page_furniture(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_bytes(PAGE.encode("cp1252"))
    d = only(read_file(p))
    for junk in ("SCRIPTTEXT", "STYLETEXT", "NAVTEXT", "COMMENTTEXT", "FOOTERTEXT"):
        assert junk not in d.text
        assert junk not in json.dumps(dict(d.extra))
    assert d.title == "Turkey offers drones to Azerbaijan"
    assert d.author == "Jane Doe"
    assert d.published == "2023-01-09"
    assert d.source == "Defence Daily"
    assert d.url == "https://example.org/news/turkey-drones"
    assert d.language == "en"
    assert "Café Ankara" in d.text  # decoded with the declared charset
    assert d.text.startswith("The head of Turkey's defence industry agency")


def test_html_without_article_text(tmp_path: Path) -> None:
    p = tmp_path / "empty.htm"
    p.write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    with pytest.raises(ImportProblem, match="no article text found"):
        read_html_file(p)


# --- JSONL and CSV --------------------------------------------------------------------------


def test_jsonl_fields_aliases_dates_and_extra(tmp_path: Path) -> None:
    rows = [
        {
            "Headline": "One",
            "Body": "Text one.\r\nMore.",
            "outlet": "X",
            "date": "2023-01-09T08:00",
        },
        {"text": "Text two.", "byline": ["A B", "C D"], "link": "u", "published": "09.01.2023"},
        {"content": "Text three.", "publication_date": "2023-01", "lang": "DE", "desk": "x"},
        {"text": "Text four.", "date": "2023", "language": "Deutsch"},
        {"text": "Text five.", "date": "last week", "score": 0.5},
    ]
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    drafts = read_jsonl_file(p)
    assert [d.origin for d in drafts] == [f"{p}:{n}" for n in range(1, 6)]
    one, two, three, four, five = drafts
    assert (one.title, one.text, one.source, one.published) == (
        "One",
        "Text one.\nMore.",
        "X",
        "2023-01-09",
    )
    assert (two.author, two.url, two.published) == ("A B, C D", "u", "2023-01-09")
    assert (three.published, three.language, dict(three.extra)) == ("2023-01", "de", {"desk": "x"})
    assert four.published == "2023"
    assert four.language is None and four.extra["language_raw"] == "Deutsch"
    assert five.published is None
    assert dict(five.extra) == {"date_raw": "last week", "score": 0.5}


def test_jsonl_line_separators_inside_strings_survive(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": "a\u2028b"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert only(read_jsonl_file(p)).text == "a\u2028b"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('{"text": "ok"}\n\n{"text": "ok", }\n', 3, "malformed JSON: "),
        ('{"text": "ok"}\n{"title": "no body"}\n', 2, "no text"),
        ('["text", "list"]\n', 1, "expected a JSON object, found an array"),
        ('{"text": "ok"}\n{"body": "  \\n "}\n', 2, "empty text"),
        ('{"text": 12}\n', 1, "must be a string"),
    ],
)
def test_jsonl_bad_lines_name_their_line(
    tmp_path: Path, content: str, line: int, message: str
) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text(content, encoding="utf-8")
    problem = problem_of(p)
    assert problem.line == line
    assert problem.path == str(p)
    assert message in problem.message
    assert str(problem).startswith(f"{p}:{line}: ")


def test_csv_semicolon_bom_crlf_and_multiline_cells(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(
        "\ufeffTitle;Text;Date;Notes\r\n"
        'Eins;"Erste Zeile\r\nzweite Zeile; mit Semikolon";09.01.2023;n1\r\n'
        "\r\n"
        "Zwei;Noch ein Text;kaputt;\r\n".encode()
    )
    one, two = read_csv_file(p)
    assert (one.title, one.text, one.published) == (
        "Eins",
        "Erste Zeile\nzweite Zeile; mit Semikolon",
        "2023-01-09",
    )
    assert dict(one.extra) == {"Notes": "n1"}
    assert one.origin == f"{p}:2"
    assert two.origin == f"{p}:5"
    assert two.published is None and two.extra["date_raw"] == "kaputt"


def test_csv_tab_delimiter(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("content\tsource\nSome, text\tOutlet\n", encoding="utf-8")
    d = only(read_csv_file(p))
    assert (d.text, d.source) == ("Some, text", "Outlet")


def test_csv_without_text_column(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    problem = problem_of(p)
    assert str(problem) == (
        f"{p}:1: no text column (expected one of: text, body, content); found: a, b, c"
    )


def test_csv_empty_text_cell_names_the_record_line(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text('title,text\nA,"multi\nline\ncell"\nB,   \n', encoding="utf-8")
    problem = problem_of(p)
    assert problem.line == 5
    assert "empty text" in problem.message


def test_csv_large_field(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    body = "word " * 60_000  # beyond csv's default 128 KiB field limit
    p.write_text(f'text\n"{body}"\n', encoding="utf-8")
    assert only(read_csv_file(p)).text == body.strip()


# --- bad files --------------------------------------------------------------------------------


def test_undecodable_bytes_name_line_and_column(tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes("Titel\nZeile zwei\nDas Mädchen".encode("latin-1"))
    problem = problem_of(p)
    assert problem.line == 3
    assert problem.message == (
        "not valid UTF-8 (byte 0xe4 at line 3, column 6); save the file as UTF-8"
    )
    assert str(problem).startswith(f"{p}:3: ")


def test_undecodable_csv_names_its_line(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(b"text\r\nok\r\nK\xf6ln\r\n")
    assert problem_of(p).line == 3


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t \n", b"\xef\xbb\xbf\n"])
def test_empty_text_file(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    problem = problem_of(p)
    assert problem.message == "empty text"
    assert str(problem) == f"{p}: empty text"


def test_unsupported_suffix(tmp_path: Path) -> None:
    p = tmp_path / "report.pdf"
    p.write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportProblem, match="unsupported file type '.pdf'"):
        iter_input_files([p])
    assert "unsupported" in problem_of(p).message


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem) as info:
        iter_input_files([tmp_path / "nope"])
    assert str(info.value) == f"{tmp_path / 'nope'}: no such file or folder"


def test_too_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "big.txt"
    p.write_text("Some text that is too long for the lowered limit.", encoding="utf-8")
    monkeypatch.setattr(db.corpus.files, "MAX_FILE_BYTES", 10)
    assert "too large" in problem_of(p).message


def test_import_problem_survives_pickling() -> None:
    problem = pickle.loads(pickle.dumps(ImportProblem("a.csv", "bad", 3)))
    assert (str(problem), problem.line) == ("a.csv:3: bad", 3)


def test_draft_refuses_unnormalised_text() -> None:
    with pytest.raises(ValueError):
        ArticleDraft(text="  \n")
    with pytest.raises(ValueError):
        ArticleDraft(text="a\r\nb")


# --- folders and language -----------------------------------------------------------------


def test_folder_walk_is_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    for rel in [
        "z.csv",
        "a.txt",
        "sub/b.MD",
        "sub/deeper/c.jsonl",
        "sub/notes.pdf",
        ".hidden/d.txt",
        ".e.txt",
        "b.html",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = iter_input_files([tmp_path, tmp_path / "a.txt"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.txt",
        "b.html",
        "sub/b.MD",
        "sub/deeper/c.jsonl",
        "z.csv",
    ]


def test_read_file_detects_language_for_table_rows(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    rows = [
        {"text": "Die Türkei lieferte Kampfdrohnen an Aserbaidschan, sagte das Ministerium."},
        {"text": "Турция поставила Азербайджану ударные беспилотники, сообщило министерство."},
        {"text": "Ok."},
    ]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert [d.language for d in read_file(p)] == ["de", "ru", None]


def test_detect_language_is_deterministic_and_declines_short_text() -> None:
    text = "Armenia bought artillery systems from India and France last year, officials said."
    assert detect_language(text) == "en"
    assert detect_language(text) == "en"
    assert detect_language("OK 42") is None
    assert detect_language("") is None
