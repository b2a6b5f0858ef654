from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from framing_lint.sourcefile import BinaryFileError, SourceError, decode, is_binary, read_document, read_source

TEXT = "L'assuré a reçu le « dossier sinistre » – 10 €.\r\nSecond line.\r\n"


@pytest.mark.parametrize(
    ("raw", "encoding", "bom"),
    [
        pytest.param(TEXT.encode("utf-8"), "utf-8", b"", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", codecs.BOM_UTF8, id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", codecs.BOM_UTF16_LE, id="utf-16-le"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", codecs.BOM_UTF16_BE, id="utf-16-be"),
        pytest.param(codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", codecs.BOM_UTF32_LE, id="utf-32-le"),
        pytest.param(codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32-be", codecs.BOM_UTF32_BE, id="utf-32-be"),
        pytest.param(TEXT.encode("cp1252"), "cp1252", b"", id="cp1252"),
    ],
)
def test_decode_round_trips(raw: bytes, encoding: str, bom: bytes, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    source = read_source(path)
    assert source is not None
    assert (source.text, source.encoding, source.bom, source.newline) == (TEXT, encoding, bom, "\r\n")
    assert source.bom + source.text.encode(source.encoding) == raw == source.raw


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Café: call the claimant.\n", "latin-1"),
        ("Ça va très bien. Numéro de dossier sinistre : 12.", "cp1252"),
        ("Привет, как дела? Это тест кодировки файла с текстом.", "cp1251"),
    ],
)
def test_legacy_encodings(text: str, codec: str) -> None:
    decoded, encoding, bom = decode(text.encode(codec))
    assert decoded == text and bom == b""
    assert decoded.encode(encoding) == text.encode(codec)


def test_newline_detection(tmp_path: Path) -> None:
    for data, newline in [(b"a\nb\r\n", "\n"), (b"a\rb\n", "\r"), (b"one line", None)]:
        path = tmp_path / "n.txt"
        path.write_bytes(data)
        source = read_source(path)
        assert source is not None and source.newline == newline


def test_binary_files_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert is_binary(path.read_bytes())
    assert read_source(path) is None
    with pytest.raises(BinaryFileError):
        decode(path.read_bytes())
    assert not is_binary(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le"))
    assert not is_binary(b"x" * 9000 + b"\x00")  # only the first 8 KB are sniffed


def test_invalid_text_after_a_bom_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"caf\xe9 \xff\xfe")
    with pytest.raises(SourceError, match="cannot decode as text: invalid utf-8 after a byte-order mark") as caught:
        read_source(path)
    assert caught.value.path == path


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        read_source(tmp_path / "nope.md")


def test_read_document_text_and_binary_formats(tmp_path: Path) -> None:
    md = tmp_path / "a.md"
    md.write_bytes(codecs.BOM_UTF8 + "# Title\r\n\r\nThe claim file.\r\n".encode())
    doc, source = read_document(md, "markdown")
    assert source is not None and source.bom == codecs.BOM_UTF8
    assert doc.source == source.text and "The claim file." in doc.prose.text
    png = tmp_path / "b.md"
    png.write_bytes(b"\x00\x01\x02")
    with pytest.raises(BinaryFileError):
        read_document(png, "markdown")


def test_plain_utf8_does_not_import_charset_normalizer(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Title\n\nThe claim file.\n", encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from framing_lint.sourcefile import read_document;"
        f"read_document(Path({str(path)!r}), 'markdown');"
        "print('charset_normalizer' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


FRENCH = "Le réclamant a ouvert un dossier sinistre. L’assuré reçoit une réponse.\n" * 3


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(codec: str, tmp_path: Path) -> None:
    path = tmp_path / "lettre.txt"
    path.write_bytes(FRENCH.encode(codec))
    source = read_source(path)
    assert source is not None, "UTF-16 without a BOM was skipped as binary"
    assert (source.text, source.encoding, source.warnings) == (FRENCH, codec, ())
    assert source.text.encode(source.encoding) == source.raw  # the fixer can write it back


def test_utf8_with_one_stray_latin1_byte_stays_utf8_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "lettre.txt"
    raw = FRENCH.encode("utf-8") + "Pi\xe8ce jointe.\n".encode("latin-1") + FRENCH.encode("utf-8")
    path.write_bytes(raw)
    source = read_source(path)
    assert source is not None
    assert source.encoding == "utf-8"
    assert source.text == FRENCH + "Pi\ufffdce jointe.\n" + FRENCH  # accents intact, one byte replaced
    (offset, message), = source.warnings
    assert source.text[offset] == "\ufffd" and "invalid UTF-8 byte" in message


def test_a_latin1_file_is_still_read_as_latin1() -> None:
    text, encoding, _ = decode("Le réclamant a reçu la pièce.\n".encode("latin-1"))
    assert text == "Le réclamant a reçu la pièce.\n" and encoding in ("cp1252", "latin_1", "iso8859_15")


def test_a_stray_byte_is_a_finding_on_its_line_and_french_findings_survive(tmp_path: Path) -> None:
    from framing_lint import lint_paths
    from framing_lint.config import Config

    path = tmp_path / "lettre.txt"
    path.write_bytes(FRENCH.encode("utf-8") + b"Pi\xe8ce jointe.\n")
    report = lint_paths([path], config=Config(models={"fr": "none", "en": "none"}))
    assert report.errors == []
    rules = [(f.line, f.rule) for f in report.findings]
    assert (4, "document") in rules
    assert sum(1 for _, r in rules if r != "document") >= 3  # "réclamant", "dossier sinistre", "L’assuré" still read


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a regular file"):
        read_source(fifo)


def test_a_device_is_refused() -> None:
    with pytest.raises(SourceError, match="not a regular file"):
        read_source(Path("/dev/zero"))


def test_a_file_over_max_file_size_is_refused_with_the_key_to_raise(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"We target customers.\n" * 1000)
    with pytest.raises(SourceError, match=r"the file is 20\.5 KB, more than max_file_size \(10 KB\).*raise max_file_size"):
        read_source(path, max_size=10 * 1024)
    assert read_source(path, max_size=100 * 1024) is not None
