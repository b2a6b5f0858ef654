"""End to end: a real ``framing-lint server`` process and pytest-lsp's real client.

Each test starts its own server in a project folder of its own (tmp_path) whose config
turns on the fixer's small test packs in the lexical mode, so results do not depend on the
shipped packs.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from tests.conftest import run_cli
from tests.server.helpers import (
    apply,
    capabilities,
    diagnostics,
    edits_of,
    open_doc,
    position,
    replace_all,
    session,
    span,
    until,
)
from tests.test_fixes import write_fix_project

pytestmark = pytest.mark.asyncio

# Accents, a BMP symbol, an emoji (two UTF-16 units, four UTF-8 bytes) and CRLF before matches.
TRICKY = "Café ☕ 😀 menu: open a claim file.\r\nÉté 😀: call a lead.\r\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_fix_project(tmp_path)


def expected_span(text: str, needle: str, encoding: str = "utf-16", nth: int = 0) -> tuple[int, int, int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return (*position(text, start, encoding), *position(text, start + len(needle), encoding))


def codes(diags: list[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diags]


async def code_actions(client, uri: str, text: str, needle: str, only: list[str] | None = None) -> list[types.CodeAction]:
    line, char = position(text, text.index(needle) + 1)
    got = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=line, character=char), end=types.Position(line=line, character=char)),
        context=types.CodeActionContext(diagnostics=[], only=only)))
    return list(got or [])


# -- diagnostics ---------------------------------------------------------------------------
async def test_diagnostics_on_open(project: Path) -> None:
    text = "# Notes\n\nOpen a claim file.\n\nCall a lead today.\n"
    async with session(project) as client:
        assert client.server_capabilities.position_encoding == "utf-16"
        uri = open_doc(client, project / "notes.md", text)
        diags = await diagnostics(client, uri, 1)
    assert [(str(d.code), d.severity, d.source) for d in diags] == [
        ("claim-file", types.DiagnosticSeverity.Warning, "framing-lint"),
        ("lead-people", types.DiagnosticSeverity.Warning, "framing-lint"),
    ]
    assert span(diags[0]) == expected_span(text, "claim file")
    assert diags[0].message == "'claim file' names the paperwork, not the person. (instead: claim)"


FORMATS = [  # (file name, language id, text): only the prose "claim file." is a finding
    ("a.md", "markdown", "# Title\n\nOpen a claim file.\n"),
    ("a.mdx", "mdx", "import X from './x'\n\nOpen a claim file.\n"),
    ("a.html", "html", "<p class=\"claim file\">Open a claim file.</p>\n"),
    ("a.txt", "plaintext", "Hello,\n\nOpen a claim file.\n"),
    ("a.rst", "restructuredtext", "Title\n=====\n\nOpen a claim file.\n"),
    ("a.html.j2", "jinja-html", "<p>{{ name }}, open a claim file.{# claim file #}</p>\n"),
    ("a.hbs", "handlebars", "<p>{{name}}, open a claim file.</p>\n"),
    ("a.mustache", "mustache", "<p>{{name}}, open a claim file.</p>\n"),
    ("a.liquid", "liquid", "<p>{{ name }}, open a claim file.</p>\n"),
    ("untitled:Untitled-1", "markdown", "`claim file`: open a claim file.\n"),  # format from the language id
]


async def test_every_format_on_unsaved_buffers(project: Path) -> None:
    async with session(project) as client:
        uris = [open_doc(client, name if ":" in name else project / name, text, language_id)
                for name, language_id, text in FORMATS]
        got = [await diagnostics(client, uri, 1) for uri in uris]
    for (name, _, text), diags in zip(FORMATS, got):
        at = text.index("claim file.")
        assert [span(d) for d in diags] == [(*position(text, at), *position(text, at + len("claim file")))], name


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
async def test_ranges_after_non_ascii_text_in_the_negotiated_encoding(project: Path, encoding: str) -> None:
    async with session(project, caps=capabilities(encodings=[encoding, "utf-16"])) as client:
        assert client.server_capabilities.position_encoding == encoding
        uri = open_doc(client, project / "notes.txt", TRICKY, "plaintext")
        diags = await diagnostics(client, uri, 1)
    assert [span(d) for d in diags] == [expected_span(TRICKY, "claim file", encoding),
                                        expected_span(TRICKY, "lead", encoding)]


async def test_utf16_is_the_default_when_the_client_offers_nothing(project: Path) -> None:
    async with session(project, caps=capabilities("neovim@v0.6.1")) as client:
        assert client.server_capabilities.position_encoding in (None, "utf-16")
        uri = open_doc(client, project / "notes.txt", TRICKY, "plaintext")
        diags = await diagnostics(client, uri, 1)
    assert span(diags[0]) == expected_span(TRICKY, "claim file", "utf-16")


async def test_incremental_changes_and_debounce(project: Path) -> None:
    text = "Hello 😀 there.\n\nNothing yet.\n"
    async with session(project, caps=capabilities(encodings=["utf-8"])) as client:
        uri = open_doc(client, project / "notes.md", text)
        assert await diagnostics(client, uri, 1) == []
        typed = "Open a claim file."
        # One character at a time after the emoji, as fast as the client can send them.
        line, char = position(text, text.index("Nothing"), "utf-8")
        for i, c in enumerate(typed):
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2 + i),
                content_changes=[types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=line, character=char + i),
                                      end=types.Position(line=line, character=char + i)), text=c)]))
        last = 1 + len(typed)
        diags = await diagnostics(client, uri, last)
        versions = [p.version for p in client.published if p.uri == uri]
    new = text.replace("Nothing", typed + "Nothing")
    assert [span(d) for d in diags] == [expected_span(new, "claim file", "utf-8")]
    assert len(versions) < len(typed) // 2, versions  # keystrokes in a burst are linted together


async def test_lint_on_save_only_when_asked(project: Path) -> None:
    async with session(project, options={"run": "onSave"}) as client:
        uri = open_doc(client, project / "notes.md", "Hello.\n")
        assert await diagnostics(client, uri, 1) == []
        replace_all(client, uri, "Open a claim file.\n", 2)
        await asyncio.sleep(0.5)
        assert all(p.version == 1 for p in client.published if p.uri == uri)
        client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        assert codes(await diagnostics(client, uri, 2)) == ["claim-file"]


async def test_closing_a_document_clears_its_diagnostics(project: Path) -> None:
    async with session(project) as client:
        uri = open_doc(client, project / "notes.md", "Open a claim file.\n")
        assert codes(await diagnostics(client, uri, 1)) == ["claim-file"]
        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        await until(client, lambda: client.published[-1].uri == uri and not client.published[-1].diagnostics, "cleared")


# -- code actions ---------------------------------------------------------------------------
async def test_quick_fix_replaces_with_each_alternative_with_case_and_article(project: Path) -> None:
    text = "Café 😀.\r\nA lead called; call a lead today.\r\n"
    async with session(project) as client:
        uri = open_doc(client, project / "notes.md", text)
        await diagnostics(client, uri, 1)
        first = await code_actions(client, uri, text, "lead called")
        second = await code_actions(client, uri, text, "lead today")
    fix = next(a for a in first if a.title.startswith("Replace"))
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.title == "Replace 'A lead' with 'An interested customer'"
    assert str(fix.diagnostics[0].code) == "lead-people"
    assert apply(text, edits_of(fix)) == "Café 😀.\r\nAn interested customer called; call a lead today.\r\n"
    fix2 = next(a for a in second if a.title.startswith("Replace"))
    assert apply(text, edits_of(fix2)) == "Café 😀.\r\nA lead called; call an interested customer today.\r\n"


async def test_only_literal_alternatives_are_offered(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(
        "pack: t\nlanguage: en\nrules:\n  - id: prospect\n    category: targets\n    severity: warning\n"
        "    message: \"'{match}' treats a person as a prospect.\"\n    rationale: A prospect is a person.\n"
        "    alternatives: [\"the person\", \"people who ...\", \"(say who they are)\", \"the customer\"]\n"
        "    match: [\"=prospect\"]\n    examples:\n      flag: [\"Call a prospect.\", \"A prospect came.\"]\n"
        "      pass: [\"Call the person.\", \"The prospects are good.\"]\n",
        encoding="utf-8")
    (tmp_path / ".framing-lint.yaml").write_text("packs: []\nrule_files: [pack.yaml]\nmodels: {en: none}\n", encoding="utf-8")
    text = "Call a prospect now.\n"
    async with session(tmp_path) as client:
        uri = open_doc(client, tmp_path / "a.md", text)
        await diagnostics(client, uri, 1)
        got = await code_actions(client, uri, text, "prospect")
    titles = [a.title for a in got]
    assert titles[:2] == ["Replace 'a prospect' with 'the person'", "Replace 'a prospect' with 'the customer'"]
    assert apply(text, edits_of(got[0])) == "Call the person now.\n"


async def test_fix_all_gives_what_check_fix_gives(project: Path) -> None:
    text = "# Notes\n\nTarget customers first. Open a claim file.\n\nCall an applicant, then a prospect.\n"
    async with session(project) as client:
        uri = open_doc(client, project / "notes.md", text)
        await diagnostics(client, uri, 1)
        got = await code_actions(client, uri, text, "Notes", only=[types.CodeActionKind.SourceFixAll])
    assert [(a.title, a.kind) for a in got] == [("Apply all safe framing-lint fixes", "source.fixAll.framing-lint")]
    fixed = apply(text, edits_of(got[0]))
    cli = run_cli("check", "--fix", "--stdin-filename", "notes.md", "-", cwd=project, stdin=text)
    assert fixed == cli.stdout == "# Notes\n\nCustomers we serve first. Open a claim.\n\nCall a customer, then the person.\n"
    assert all(e.new_text != fixed for e in edits_of(got[0]))  # small edits, not the whole text again


DISABLE = [  # (file name, language id, text, what the action inserts around the finding)
    ("a.md", "markdown", "Intro.\nOpen a claim file.\nMore.\n",
     "Open a claim file. <!-- framing-lint: disable-line=claim-file -->"),
    ("table.md", "markdown", "| a | b |\n|---|---|\n| Open a claim file. | x |\n",
     "| Open a claim file. | x <!-- framing-lint: disable-line=claim-file --> |"),
    ("a.html", "html", "<p>Intro.\nOpen a claim file.\nMore.</p>\n",
     "Open a claim file. <!-- framing-lint: disable-line=claim-file -->"),
    ("a.html.j2", "jinja-html", "<p>{{ name }},\nopen a claim file.</p>\n",
     "open a claim file.</p> {# framing-lint: disable-line=claim-file #}"),
    ("a.hbs", "handlebars", "<p>{{name}},\nopen a claim file.</p>\n",
     "open a claim file.</p> {{!-- framing-lint: disable-line=claim-file --}}"),
    ("a.mustache", "mustache", "<p>{{name}},\nopen a claim file.</p>\n",
     "open a claim file.</p> {{! framing-lint: disable-line=claim-file }}"),
    ("a.liquid", "liquid", "<p>{{ name }},\nopen a claim file.</p>\n",
     "open a claim file.</p> {% comment %} framing-lint: disable-line=claim-file {% endcomment %}"),
    ("a.txt", "plaintext", "Hello,\r\n\r\nOpen a claim file.\r\n",  # CRLF kept in the inserted line
     "# framing-lint: disable-next-line=claim-file\r\nOpen a claim file."),
    ("a.rst", "restructuredtext", "Title\n=====\n\nOpen a claim file.\n",
     ".. framing-lint: disable-next-line=claim-file\n\nOpen a claim file."),
    ("b.rst", "restructuredtext", "Title\n=====\n\nIntro.\nOpen a claim file.\n",  # a comment line would split it
     ".. framing-lint: disable=claim-file\n\nIntro.\nOpen a claim file.\n\n.. framing-lint: enable=claim-file"),
]


async def test_disable_on_this_line_with_the_format_s_comment(project: Path) -> None:
    async with session(project) as client:
        for name, language_id, text, comment in DISABLE:
            uri = open_doc(client, project / name, text, language_id)
            assert codes(await diagnostics(client, uri, 1)) == ["claim-file"], name
            got = await code_actions(client, uri, text, "claim file")
            disable = [a for a in got if a.title.startswith("Disable")]
            assert len(disable) == 1, (name, [a.title for a in got])
            assert disable[0].title == ("Disable claim-file in this paragraph" if name == "b.rst"
                                        else "Disable claim-file on this line"), name
            new = apply(text, edits_of(disable[0]))
            assert comment in new, (name, new)
            replace_all(client, uri, new, 2)
            assert await diagnostics(client, uri, 2) == [], name


# -- hover ------------------------------------------------------------------------------------
async def test_hover_explains_the_finding(project: Path) -> None:
    text = "Café 😀: open a claim file.\n"
    async with session(project) as client:
        uri = open_doc(client, project / "notes.md", text)
        await diagnostics(client, uri, 1)
        line, char = position(text, text.index("file"))
        hover = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=char)))
        nothing = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=1)))
    assert hover is not None and nothing is None
    assert isinstance(hover.contents, types.MarkupContent) and hover.contents.kind == types.MarkupKind.Markdown
    value = hover.contents.value
    for part in ("**claim-file**", "names the paperwork", "A file is not a person.", "- claim",
                 "✗ Open a claim file.", "✓ Attach the log file.", "framing-lint rules explain claim-file"):
        assert part in value, (part, value)
    assert span(types.Diagnostic(range=hover.range, message="")) == expected_span(text, "claim file")


# -- configuration ------------------------------------------------------------------------------
NEAREST = "packs: []\nrule_files: [../fix-en.yaml]\nmodels: {en: none}\nignore: [claim-file]\n"
TWO = "Open a claim file.\n\nCall a lead today.\n"


async def test_nearest_config_per_document_and_reload_on_watched_change(project: Path) -> None:
    sub = project / "sub"
    sub.mkdir()
    (sub / ".framing-lint.yaml").write_text(NEAREST, encoding="utf-8")
    async with session(project) as client:
        watched = await until(client, lambda: [r for r in client.registrations
                                               if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES], "registration")
        globs = [w["globPattern"] for w in watched[0].register_options["watchers"]]
        assert "**/.framing-lint.yaml" in globs and "**/pyproject.toml" in globs, globs
        top = open_doc(client, project / "a.md", TWO)
        below = open_doc(client, sub / "b.md", TWO)
        assert codes(await diagnostics(client, top, 1)) == ["claim-file", "lead-people"]
        assert codes(await diagnostics(client, below, 1)) == ["lead-people"]
        seen = len(client.published)
        (sub / ".framing-lint.yaml").write_text(NEAREST.replace("claim-file", "lead-people"), encoding="utf-8")
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(
            uri=(sub / ".framing-lint.yaml").as_uri(), type=types.FileChangeType.Changed)]))
        await until(client, lambda: any(p.uri == below for p in client.published[seen:]), "re-lint")
        assert codes(await diagnostics(client, below, 1)) == ["claim-file"]


async def test_rule_file_change_relints(project: Path) -> None:
    async with session(project) as client:
        uri = open_doc(client, project / "a.md", TWO)
        assert codes(await diagnostics(client, uri, 1)) == ["claim-file", "lead-people"]
        pack = project / "fix-en.yaml"
        pack.write_text(pack.read_text(encoding="utf-8").replace("severity: warning\n    message: \"'{match}' names",
                                                                 "severity: error\n    message: \"'{match}' names"),
                        encoding="utf-8")
        seen = len(client.published)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(
            uri=pack.as_uri(), type=types.FileChangeType.Changed)]))
        await until(client, lambda: any(p.uri == uri for p in client.published[seen:]), "re-lint")
        diags = await diagnostics(client, uri, 1)
    assert [(str(d.code), d.severity) for d in diags] == [("claim-file", types.DiagnosticSeverity.Error),
                                                         ("lead-people", types.DiagnosticSeverity.Warning)]


async def test_settings_from_the_client(project: Path) -> None:
    # Pulled with workspace/configuration at start, pushed with didChangeConfiguration later.
    async with session(project, configuration={"framing-lint": {"ignore": ["lead-people"]}}) as client:
        uri = open_doc(client, project / "a.md", TWO)
        assert codes(await diagnostics(client, uri, 1)) == ["claim-file"]
        seen = len(client.published)
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"framing-lint": {"select": ["lead-people"]}}))
        await until(client, lambda: any(p.uri == uri for p in client.published[seen:]), "re-lint")
        assert codes(await diagnostics(client, uri, 1)) == ["lead-people"]


async def test_initialization_options_and_bad_settings(project: Path) -> None:
    async with session(project, caps=capabilities("neovim@v0.6.1"),
                       options={"ignore": "claim-file", "debounce": "soon", "colour": "blue"}) as client:
        uri = open_doc(client, project / "a.md", TWO)
        assert codes(await diagnostics(client, uri, 1)) == ["lead-people"]
    warnings = [m.message for m in client.log_messages if m.type == types.MessageType.Warning]
    assert any("'debounce' must be a number of milliseconds" in w for w in warnings), warnings
    assert any("unknown setting 'colour'" in w for w in warnings), warnings


# -- failures are contained ----------------------------------------------------------------------
async def test_a_failing_document_is_logged_and_the_others_keep_working(project: Path) -> None:
    broken = project / "broken"
    broken.mkdir()
    (broken / ".framing-lint.yaml").write_text(
        "packs: []\nrule_files: [../fix-en.yaml]\nmodels: {en: none}\nformats: {\"*.md\": no-such-format}\n", encoding="utf-8")
    bad_rules = project / "badrules"
    bad_rules.mkdir()
    (bad_rules / "pack.yaml").write_text("pack: x\nlanguage: en\nrules:\n  - id: [oops\n", encoding="utf-8")
    (bad_rules / ".framing-lint.yaml").write_text("packs: []\nrule_files: [pack.yaml]\nmodels: {en: none}\n", encoding="utf-8")
    async with session(project) as client:
        crash = open_doc(client, broken / "x.md", TWO)
        bad = open_doc(client, bad_rules / "y.md", TWO)
        good = open_doc(client, project / "a.md", TWO)
        assert codes(await diagnostics(client, good, 1)) == ["claim-file", "lead-people"]
        for uri, name in ((crash, "x.md"), (bad, "y.md")):
            diags = await diagnostics(client, uri, 1)
            assert [d.severity for d in diags] == [types.DiagnosticSeverity.Error], diags
            await until(client, lambda name=name: [m for m in client.log_messages
                                                    if m.type == types.MessageType.Error and name in m.message], "log")
        assert any("pack.yaml:5: invalid YAML" in m.message for m in client.log_messages), [m.message for m in client.log_messages]
        # The server is still there: editing the good document lints it.
        replace_all(client, good, "Open a claim file.\n", 2)
        assert codes(await diagnostics(client, good, 2)) == ["claim-file"]
        # Repairing the rule file (the editor reports the change) lints the other one.
        (bad_rules / "pack.yaml").write_text((project / "fix-en.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        seen = len(client.published)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(
            uri=(bad_rules / "pack.yaml").as_uri(), type=types.FileChangeType.Changed)]))
        await until(client, lambda: any(p.uri == bad and p.diagnostics and p.diagnostics[0].code == "claim-file"
                                        for p in client.published[seen:]), "repaired")


# -- trained pipelines load in the background ----------------------------------------------------
@pytest.mark.slow
async def test_french_pipeline_loads_without_blocking_english(project: Path) -> None:
    pytest.importorskip("fr_core_news_sm")
    (project / ".framing-lint.yaml").write_text(
        "packs: []\nrule_files: [fix-en.yaml, fix-fr.yaml]\nmodels: {en: none}\n", encoding="utf-8")
    french = "Le souscripteur paie la prime. Appelez le souscripteur demain.\n"
    async with session(project) as client:
        fr = open_doc(client, project / "lettre.md", french)
        assert codes(await diagnostics(client, fr, 1)) == ["souscripteur", "souscripteur"]  # lexical, at once
        en = open_doc(client, project / "letter.md", TWO)
        assert codes(await diagnostics(client, en, 1)) == ["claim-file", "lead-people"]
        after = await until(client, lambda: next((i + 1 for i, (kind, p) in enumerate(client.events) if kind == "log"
                                                  and "French pipeline loaded" in p.message), None), "French pipeline")
        loaded = after - 1
        english_at = next(i for i, (kind, p) in enumerate(client.events) if kind == "diagnostics" and p.uri == en)
        assert english_at < loaded  # English was not kept waiting for French
        # The French document is linted again with the trained pipeline once it is there.
        await until(client, lambda: [p for kind, p in client.events[loaded:] if kind == "diagnostics" and p.uri == fr],
                    "French re-lint")
        assert codes(await diagnostics(client, fr, 1)) == ["souscripteur", "souscripteur"]
