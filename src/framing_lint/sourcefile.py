"""Reading files from disk: bytes -> text, keeping what the fixer needs to write them back.

Decoding order: a byte-order mark (UTF-8, UTF-16 or UTF-32) decides; otherwise UTF-16
without a byte-order mark when every other byte is NUL (Windows tools write it); otherwise
NUL bytes in the first 8 KB mean a binary file (skipped silently by the caller); otherwise
UTF-8; otherwise, when the text is almost all valid UTF-8 (a stray Latin-1 byte pasted
into it), UTF-8 with the bad bytes replaced by U+FFFD and a warning; otherwise
charset-normalizer guesses a legacy encoding (cp1252, latin-1...).  The UTF-8 path never
imports charset-normalizer, which is slow to import and to run.

Only regular files are read, and no more than the configured ``max_file_size``
(see :mod:`framing_lint.limits`): a FIFO, ``/dev/zero`` or a 5 GB log is an error for that
file, never a hang or a machine out of memory.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # imported lazily below: documents.base imports SourceError from here
    from framing_lint.documents import Document

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF = 8192
# When charset-normalizer finds several single-byte code pages equally plausible (short
# texts: cp1250 and cp1252 both decode "assuré" and both score perfectly), prefer the
# Western European ones our users actually write in; otherwise "très" becomes "trčs".
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")


class SourceError(Exception):
    """A file that cannot be linted: unreadable, undecodable, or a corrupt container."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if str(path) else reason)
        self.path = path
        self.reason = reason


class BinaryFileError(SourceError):
    """Raised by :func:`decode` for binary data (:func:`read_source` returns None instead)."""


class SourceFile(NamedTuple):
    path: Path
    raw: bytes
    text: str  # decoded, without the BOM
    encoding: str  # Python codec name used to decode (and to encode back)
    bom: bytes = b""  # written back before the text
    newline: str | None = None  # first line ending in the file: "\n", "\r\n", "\r"; None if none
    # (offset in ``text``, message): bytes that could not be decoded and were replaced
    warnings: tuple[tuple[int, str], ...] = ()


class Decoded(NamedTuple):
    text: str
    encoding: str
    bom: bytes
    warnings: tuple[tuple[int, str], ...] = ()  # (offset in text, message)


def is_binary(raw: bytes) -> bool:
    """NUL bytes in the first 8 KB, unless a UTF-16/32 byte-order mark, or the shape of
    UTF-16 text without one, explains them."""
    if b"\0" not in raw[:_SNIFF]:
        return False
    return not any(raw.startswith(bom) for bom, _ in _BOMS) and _utf16_without_bom(raw) is None


def decode(raw: bytes, path: Path | str = "<bytes>") -> tuple[str, str, bytes]:
    """``(text, encoding, bom)``; raises :class:`SourceError` / :class:`BinaryFileError`."""
    got = decode_source(raw, path)
    return got.text, got.encoding, got.bom


def decode_source(raw: bytes, path: Path | str = "<bytes>") -> Decoded:
    """The text of ``raw`` and how it was decoded, with a warning for each replaced byte
    (the first few); raises :class:`SourceError` / :class:`BinaryFileError`."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw[len(bom) :].decode(encoding), encoding, bom)
            except UnicodeDecodeError as exc:
                raise SourceError(path, f"cannot decode as text: invalid {encoding} after a byte-order mark ({exc.reason} at byte {exc.start + len(bom)})") from exc
    if b"\0" in raw[:_SNIFF]:
        encoding = _utf16_without_bom(raw)
        if encoding is not None:
            return Decoded(raw.decode(encoding), encoding, b"")
        raise BinaryFileError(path, "binary file (NUL bytes)")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    mostly = _mostly_utf8(raw)
    if mostly is not None:
        return mostly
    return Decoded(*_decode_legacy(raw, path, utf8_error))


def _utf16_without_bom(raw: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` for text written without a byte-order mark, else None.

    Latin-script UTF-16 has a NUL as every other byte (the high byte of each character);
    the first 8 KB must look like that and the whole must decode to text without control
    characters other than tabs, line breaks and form feeds.
    """
    if len(raw) % 2:
        return None
    head = raw[:_SNIFF]
    even, odd = head[0::2], head[1::2]
    pairs = len(odd)
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        # Most high bytes are NUL (ASCII and Latin-1 letters), no low byte is.
        if pairs and high.count(0) >= 0.6 * pairs and low.count(0) == 0:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not _CONTROL.search(text):
                return encoding
    return None


_CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0e-\\x1f\\x7f]")
# Replaced bytes reported one by one; beyond that, one summary.
_MAX_BYTE_WARNINGS = 5


def _mostly_utf8(raw: bytes) -> Decoded | None:
    """UTF-8 with the invalid bytes replaced, when at least four in five of the non-ASCII
    characters are valid UTF-8 (so the file is UTF-8 with a few stray bytes in it, not a
    Latin-1 file, which has no valid multi-byte sequence at all)."""
    text = raw.decode("utf-8", "replace")
    replaced = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    valid = non_ascii - replaced
    if replaced <= 0 or valid < 1 or replaced * 4 > valid:
        return None
    warnings: list[tuple[int, str]] = []
    pos = text.find("\ufffd")
    while pos >= 0 and len(warnings) < _MAX_BYTE_WARNINGS:
        warnings.append((pos, "invalid UTF-8 byte replaced by U+FFFD (\ufffd): the file is UTF-8 with a byte in another "
                              "encoding pasted into it; save it as UTF-8 to fix"))
        pos = text.find("\ufffd", pos + 1)
    if replaced > len(warnings) and warnings:
        rest = replaced - len(warnings)
        warnings.append((warnings[-1][0], f"invalid UTF-8: {rest} more byte{'s' if rest != 1 else ''} replaced by U+FFFD in this file"))
    return Decoded(text, "utf-8", b"", tuple(warnings))


