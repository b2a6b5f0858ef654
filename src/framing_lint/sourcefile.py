"""Reading files from disk: bytes -> text, keeping what the fixer needs to write them back.

Decoding order: a byte-order mark (UTF-8, UTF-16 or UTF-32) decides; otherwise NUL bytes
in the first 8 KB mean a binary file (skipped silently by the caller); otherwise UTF-8;
otherwise charset-normalizer guesses a legacy encoding (cp1252, latin-1...).  The UTF-8
path never imports charset-normalizer, which is slow to import and to run.
"""
from __future__ import annotations

import codecs
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


def is_binary(raw: bytes) -> bool:
    """NUL bytes in the first 8 KB, unless a UTF-16/32 byte-order mark explains them."""
    if b"\0" not in raw[:_SNIFF]:
        return False
    return not any(raw.startswith(bom) for bom, _ in _BOMS)


def decode(raw: bytes, path: Path | str = "<bytes>") -> tuple[str, str, bytes]:
    """``(text, encoding, bom)``; raises :class:`SourceError` / :class:`BinaryFileError`."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding), encoding, bom
            except UnicodeDecodeError as exc:
                raise SourceError(path, f"cannot decode as text: invalid {encoding} after a byte-order mark ({exc.reason} at byte {exc.start + len(bom)})") from exc
    if is_binary(raw):
        raise BinaryFileError(path, "binary file (NUL bytes)")
    try:
        return raw.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError as exc:
        utf8_error = exc
    return _decode_legacy(raw, path, utf8_error)


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


def read_source(path: Path) -> SourceFile | None:
    """Read and decode a text file; None for a binary file (callers skip it silently).

    Raises :class:`SourceError` for a file that cannot be read or decoded.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from exc
    try:
        text, encoding, bom = decode(raw, path)
    except BinaryFileError:
        return None
    return SourceFile(path=path, raw=raw, text=text, encoding=encoding, bom=bom, newline=_first_newline(text))


def read_document(path: Path, fmt: str) -> tuple[Document, SourceFile | None]:
    """Read and parse ``path`` as ``fmt``.

    Returns the document and, for text formats, the decoded file (the fixer needs its
    encoding, BOM and newlines); ``None`` for container formats, which are never written.
    Raises :class:`SourceError` with a readable reason for unreadable, undecodable, binary
    (:class:`BinaryFileError`) or corrupt files.
    """
    from framing_lint.documents import BINARY_FORMATS, DocumentError, parse, parse_bytes

    if fmt in BINARY_FORMATS:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(path, f"cannot read: {exc.strerror or exc}") from exc
        try:
            return parse_bytes(data, fmt), None
        except DocumentError as exc:
            raise SourceError(path, str(exc)) from exc
    source = read_source(path)
    if source is None:
        raise BinaryFileError(path, "binary file (NUL bytes)")
    return parse(source.text, fmt), source
