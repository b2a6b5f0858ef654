"""How much of one file framing-lint reads: limits that keep a hostile or mistaken input
(a 5 GB log, a zip bomb named ``.docx``) from taking the machine down.

Each limit is a config key; a file over a limit is an error for that file only, whose
message names the key that raises it.  The defaults are far above real prose (the largest
of the 6,754 files of the shared corpus is 86 KB) and keep the memory of one run under
about a gigabyte: a text file takes about 7-9 times its size while linted, plus about 3 KB
per finding, a Word file about 0.2 KB per XML element and an OpenDocument file about 0.5 KB.
"""
from __future__ import annotations

import re
from typing import NamedTuple

KB = 1024
MB = 1024 * KB
GB = 1024 * MB


class Limits(NamedTuple):
    max_file_size: int = 10 * MB  # bytes of a text file (or standard input)
    max_unpacked_size: int = 100 * MB  # bytes a Word or OpenDocument file may unpack to
    max_xml_elements: int = 500_000  # XML elements in the parts of a Word or OpenDocument file


DEFAULT = Limits()
# A Word or OpenDocument file has a few dozen parts; more is a crafted archive.
MAX_PARTS = 10_000

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*", re.IGNORECASE)
_UNITS = {"b": 1, "k": KB, "kb": KB, "kib": KB, "m": MB, "mb": MB, "mib": MB, "g": GB, "gb": GB, "gib": GB}


def parse_size(value: object) -> int:
    """Bytes from ``10485760``, ``"10MB"``, ``"10 MB"``, ``"512KB"``, ``"1.5GB"`` (1 KB = 1024 bytes).

    Raises ValueError with what is accepted."""
    if isinstance(value, bool):
        raise ValueError("a size is a number of bytes or a string like '10MB'")
    if isinstance(value, int):
        if value < 1:
            raise ValueError("a size must be at least 1 byte")
        return value
    if isinstance(value, str):
        m = _SIZE.fullmatch(value)
        if m:
            size = int(float(m.group(1)) * _UNITS[(m.group(2) or "b").lower()])
            if size >= 1:
                return size
    raise ValueError(f"{value!r} is not a size: write a number of bytes or a string like '10MB', '512KB', '1GB'")


def parse_count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{value!r} is not a whole number of at least 1")
    return value


def human(size: int) -> str:
    """``10 MB``, ``1.5 GB``, ``512 KB``, ``12 bytes``."""
    for unit, name in ((GB, "GB"), (MB, "MB"), (KB, "KB")):
        if size >= unit:
            value = size / unit
            return f"{value:.0f} {name}" if value == int(value) or value >= 100 else f"{value:.1f} {name}"
    return f"{size} byte{'s' if size != 1 else ''}"


def too_large(what: str, size: int, key: str, limit: int) -> str:
    """The message for a file over a size limit."""
    return f"{what} is {human(size)}, more than {key} ({human(limit)}); not linted (raise {key} in the config to lint it)"
