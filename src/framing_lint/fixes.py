"""Applies fixes: non-overlapping edits from the end backwards, pass after pass until none is left.

A finding's ``fix`` already has the case of the text it replaces; what it cannot know is the
article just before it ("a lead" -> "an existing customer", French "le dossier" -> "l'assuré"),
so the edit takes that article in.  An edit is only made where every character it replaces
is prose: markup, code and template tags inside a match are never rewritten.

A fix whose output the same rule flags again ("good" -> "good good") is refused, not
applied pass after pass; so are fixes of several rules that lead back to each other
("alpha" -> "beta" -> "alpha"). Files are written in the encoding, byte-order mark and line
endings they were read with, keeping their mode and owner; never when they changed on disk
since they were read (see :func:`write_fix`), never when they are read-only or have other
hard links.
"""
from __future__ import annotations

import bisect
import difflib
import errno
import os
import re
import stat
import sys
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
NEVER_SETTLE = "never settle"  # in the refusal of fixes that lead back to each other
_BINARY_KINDS = {"docx": "Word", "odt": "OpenDocument"}


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    rule: str = ""  # the rule whose fix this is


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
        edits.append(Edit(start, f.end, replacement, f.rule))
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
    refused: list[str] = field(default_factory=list)  # fixes not applied, and why


def fix_text(text: str, lint: Lint, *, unsafe: bool = False) -> Fixed:
    """Lint, apply the wanted fixes, lint again, until nothing changes (at most MAX_PASSES).

    After each pass, a rule whose replacement is flagged again by the same rule (where the
    replacement now stands) is refused for the rest of the text and the pass is redone
    without it: such a fix would grow the text on every run ("good good good ...").

    Fixes of different rules that feed each other ('alpha' -> 'beta' by one rule, 'beta' ->
    'alpha' by another) never settle: the text comes back to one it had already been, or
    still changes after MAX_PASSES. Their rules are refused and the fixing starts again from
    the original text without them, so --fix gives the same text on every run.
    """
    first = lint(text)
    banned: set[str] = set()
    refused: list[str] = []
    while True:
        result, loops = _fix_passes(text, first, lint, unsafe, banned, refused)
        if not loops:
            return result
        # Each round bans at least one more rule, so this ends.
        for loop in loops:
            banned |= loop
            names = ", ".join(repr(r) for r in sorted(loop))
            if len(loop) > 1:
                refused.append(f"the fixes of rules {names} {NEVER_SETTLE}: each leads back to another's, so the text "
                               "would change on every run; not applied")
            else:
                refused.append(f"the fix of rule {names} {NEVER_SETTLE}s: the fixed text is flagged and fixed again "
                               "on every run; not applied")


def _fix_passes(text: str, first: tuple[Document, list[Finding], str], lint: Lint, unsafe: bool, banned: set[str],
                refused: list[str]) -> tuple[Fixed, list[set[str]]]:
    """The passes of :func:`fix_text` without the ``banned`` rules: the result, and the loops
    of rules whose fixes did not settle (none when the text reached a fixed point)."""
    doc, findings, language = first
    count = 0
    passes = 0
    seen = {text}
    links: set[tuple[str, str]] = set()  # (rule, rule): the first one's fix is flagged by the second
    while True:
        edits = [e for e in plan_edits(doc, findings, unsafe=unsafe, language=language) if e.rule not in banned]
        new = apply_edits(text, edits)
        if new == text:
            return Fixed(text, count, findings, refused), []
        if passes == MAX_PASSES:  # still changing
            return Fixed(text, count, findings, refused), _looping(links, {e.rule for e in edits})
        new_doc, new_findings, new_language = lint(new)
        again = _flagged_again(edits, new_findings)
        if again:
            for rule, replacement in sorted(again.items()):
                banned.add(rule)
                refused.append(f"the fix of rule {rule!r} ({replacement!r}) is flagged again by {rule!r}; not applied "
                               "(the rule's fix must not match the rule)")
            continue
        fixing = {f.rule for f in new_findings if wanted(f, unsafe)}
        links |= {(a, b) for a, b in _flagged_by(edits, new_findings) if b in fixing}
        passes += 1
        if new in seen:  # back to an earlier text: some fixes undo each other
            return Fixed(text, count, findings, refused), _looping(links, {e.rule for e in edits})
        seen.add(new)
        text, count = new, count + len(edits)
        doc, findings, language = new_doc, new_findings, new_language


def _looping(links: set[tuple[str, str]], pending: set[str]) -> list[set[str]]:
    """The loops of ``links`` (alpha's fix flagged by beta, beta's by alpha), each a set of
    rules; if a loop is longer than the passes could show, the chains still fixing."""
    follows: dict[str, set[str]] = {}
    for a, b in links:
        follows.setdefault(a, set()).add(b)

    def reaches(start: str) -> set[str]:
        found: set[str] = set()
        todo = [start]
        while todo:
            for nxt in follows.get(todo.pop(), ()):
                if nxt not in found:
                    found.add(nxt)
                    todo.append(nxt)
        return found

    reach = {rule: reaches(rule) for rule in follows}
    loops: list[set[str]] = []
    for rule in sorted(follows):
        if rule in reach[rule] and not any(rule in loop for loop in loops):
            loops.append({r for r in reach[rule] if rule in reach.get(r, ())})
    return loops or [{rule for rule in follows if reach[rule] & pending} | pending]


