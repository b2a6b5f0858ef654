"""Applies fixes: non-overlapping edits from the end backwards, pass after pass until none is left.

A finding's ``fix`` already has the case of the text it replaces; what it cannot know is the
article just before it ("a lead" -> "an existing customer", French "le dossier" -> "l'assuré"),
so the edit takes that article in.  An edit is only made where every character it replaces
is prose: markup, code and template tags inside a match are never rewritten.

Files are written atomically (a temporary file beside them, then ``os.replace``) in the
encoding, byte-order mark and line endings they were read with, keeping their mode, and
never when they changed on disk since they were read.
"""
from __future__ import annotations

import bisect
import difflib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from framing_lint.config import Config, ConfigResolver, config_for
from framing_lint.documents.base import Document
from framing_lint.findings import Finding
from framing_lint.sourcefile import SourceError, SourceFile, decode, read_source

# Passes over one text: a fix can uncover another finding; a rule whose replacement matches
# itself must not loop for ever.
MAX_PASSES = 4
_BINARY_KINDS = {"docx": "Word", "odt": "OpenDocument"}


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str


class FixError(Exception):
    """A file that cannot be fixed; ``str()`` says why (the findings are still reported)."""


class Unwritable(FixError):
    """A format the fixer cannot round-trip (Word, OpenDocument): a notice, not a failure."""


def wanted(finding: Finding, unsafe: bool = False) -> bool:
    return finding.fix is not None and (finding.fix_safe or unsafe)


# -- articles ----------------------------------------------------------------------------
_DETERMINERS = frozenset("a an the our your their my his her its this that these those each every any some no".split())
_EN_ARTICLE = re.compile(r"(?<![\w'’])(an?)(\s+)\Z", re.IGNORECASE)
# Words spelt with a vowel but said with a consonant sound, and the other way round.
_A_BEFORE = ("one", "once", "uni", "use", "usu", "uti", "ura", "ure", "uro", "eu", "ewe", "ubiq", "u-", "ufo")
_AN_BEFORE = ("hour", "honest", "honor", "honour", "heir")
_LETTER_AN = set("AEFHILMNORSX")


def english_article(phrase: str) -> str:
    """'a' or 'an' for the first word of ``phrase`` (by sound, not by letter)."""
    m = re.search(r"[\w-]+", phrase)
    if not m:
        return "a"
    word = m.group()
    low = word.lower()
    if word[0].isdigit():
        digits = re.match(r"\d+", word).group()  # type: ignore[union-attr]
        return "an" if digits[0] == "8" or (digits[:2] in ("11", "18") and len(digits) % 3 == 2) else "a"
    if len(word) > 1 and word.isupper():  # an acronym is read letter by letter: an FAQ, a PDF
        return "an" if word[0] in _LETTER_AN else "a"
    if low.startswith(_AN_BEFORE):
        return "an"
    if low.startswith(_A_BEFORE):
        return "a"
    return "an" if low[0] in "aeiou" else "a"