def _decode_legacy(raw: bytes, path: Path | str, utf8_error: UnicodeDecodeError) -> tuple[str, str, bytes]:
    from charset_normalizer import from_bytes

    results = list(from_bytes(raw))
    best = results[0] if results else None
    if best is not None and best.encoding not in _PREFERRED:
        for match in results:
            if match.encoding in _PREFERRED and match.chaos <= best.chaos and match.coherence >= best.coherence:
                best = match
                break
    encoding = best.encoding if best is not None else None
    # On a short text with one or two accented letters charset-normalizer has almost no
    # evidence and may answer "johab" or "cp1250" ("Café" read as Korean).  Unless it is
    # confident (a language model recognised the text), a cp1252 reading whose every
    # non-ASCII character is a Latin letter or common punctuation wins.
    if encoding not in _PREFERRED and _looks_western(raw):
        if best is None or best.coherence < _CONFIDENT or raw.decode("cp1252") == str(best):
            encoding = "cp1252"  # (or it reads the same anyway: name the common code page)
    if encoding is None:
        raise SourceError(
            path, f"cannot decode as text: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no known encoding fits"
        )
    try:
        return raw.decode(encoding), encoding, b""
    except (UnicodeDecodeError, LookupError) as exc:
        raise SourceError(path, f"cannot decode as text: {exc}") from exc


_CONFIDENT = 0.2
_WESTERN_PUNCTUATION = frozenset("€‚„…†‡‰‹›‘’“”•–—™«»°§©®±·¿¡\xa0")


def _looks_western(raw: bytes) -> bool:
    import unicodedata

    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    for char in set(text):
        if char.isascii():
            if char < " " and char not in "\t\n\r\f":
                return False
        elif char not in _WESTERN_PUNCTUATION and not (char.isalpha() and "LATIN" in unicodedata.name(char, "")):
            return False
    return True


def _first_newline(text: str) -> str | None:
    n = text.find("\n")
    r = text.find("\r", 0, n if n >= 0 else len(text))
    if r >= 0:
        return "\r\n" if text.startswith("\r\n", r) else "\r"
    return "\n" if n >= 0 else None


def read_bytes(path: Path, max_size: int | None = None, key: str = "max_file_size") -> bytes:
    """The bytes of a regular file, at most ``max_size`` of them.

    Raises :class:`SourceError` for a pipe, device or socket (never opened for a blocking
    read), a file over ``max_size`` (the message names the config ``key`` that raises it),
    or a file that cannot be read.
    """
    from framing_lint.limits import too_large

    try:
        # O_NONBLOCK: opening a FIFO with no writer must not wait for one.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as f:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise SourceError(path, "not a regular file (a pipe, device or socket); only regular files are read")
            if max_size is not None and st.st_size > max_size:
                raise SourceError(path, too_large("the file", st.st_size, key, max_size))
            # One byte more than allowed: a file that grew since fstat is caught too.
            data = f.read() if max_size is None else f.read(max_size + 1)
        except OSError as exc:
            raise SourceError(path, f"cannot read: {exc.strerror or exc}") from exc
    if max_size is not None and len(data) > max_size:
        raise SourceError(path, too_large("the file", len(data), key, max_size))
    return data


def read_source(path: Path, max_size: int | None = None) -> SourceFile | None:
    """Read and decode a text file; None for a binary file (callers skip it silently).

    Raises :class:`SourceError` for a file that cannot be read or decoded, or that is
    larger than ``max_size`` bytes.
    """
    raw = read_bytes(path, max_size)
    try:
        got = decode_source(raw, path)
    except BinaryFileError:
        return None
    return SourceFile(path=path, raw=raw, text=got.text, encoding=got.encoding, bom=got.bom,
                      newline=_first_newline(got.text), warnings=got.warnings)


def read_document(path: Path, fmt: str) -> tuple[Document, SourceFile | None]:
    """Read and parse ``path`` as ``fmt``.

    Returns the document and, for text formats, the decoded file (the fixer needs its
    encoding, BOM and newlines); ``None`` for container formats, which are never written.
    Raises :class:`SourceError` with a readable reason for unreadable, undecodable, binary
    (:class:`BinaryFileError`) or corrupt files.
    """
    from framing_lint.documents import BINARY_FORMATS, DocumentError, parse, parse_bytes

    if fmt in BINARY_FORMATS:
        data = read_bytes(path)
        try:
            return parse_bytes(data, fmt), None
        except DocumentError as exc:
            raise SourceError(path, str(exc)) from exc
    source = read_source(path)
    if source is None:
        raise BinaryFileError(path, "binary file (NUL bytes)")
    return parse(source.text, fmt), source