def _flagged_again(edits: Sequence[Edit], findings: Iterable[Finding]) -> dict[str, str]:
    """Rule -> replacement, for each edit that a finding of its own rule overlaps in the new text."""
    replacement = {e.rule: e.replacement for e in edits}
    return {a: replacement[a] for a, b in _flagged_by(edits, findings) if a == b}


def _flagged_by(edits: Sequence[Edit], findings: Iterable[Finding]) -> set[tuple[str, str]]:
    """(rule of an edit, rule of a finding that overlaps the edit's replacement in the new text)."""
    spans: list[tuple[int, int, str]] = []
    shift = 0
    for e in sorted(edits, key=lambda e: e.start):
        start = e.start + shift
        spans.append((start, start + len(e.replacement), e.rule))
        shift += len(e.replacement) - (e.end - e.start)
    starts = [a for a, _, _ in spans]
    out: set[tuple[str, str]] = set()
    for f in findings:
        # spans do not overlap and are sorted: only those starting before the finding's end can touch it
        i = bisect.bisect_left(starts, f.end)
        while i > 0 and spans[i - 1][1] > f.start:
            i -= 1
            out.add((spans[i][2], f.rule))
    return out


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
    """Write the fixed text over the file, unless the file changed since it was read.

    Compare and replace leave no window in which a program that saves the file by its name
    (an editor, ``git checkout``, a formatter) can have its save overwritten. The fixed
    text is written to a new file beside it, then the two names are swapped in one step
    (Linux ``renameat2(RENAME_EXCHANGE)``): the file is never missing, and what was swapped
    out is compared with what was read. Another save since the read shows there, and the
    swap is undone, so the save is back in place and the fix dropped. Where the swap is not
    available, the file is moved aside and the fixed one put in place with ``link``, which
    fails if a save created the name again meanwhile (see :func:`_replace_by_link`).

    A program that keeps the file open and writes into it after the swap cannot be
    protected by any tool without a lock. A file with other hard links, a read-only file,
    or one whose owner or group the fixed copy cannot keep is not fixed, and the reason is
    given.
    """
    target = Path(os.path.realpath(fix.path))  # a symlink keeps pointing at the fixed file
    data = fix.encoded()
    try:
        st = os.stat(target, follow_symlinks=False)
        _check_writable(st)
        tmp = _write_beside(target.parent, target.name, data, st)
        # Held open to the end: while it is, the fixed file's inode number cannot be given
        # to another file (a save that replaces ours frees it), so it identifies ours.
        held = os.open(tmp, os.O_RDONLY)
        try:
            ours = _identity(tmp)
            if _exchange(tmp, target):
                _check_swapped_out(tmp, target, st, fix.source.raw, ours)
            else:
                _replace_by_link(tmp, target, st, fix.source.raw)
        finally:
            os.close(held)
            if os.path.lexists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise FixError(f"cannot write: {exc.strerror or exc}") from exc


def _check_swapped_out(tmp: Path, target: Path, st: os.stat_result, raw: bytes, ours: tuple[int, int]) -> None:
    """After the swap, ``tmp`` holds what was at ``target``: if that is not what was read,
    another program saved the file since the read, and its save goes back in place.

    ``ours`` identifies the fixed file (inode and device; the file is held open until the
    end, so the number cannot be reused). A save replaces the file whole (a new file renamed
    over it), so a save that lands after our swap is newer than the one swapped out, and
    stays in place. Whatever cannot be proven older than the file in place is kept.
    """
    if _same(tmp, st, raw):
        return
    # (When a newer save replaced ours since the swap, it stays, and nothing goes back.)
    kept = _put_back(tmp, target, ours) if _identity(target) == ours else None
    if kept is None:
        raise FixError("changed on disk since it was read; not fixed")
    raise FixError(f"saved twice by another program while it was being fixed; not fixed (the earlier save "
                   f"is kept beside it as {kept.name})")


_PUT_BACK_TRIES = 64


def _put_back(tmp: Path, target: Path, ours: tuple[int, int]) -> Path | None:
    """Swap the save at ``tmp`` back in place of our fixed file ``ours``.

    The swap is blind: a save can land on ``target`` between any check and the swap, and
    then comes out at ``tmp`` instead of the file we had placed. That save is newer than the
    one just put in place, so it goes back in turn, until what comes out is what we placed.
    A save that was in place for that moment is kept beside the file, since a program may
    have read it. Every file in play is held open, so its inode number identifies it.
    Returns where the earlier save was kept, or None when no other save landed.
    """
    held: list[int] = []
    placed = ours
    try:
        for _ in range(_PUT_BACK_TRIES):
            fd = os.open(tmp, os.O_RDONLY)  # only this function renames ``tmp``: this is the save
            held.append(fd)
            newest = _fd_identity(fd)
            _exchange(tmp, target)
            if _identity(tmp) == placed:
                if placed == ours:
                    return None  # our fixed text came out: write_fix deletes it
                break  # an earlier save came out: it is kept below
            # A save landed on ``target`` since we placed ``placed`` (it is at ``tmp`` now),
            # so the one just put in place is older than it, and the newer one goes back.
            placed = newest
        else:
            # Saves keep landing faster than a swap: the newest one is kept beside the file.
            kept = _keep_beside(tmp, target)
            raise FixError(f"saved again and again by another program while it was being fixed; not fixed (the "
                           f"newest save is kept beside it as {kept.name}: check which version to keep)")
        return _keep_beside(tmp, target)
    finally:
        for fd in held:
            os.close(fd)