def _with_case(model: str, word: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _first_word(text: str) -> str:
    m = re.match(r"[^\W\d_]+", text)
    return m.group().lower() if m else ""


def _english(source: str, start: int, replacement: str) -> tuple[int, str]:
    m = _EN_ARTICLE.search(source, max(0, start - 16), start)
    if not m:
        return start, replacement
    article, space = m.group(1), m.group(2)
    if _first_word(replacement) in _DETERMINERS:  # "a lead" -> "the customer": the article goes
        return m.start(), _capitalise(replacement) if article[0].isupper() else replacement
    want = english_article(replacement)
    if want == article.lower():
        return start, replacement
    return m.start(), _with_case(article, want) + space + replacement


_FR_VOWEL = re.compile(r"[aeiouyàâäéèêëîïôöùûüœæ]", re.IGNORECASE)
# Words with a mute h take the elided article (l'habitant); the rest do not (le héros).
_FR_MUTE_H = ("habit", "héritier", "homme", "humain", "hôte", "histoire", "honneur", "hôpital", "heure", "hypoth")
_FR_ARTICLE = re.compile(r"(?<![\w'’])(le|la|de|que|du|au|ce|cet|l['’]|d['’]|qu['’])(\s*)\Z", re.IGNORECASE)
_FR_ELIDED = {"le": "l'", "la": "l'", "de": "d'", "que": "qu'", "du": "de l'", "au": "à l'", "ce": "cet"}
_FR_FULL = {"d'": "de", "qu'": "que", "cet": "ce"}


def _french_vowel(word: str) -> bool:
    low = word.lower()
    return bool(_FR_VOWEL.match(low[:1])) or low.startswith(_FR_MUTE_H)


def _french(source: str, start: int, replacement: str) -> tuple[int, str] | None:
    """None when the article cannot be made right (l' before a word of unknown gender)."""
    m = _FR_ARTICLE.search(source, max(0, start - 16), start)
    if not m:
        return start, replacement
    article, space = m.group(1), m.group(2)
    key = article.lower().replace("’", "'")
    elided = key.endswith("'")
    if elided and space:
        return start, replacement  # "l' " is not an elision we can reason about
    if not elided and not space:
        return start, replacement
    vowel = _french_vowel(replacement)
    if vowel and key in _FR_ELIDED:
        new = _FR_ELIDED[key]
    elif not vowel and key in _FR_FULL:
        new = _FR_FULL[key]
    elif not vowel and key == "l'":
        return None
    else:
        return start, replacement
    apostrophe = "’" if "’" in article else "'"
    new = _with_case(article, new.replace("'", apostrophe))
    return m.start(), new + ("" if new.endswith(apostrophe) else " ") + replacement


# -- planning and applying edits ---------------------------------------------------------------
class _ProseMap:
    """Which source characters are prose (only those may be rewritten)."""

    def __init__(self, doc: Document) -> None:
        spans = sorted((s, s + n) for _, s, n in doc.prose.pieces)
        self.starts = [a for a, _ in spans]
        self.spans = spans
        self.source = doc.source

    def covers(self, start: int, end: int) -> bool:
        pos = start
        while pos < end:
            i = bisect.bisect_right(self.starts, pos) - 1
            if i >= 0 and pos < self.spans[i][1]:
                pos = self.spans[i][1]
            elif self.source[pos].isspace():  # line breaks and indentation a block joins
                pos += 1
            else:
                return False
        return True


def plan_edits(doc: Document, findings: Iterable[Finding], *, unsafe: bool = False, language: str = "en") -> list[Edit]:
    """The non-overlapping edits for the findings whose fix is wanted, in source order."""
    prose = _ProseMap(doc)
    source = doc.source
    edits: list[Edit] = []
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        if not wanted(f, unsafe) or source[f.start : f.end] != f.text:
            continue
        assert f.fix is not None
        got: tuple[int, str] | None = (f.start, f.fix)
        if language == "en":
            got = _english(source, f.start, f.fix)
        elif language == "fr":
            got = _french(source, f.start, f.fix)
        if got is None:
            continue
        start, replacement = got
        if not prose.covers(start, f.end):
            continue
        if edits and start < edits[-1].end:
            continue  # overlaps the edit before it: the next pass will see it again
        edits.append(Edit(start, f.end, replacement))
    return edits


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: e.start] + e.replacement + text[e.end :]
    return text


Lint = Callable[[str], tuple[Document, list[Finding], str]]  # text -> (document, findings, language)


@dataclass
class Fixed:
    text: str
    fixed: int  # edits applied, over all passes
    findings: list[Finding]  # what remains in the fixed text


def fix_text(text: str, lint: Lint, *, unsafe: bool = False) -> Fixed:
    """Lint, apply the wanted fixes, lint again, until nothing changes (at most MAX_PASSES)."""
    doc, findings, language = lint(text)
    count = 0
    for _ in range(MAX_PASSES):
        edits = plan_edits(doc, findings, unsafe=unsafe, language=language)
        new = apply_edits(text, edits)
        if new == text:
            break
        text, count = new, count + len(edits)
        doc, findings, language = lint(text)
    return Fixed(text, count, findings)


def linter(filename: str, config: Config) -> Lint:
    """The Lint function for a file name (which picks the format) under a config."""
    from framing_lint import api, documents

    fmt = documents.detect_format(filename, config.formats)
    if fmt in documents.BINARY_FORMATS:
        raise Unwritable(f"cannot fix {_BINARY_KINDS.get(fmt, fmt)} files; findings listed")

    def lint(text: str) -> tuple[Document, list[Finding], str]:
        doc = documents.parse(text, fmt)
        if not doc.writable:
            raise Unwritable(f"cannot fix {fmt} files; findings listed")
        return doc, api.lint_parsed(doc, filename, config), api.document_language(doc, config)

    return lint


