"""``python -m matcher rank``: rank postings and CVs from JSON Lines files, offline.

Same code path as the service: records become documents through ``row_documents`` and are
ranked by ``MatchIndex`` with its defaults (blind, bilingual lexicon, constraints). A CV
that carries the candidate's ``name``, ``email`` or ``phone`` has them removed from its text
first, as intake does before it publishes a CV (``shared.redaction``).

Input, one JSON object a line (blank lines are skipped):

- postings: ``id``, ``title``, ``description``, optional ``skills`` (list of str),
  ``location``, and the optional constraint fields ``location_policy``
  ("ignore"|"prefer"|"require"), ``required_languages`` (list), ``language_policy``,
  ``min_education``, ``education_policy``;
- CVs: ``id``, ``text``, optional ``skills``, ``location``, ``language_pref``, the
  optional ``languages`` (list) and ``education`` a candidate declared, and the optional
  ``name``, ``email`` and ``phone`` (strings), used only to redact the text.

Other fields are ignored. Output, one JSON object a line: ``posting_id``, ``cv_id``,
``rank`` (1 = best), ``score``, ``explanation``: for each posting (in input order) its top
K CVs, or with ``--direction cv`` for each CV its top K postings.

Exit status: 0 done, 2 bad input (the message names the file and line).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from matcher.ranking import Document, MatchIndex
from matcher.ranking.constraints import Constraints
from matcher.row_documents import cv_document, posting_document
from shared.redaction import redact_cv_text

EXIT_OK, EXIT_BAD_INPUT = 0, 2


class BadInput(Exception):
    """A record that cannot be ranked; the message says where and why."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``rank`` command's options."""
    parser.add_argument("--postings", required=True, type=Path, help="postings, JSON Lines")
    parser.add_argument("--cvs", required=True, type=Path, help="CVs, JSON Lines")
    parser.add_argument("--top", type=int, default=10, metavar="K", help="matches per document (default 10)")
    parser.add_argument(
        "--direction",
        choices=("posting", "cv"),
        default="posting",
        help="posting: top CVs for each posting (default); cv: top postings for each CV",
    )
    parser.add_argument("--out", type=Path, default=None, help="output file (default: standard output)")
    parser.add_argument("--min-score", type=float, default=0.0, help="leave out matches scoring below this")
    parser.add_argument(
        "--include-excluded",
        action="store_true",
        help="also list pairs a 'require' constraint excludes (score 0, reason in the explanation)",
    )


def _records(path: Path) -> Iterator[tuple[int, dict]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise BadInput(f"{path}:{number}: not valid JSON: {exc.msg} (column {exc.colno})") from None
                if not isinstance(record, dict):
                    raise BadInput(f"{path}:{number}: expected a JSON object, got {type(record).__name__}")
                yield number, record
        except UnicodeDecodeError as exc:
            raise BadInput(f"{path}: not UTF-8 text: {exc.reason}") from None


def _string(record: dict, name: str, *, required: bool) -> str | None:
    value = record.get(name)
    if value is None:
        if required:
            raise ValueError(f"missing field {name!r}")
        return None
    if not isinstance(value, str):
        raise ValueError(f"field {name!r} must be a string, got {type(value).__name__}")
    if required and not value.strip():
        raise ValueError(f"field {name!r} must not be empty")
    return value


def _strings(record: dict, name: str) -> list[str]:
    value = record.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"field {name!r} must be a list of strings")
    return value


def posting_from_record(record: dict) -> Document:
    """A posting document from a JSON record; raises ValueError/TypeError naming the field."""
    row = {
        "id": _string(record, "id", required=True),
        "title": _string(record, "title", required=True),
        "description": _string(record, "description", required=True),
        "skills": _strings(record, "skills"),
        "location": _string(record, "location", required=False),
    }
    doc = posting_document(row)
    constraints = Constraints.from_mapping(record)
    return dataclasses.replace(doc, constraints=constraints) if constraints else doc


def cv_from_record(record: dict) -> Document:
    """A CV document from a JSON record, its text redacted; raises ValueError/TypeError naming the field."""
    text = _string(record, "text", required=True)
    contact = {field: _string(record, field, required=False) for field in ("name", "email", "phone")}
    if any(contact.values()):
        text = redact_cv_text(text, **contact)
    row = {
        "id": _string(record, "id", required=True),
        "text": text,
        "skills": _strings(record, "skills"),
        "location": _string(record, "location", required=False),
    }
    _string(record, "language_pref", required=False)
    doc = cv_document(row)
    languages = _strings(record, "languages")
    education = _string(record, "education", required=False)
    if languages or education:
        doc = dataclasses.replace(doc, languages=tuple(languages), education=education)
    return doc


def load(path: Path, make: Callable[[dict], Document], index: MatchIndex) -> list[str]:
    """Upsert every record of ``path``; return the ids in file order. Raises BadInput."""
    ids: dict[str, int] = {}
    for number, record in _records(path):
        try:
            doc = make(record)
            if doc.id in ids:
                raise ValueError(f"duplicate id {doc.id!r} (first on line {ids[doc.id]})")
            index.upsert(doc)
        except (ValueError, TypeError) as exc:
            raise BadInput(f"{path}:{number}: {exc}") from None
        ids[doc.id] = number
    return list(ids)


def run(args: argparse.Namespace) -> int:
    """Rank and write the matches; return the exit status."""
    if args.top < 1:
        print("error: --top must be at least 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    index = MatchIndex()
    try:
        posting_ids = load(args.postings, posting_from_record, index)
        cv_ids = load(args.cvs, cv_from_record, index)
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        out = sys.stdout if args.out is None else args.out.open("w", encoding="utf-8")
    except OSError as exc:
        print(f"error: {args.out}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        if args.direction == "posting":
            for posting_id in posting_ids:
                matches = index.rank_cvs_for_posting(
                    posting_id, limit=args.top, min_score=args.min_score, include_excluded=args.include_excluded
                )
                _write(out, matches)
        else:
            for cv_id in cv_ids:
                matches = index.rank_postings_for_cv(
                    cv_id, limit=args.top, min_score=args.min_score, include_excluded=args.include_excluded
                )
                _write(out, matches)
    except BrokenPipeError:  # the reader stopped early (``| head``): not an error
        if out is sys.stdout:
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - no flush error at exit
        return EXIT_OK
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_OK


def _write(out, matches) -> None:
    for rank, match in enumerate(matches, start=1):
        line = {
            "posting_id": match.posting_id,
            "cv_id": match.cv_id,
            "rank": rank,
            "score": match.score,
            "explanation": match.explanation,
        }
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


__all__ = ["add_arguments", "cv_from_record", "posting_from_record", "run"]