def _beside(target: Path) -> Path:
    """A new hidden name beside ``target`` for a save that must not be lost."""
    return target.with_name(f".{target.name}.framing-lint-orig-{os.urandom(4).hex()}")


def _keep_beside(tmp: Path, target: Path) -> Path:
    kept = _beside(target)
    os.rename(tmp, kept)
    return kept


def _fd_identity(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_ino, st.st_dev


def _identity(path: Path) -> tuple[int, int]:
    st = os.stat(path, follow_symlinks=False)
    return st.st_ino, st.st_dev


def _replace_by_link(tmp: Path, target: Path, st: os.stat_result, raw: bytes) -> None:
    """The fallback without an atomic swap: move the file aside, compare, put the fixed one
    in place with ``link`` (which never replaces a file a save created meanwhile), compare
    again; the file is put back if anything changed, or if the run is interrupted."""
    aside = _beside(target)
    os.rename(target, aside)
    placed = False
    try:
        if not _same(aside, st, raw):
            if _restore(aside, target):
                raise FixError("changed on disk since it was read; not fixed")
            placed = True  # nothing of ours is in place; the newest save is, and stays
            raise FixError(f"saved twice by another program while it was being fixed; not fixed (the earlier "
                           f"save is kept beside it as {aside.name})")
        try:
            os.link(tmp, target)
            placed = True
        except FileExistsError:
            raise FixError("saved by another program while it was being fixed; not fixed") from None
        if not _same(aside, st, raw):  # written through a file kept open since before the move
            os.replace(aside, target)
            raise FixError("written by another program while it was being fixed; not fixed")
    except BaseException:
        if not placed and os.path.lexists(aside):
            _restore(aside, target)
        raise
    os.unlink(aside)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_renameat2: object = None  # the libc function, False where there is none


def _exchange(a: Path, b: Path) -> bool:
    """Swap the files at two names in one step; False where the system cannot."""
    global _renameat2
    if _renameat2 is None:
        _renameat2 = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
            except (OSError, AttributeError):  # a libc without renameat2 (glibc < 2.28, musl < 1.2.5)
                pass
    if _renameat2 is False:
        return False
    import ctypes

    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:  # type: ignore[operator]
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):  # a file system that cannot swap
        return False
    raise OSError(err, os.strerror(err), str(b))


def _check_writable(st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise FixError("not a regular file; not fixed")
    if not st.st_mode & stat.S_IWUSR:
        raise FixError(f"is read-only (mode {stat.S_IMODE(st.st_mode):o}); not fixed")
    if st.st_nlink > 1:
        raise FixError(f"has {st.st_nlink} hard links: the fixed copy would leave the other names with the old text; not fixed")


def _write_beside(folder: Path, name: str, data: bytes, st: os.stat_result) -> Path:
    """The fixed text in a new file in the same folder, with the original's mode and owner."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".framing-lint", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.fchown(out.fileno(), st.st_uid, st.st_gid)
                except PermissionError:
                    raise FixError("belongs to another user or group, and a fixed copy could not keep its owner; "
                                   "not fixed") from None
            os.fchmod(out.fileno(), stat.S_IMODE(st.st_mode))
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp)


def _same(path: Path, st: os.stat_result, raw: bytes) -> bool:
    """Is ``path`` still the file that was read: same inode, same bytes?"""
    now = os.stat(path, follow_symlinks=False)
    if (now.st_ino, now.st_dev, now.st_size) != (st.st_ino, st.st_dev, len(raw)):
        return False
    with open(path, "rb") as f:
        return f.read(len(raw) + 1) == raw


def _restore(aside: Path, target: Path) -> bool:
    """Put the moved-aside file back under its name; False (and it stays aside) when a
    newer file took the name in the meantime."""
    try:
        os.link(aside, target)
    except FileExistsError:
        return False
    os.unlink(aside)
    return True


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
            report.notices += [(name, why) for why in fix.result.refused]
            if fix.changed:
                if write:
                    write_fix(fix)
                else:
                    report.diffs.append(fix.diff())
        except FixError as exc:
            (report.notices if isinstance(exc, Unwritable) else report.errors).append((name, str(exc)))
            report.findings += found
            continue
        except Exception as exc:  # noqa: BLE001 - one file that cannot be fixed must not end the run
            report.errors.append((name, f"internal error while fixing: {exc!r}"))
            report.findings += found
            continue
        report.findings += fix.result.findings
        if fix.changed:
            report.fixed += fix.result.fixed
            report.files += 1
    return report
