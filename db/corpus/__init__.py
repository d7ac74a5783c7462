"""Qt-free readers that turn article files (text, Markdown, HTML, JSONL, CSV) into drafts."""

from __future__ import annotations

from db.corpus.draft import ArticleDraft, ImportProblem
from db.corpus.files import SUPPORTED_SUFFIXES, fill_languages, iter_input_files, read_file
from db.corpus.html_files import read_html_file
from db.corpus.language import detect_language
from db.corpus.table_files import read_csv_file, read_jsonl_file
from db.corpus.text_files import read_text_file

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ArticleDraft",
    "ImportProblem",
    "detect_language",
    "fill_languages",
    "iter_input_files",
    "read_csv_file",
    "read_file",
    "read_html_file",
    "read_jsonl_file",
    "read_text_file",
]
