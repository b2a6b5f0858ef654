"""Word and OpenDocument files are zip archives: before a parser unpacks one, its parts,
their declared sizes and the XML elements in them are counted against the limits.

A 3 MB crafted ``.odt`` unpacked to 12 GB of memory before this check, a 1 MB ``.docx`` of
empty paragraphs to 6 GB.  Python's zipfile never inflates a part beyond the size its
header declares (it stops and the CRC check fails), so the declared sizes bound what the
parsers can unpack; the elements are counted on the inflated XML, a chunk at a time, before
python-docx or odfpy build their trees (about 0.2 KB and 0.5 KB of memory per element).
"""
from __future__ import annotations

import io
import struct
import zipfile

from framing_lint.documents.base import DocumentError
from framing_lint.limits import DEFAULT, MAX_PARTS, Limits, human

_EOCD = b"PK\x05\x06"
_CHUNK = 1 << 20


def check_archive(data: bytes, kind: str, limits: Limits = DEFAULT) -> None:
    """Raise :class:`DocumentError` for an archive over the limits (or not an archive)."""
    parts = _declared_parts(data, kind)
    if parts > MAX_PARTS:
        raise DocumentError(f"cannot read {kind} file: it has {parts:,} parts (a real one has a few dozen); not linted")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            if unpacked > limits.max_unpacked_size:
                raise DocumentError(
                    f"the {kind} file unpacks to {human(unpacked)}, more than max_unpacked_size "
                    f"({human(limits.max_unpacked_size)}): a zip bomb, or a very large document; not linted "
                    "(raise max_unpacked_size in the config to lint it)"
                )
            budget = limits.max_xml_elements
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")):
                    budget -= _elements(archive, info, budget)
                    if budget < 0:
                        raise DocumentError(
                            f"the {kind} file has more than {limits.max_xml_elements:,} XML elements "
                            f"(max_xml_elements); not linted (raise max_xml_elements in the config to lint it)"
                        )
    except DocumentError:
        raise
    except Exception as exc:  # zipfile, zlib, an encrypted part...: all mean "corrupt"
        raise DocumentError(f"cannot read {kind} file: {type(exc).__name__}: {exc}") from exc


def _declared_parts(data: bytes, kind: str) -> int:
    """The number of parts the end-of-archive record declares, read before zipfile builds
    an object per part."""
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        raise DocumentError(f"cannot read {kind} file: not a zip archive (is it really a {kind} file?)")
    (total,) = struct.unpack_from("<H", data, at + 10)
    return MAX_PARTS + 1 if total == 0xFFFF else total  # 0xFFFF: a ZIP64 count, never in a real document


def _elements(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """Start tags in one XML part (a tag is a ``<`` not followed by ``/``, ``?`` or ``!``),
    counted on the inflated bytes a chunk at a time; stops once over ``budget``."""
    count = 0
    last = b""
    with archive.open(info) as part:
        while count <= budget:
            chunk = part.read(_CHUNK)
            if not chunk:
                break
            count += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
            if last == b"<" and chunk[:1] in (b"/", b"?", b"!"):
                count -= 1  # a closing tag, declaration or comment cut between two chunks
            last = chunk[-1:]
    return count