# -- files ---------------------------------------------------------------------------------
@dataclass
class FileFix:
    path: Path
    source: SourceFile  # as read
    result: Fixed

    @property
    def changed(self) -> bool:
        return self.result.text != self.source.text

    def encoded(self) -> bytes:
        """The fixed text in the file's own encoding, after its byte-order mark."""
        try:
            return self.source.bom + self.result.text.encode(self.source.encoding)
        except UnicodeEncodeError as exc:
            raise FixError(f"the fix needs characters that {self.source.encoding} cannot store; not fixed") from exc

    def diff(self) -> str:
        return unified_diff(self.path.as_posix(), self.source.text, self.result.text)


def unified_diff(name: str, old: str, new: str) -> str:
    a, b = (name, name) if name.startswith("/") or name == "-" else (f"a/{name}", f"b/{name}")
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), a, b)
    return "".join(_terminated(lines))


def _terminated(lines: Iterable[str]) -> Iterable[str]:
    for line in lines:
        yield line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"


def fix_source(source: SourceFile, name: str, config: Config, *, unsafe: bool = False) -> FileFix:
    """Fix and re-lint decoded text (``name`` picks the format). Raises FixError."""
    lint = linter(name, config)
    try:
        same = source.bom + source.text.encode(source.encoding) == source.raw
    except (LookupError, UnicodeError):
        same = False
    if not same:
        raise FixError(f"cannot write back as {source.encoding} exactly as it was read; not fixed")
    return FileFix(source.path, source, fix_text(source.text, lint, unsafe=unsafe))


def fix_file(path: Path, config: Config, *, unsafe: bool = False) -> FileFix:
    """Read, fix and re-lint one file without writing it. Raises FixError."""
    linter(str(path), config)  # Word files are refused before they are read as text
    try:
        source = read_source(path)
    except SourceError as exc:
        raise FixError(exc.reason) from exc
    return fix_source(source, str(path), config, unsafe=unsafe)


def fix_bytes(data: bytes, name: str, config: Config, *, unsafe: bool = False) -> FileFix:
    """Fix a buffer an editor pipes in, decoded like a file. Raises FixError."""
    try:
        text, encoding, bom = decode(data, name)
    except SourceError as exc:
        raise FixError(exc.reason) from exc
    return fix_source(SourceFile(Path(name), data, text, encoding, bom), name, config, unsafe=unsafe)


def write_fix(fix: FileFix) -> None:
    """Write the fixed text atomically, unless the file changed on disk since it was read."""
    target = Path(os.path.realpath(fix.path))  # a symlink keeps pointing at the fixed file
    data = fix.encoded()
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
        if target.read_bytes() != fix.source.raw:
            raise FixError("changed on disk since it was read; not fixed")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".framing-lint", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise FixError(f"cannot write: {exc.strerror or exc}") from exc


# -- a whole run -------------------------------------------------------------------------------
@dataclass
class FixReport:
    findings: list[Finding]  # every finding that remains, in the order the files came
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, message): file not fixed
    notices: list[tuple[str, str]] = field(default_factory=list)  # (path, message): format not fixable
    diffs: list[str] = field(default_factory=list)
    fixed: int = 0  # findings fixed
    files: int = 0  # files changed (or, without writing, that would change)


def fix_findings(findings: Sequence[Finding], config: Config | ConfigResolver, *, unsafe: bool = False,
                 write: bool = True) -> FixReport:
    """Fix the files that ``findings`` (from linting them) have wanted fixes in; ``config``
    is one config for all, or a resolver that finds each file's."""
    report = FixReport([])
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    for name, found in by_path.items():
        if name == "-" or not any(wanted(f, unsafe) for f in found):
            report.findings += found
            continue
        try:
            fix = fix_file(Path(name), config_for(config, name), unsafe=unsafe)
            if fix.changed:
                if write:
                    write_fix(fix)
                else:
                    report.diffs.append(fix.diff())
        except FixError as exc:
            (report.notices if isinstance(exc, Unwritable) else report.errors).append((name, str(exc)))
            report.findings += found
            continue
        report.findings += fix.result.findings
        if fix.changed:
            report.fixed += fix.result.fixed
            report.files += 1
    return report
