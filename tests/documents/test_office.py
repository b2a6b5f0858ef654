from __future__ import annotations

import io
from pathlib import Path

import pytest

from framing_lint.documents import Directive, Document, DocumentError, parse_bytes
from framing_lint.sourcefile import SourceError, read_document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.language = "fr-FR"
    document.add_heading("Votre dossier sinistre", level=1)
    p = document.add_paragraph("L'assuré doit ")
    p.add_run("déclarer").bold = True
    p.add_run(" le sinistre.")
    document.add_paragraph("framing-lint: disable-next-line=dossier-sinistre")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cellule un"
    table.cell(0, 1).text = "le souscripteur"
    p = document.add_paragraph("Première ligne")
    p.add_run().add_break()
    p.add_run("deuxième ligne")
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def make_odt() -> bytes:
    from odf import dc, table, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.meta.addElement(dc.Language(text="fr-FR"))
    document.text.addElement(text.H(outlinelevel=1, text="Votre dossier sinistre"))
    p = text.P(text="L'assuré")
    p.addElement(text.S(c=3))
    p.addElement(text.Span(text="doit déclarer"))
    p.addElement(text.LineBreak())
    p.addText("le sinistre.")
    document.text.addElement(p)
    t = table.Table()
    t.addElement(table.TableColumn(numbercolumnsrepeated=2))
    row = table.TableRow()
    for value in ("Cellule un", "le souscripteur"):
        cell = table.TableCell()
        cell.addElement(text.P(text=value))
        row.addElement(cell)
    t.addElement(row)
    document.text.addElement(t)
    note_p = text.P(text="Voir la note")
    note = text.Note(noteclass="footnote")
    note.addElement(text.NoteCitation(text="1"))
    body = text.NoteBody()
    body.addElement(text.P(text="Le réclamant est informé."))
    note.addElement(body)
    note_p.addElement(note)
    document.text.addElement(note_p)
    data = io.BytesIO()
    document.write(data)
    return data.getvalue()


def lines(doc: Document) -> list[str]:
    return doc.source.split("\n")


def test_docx_paragraphs_and_cells() -> None:
    doc = parse_bytes(make_docx(), "docx")
    assert doc.check() == []
    assert lines(doc) == [
        "Votre dossier sinistre",
        "L'assuré doit déclarer le sinistre.",
        "framing-lint: disable-next-line=dossier-sinistre",
        "Cellule un",
        "le souscripteur",
        "Première ligne deuxième ligne",  # Shift+Enter: a space, one line per paragraph
    ]
    assert doc.writable is False
    assert doc.language == "fr"
    assert doc.directives == [Directive("disable-next-line", frozenset({"dossier-sinistre"}), 3)]
    blocks = [b for b in doc.prose.text.split("\n\n") if b]
    assert "framing-lint: disable-next-line=dossier-sinistre" not in blocks
    assert blocks[2:4] == ["Cellule un", "le souscripteur"]


def test_odt_paragraphs_cells_and_notes() -> None:
    doc = parse_bytes(make_odt(), "odt")
    assert doc.check() == []
    assert lines(doc) == [
        "Votre dossier sinistre",
        "L'assuré   doit déclarer le sinistre.",
        "Cellule un",
        "le souscripteur",
        "Voir la note",
        "Le réclamant est informé.",
    ]
    assert doc.writable is False and doc.language == "fr"


@pytest.mark.parametrize(("fmt", "make"), [("docx", make_docx), ("odt", make_odt)])
@pytest.mark.parametrize("cut", [0, 10, 200, -100])
def test_truncated_file_is_a_source_error(fmt: str, make: object, cut: int, tmp_path: Path) -> None:
    data = make()[:cut]  # type: ignore[operator]
    with pytest.raises(DocumentError) as caught:
        parse_bytes(data, fmt)
    assert isinstance(caught.value, SourceError)
    assert "cannot read" in caught.value.reason
    path = tmp_path / f"broken.{fmt}"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=f"broken.{fmt}: cannot read"):
        read_document(path, fmt)


def test_example_policy() -> None:
    doc, source = read_document(EXAMPLES / "policy.docx", "docx")
    assert source is None and doc.check() == []
    assert doc.language == "en"
    assert "A claim file is opened for each incident" in doc.prose.text
    assert "Your claim file is reviewed within 5 days." in lines(doc)
    assert [d.kind for d in doc.directives] == ["disable-next-line"]


def _rezip(data: bytes, member: str, content: bytes) -> bytes:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, content if info.filename == member else src.read(info.filename))
        if member not in src.namelist():
            z.writestr(member, content)
    return out.getvalue()


def _many_paragraphs(fmt: str, n: int) -> bytes:
    import zipfile

    if fmt == "docx":
        data = make_docx()
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        head = xml.split("<w:body>", 1)[0]
        body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * n
        return _rezip(data, "word/document.xml", (head + "<w:body>" + body + "</w:body></w:document>").encode())
    data = make_odt()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    i = xml.index("<office:text>") + len("<office:text>")
    return _rezip(data, "content.xml", (xml[:i] + "<text:p>a</text:p>" * n + xml[i:]).encode())


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_a_zip_bomb_of_elements_is_refused_before_it_is_unpacked(fmt: str) -> None:
    from framing_lint.limits import Limits

    data = _many_paragraphs(fmt, 600_000)  # a few hundred KB that used to take gigabytes
    assert len(data) < 2_000_000
    with pytest.raises(DocumentError, match=r"more than 500,000 XML elements \(max_xml_elements\).*raise max_xml_elements"):
        parse_bytes(data, fmt)
    small = _many_paragraphs(fmt, 2_000)
    with pytest.raises(DocumentError, match="max_xml_elements"):
        parse_bytes(small, fmt, Limits(max_xml_elements=1_000))
    assert parse_bytes(small, fmt, Limits(max_xml_elements=50_000)).source.count("a") >= 2_000


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_a_part_that_unpacks_to_gigabytes_is_refused(fmt: str) -> None:
    import zipfile

    out = io.BytesIO()
    base = make_docx() if fmt == "docx" else make_odt()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info.filename))
        with z.open("media/padding.bin", "w", force_zip64=True) as part:
            for _ in range(150):
                part.write(bytes(1 << 20))  # 150 MB of zeros: 150 KB packed
    with pytest.raises(DocumentError, match=r"unpacks to 15\d MB, more than max_unpacked_size \(100 MB\)"):
        parse_bytes(out.getvalue(), fmt)


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_not_a_zip_is_a_clear_error(fmt: str) -> None:
    with pytest.raises(DocumentError, match="not a zip archive"):
        parse_bytes(b"just some text, not a document", fmt)


def test_a_malformed_odt_is_an_error_and_nothing_reaches_stdout(tmp_path: Path) -> None:
    import json
    import zipfile

    from tests.conftest import run_cli

    data = make_odt()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    secret = "IBAN FR76 3000 6000 0112 3456 7890 189"
    broken = xml.replace("<office:text>", f"<office:text><text:p>{secret}</text:p><text:p>", 1)
    (tmp_path / "clients.odt").write_bytes(_rezip(data, "content.xml", broken.encode()))
    r = run_cli("check", "clients.odt", "--format", "json", cwd=tmp_path)
    assert r.returncode == 2
    assert json.loads(r.stdout) == []  # the report, and only the report
    assert secret not in r.stdout + r.stderr
    assert "clients.odt: cannot read OpenDocument file: content.xml is not well-formed XML (line 2" in r.stderr, r.stderr
