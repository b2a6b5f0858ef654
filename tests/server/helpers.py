"""A real ``framing-lint server`` process driven by pytest-lsp's client, plus small helpers
that read positions the way an editor does (independently of the server's own code)."""
from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import attrs
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER = [sys.executable, "-m", "framing_lint", "server"]
TIMEOUT = 60.0


class Client(LanguageClient):
    """pytest-lsp's client, remembering every diagnostics notification and log message in
    the order they came, and answering ``client/registerCapability`` as an editor does."""

    events: list[tuple[str, Any]]
    registrations: list[types.Registration]
    published: list[types.PublishDiagnosticsParams]
    changed: asyncio.Event


def _record_diagnostics(client: Client, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)
    client.events.append(("diagnostics", params))
    client.changed.set()


def _record_log(client: Client, params: types.LogMessageParams) -> None:
    client.log_messages.append(params)
    client.events.append(("log", params))
    client.changed.set()


def _register(client: Client, params: types.RegistrationParams) -> None:
    client.registrations += params.registrations
    client.changed.set()


def make_client() -> Client:
    client = Client(converter_factory=default_converter)
    client.events, client.registrations, client.published = [], [], []
    client.changed = asyncio.Event()
    register_lsp_features(client, {
        **DEFAULT_CLIENT_FEATURES,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _record_diagnostics,
        types.WINDOW_LOG_MESSAGE: _record_log,
        types.CLIENT_REGISTER_CAPABILITY: _register,
    })
    return client


def capabilities(editor: str = "visual-studio-code", encodings: Sequence[str] | None = None) -> types.ClientCapabilities:
    """The capabilities a real editor release sends (recorded by pytest-lsp)."""
    caps = client_capabilities(editor)
    if encodings is not None:
        caps = attrs.evolve(caps, general=types.GeneralClientCapabilities(position_encodings=list(encodings)))
    return caps


@contextlib.asynccontextmanager
async def session(root: Path, *, caps: types.ClientCapabilities | None = None, options: Any = None,
                  configuration: dict[str, Any] | None = None) -> AsyncIterator[Client]:
    config = ClientServerConfig(server_command=SERVER, client_factory=make_client)
    client = await config.start()
    assert isinstance(client, Client)
    if configuration is not None:
        client.set_configuration(configuration)
    try:
        result = await asyncio.wait_for(client.initialize_session(types.InitializeParams(
            capabilities=caps or capabilities(), root_uri=root.as_uri(), initialization_options=options,
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)])), TIMEOUT)
        client.server_capabilities = result.capabilities  # type: ignore[attr-defined]
        yield client
        await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
        assert client._server is not None and client._server.returncode == 0  # shutdown, then exit: code 0
    finally:
        server = client._server
        if server is not None and server.returncode is None:  # a failed test: no shutdown was sent
            server.kill()
            await server.wait()
        await client.stop()


async def until(client: Client, check: Any, what: str, timeout: float = TIMEOUT) -> Any:
    """Wait until ``check()`` returns something truthy (re-checked at each notification)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not (got := check()):
        client.changed.clear()
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            raise AssertionError(f"timed out waiting for {what}; log: {[m.message for m in client.log_messages]}")
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(client.changed.wait(), min(left, 0.5))
    return got


async def diagnostics(client: Client, uri: str, version: int | None = None) -> list[types.Diagnostic]:
    """The diagnostics published for ``uri`` (for ``version``, when given)."""
    def found() -> list[types.Diagnostic] | None:
        for p in reversed(client.published):
            if p.uri == uri and (version is None or p.version == version):
                return list(p.diagnostics) or [None]  # type: ignore[list-item]
        return None

    got = await until(client, found, f"diagnostics of {uri} version {version}")
    return [d for d in got if d is not None]


def open_doc(client: Client, path: Path | str, text: str, language_id: str = "markdown", version: int = 1) -> str:
    uri = path.as_uri() if isinstance(path, Path) else path
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=version, text=text)))
    return uri


def replace_all(client: Client, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


# -- positions as an editor computes them ------------------------------------------------
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def lines(text: str) -> list[str]:
    """Lines with their breaks, split where the protocol splits (\\r\\n, \\r, \\n)."""
    return [m.group() for m in _LINE.finditer(text) if m.group()] or [""]


def width(s: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(s.encode("utf-8"))
    if encoding == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    return len(s)


def position(text: str, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
    before = text[:offset]
    line = len(lines(before + "x")) - 1
    start = sum(len(x) for x in lines(text)[:line])
    return line, width(text[start:offset], encoding)


def offset(text: str, pos: types.Position, encoding: str = "utf-16") -> int:
    all_lines = lines(text)
    start = sum(len(x) for x in all_lines[: pos.line])
    line = all_lines[pos.line].rstrip("\r\n") if pos.line < len(all_lines) else ""
    units = 0
    for i, c in enumerate(line):
        if units >= pos.character:
            return start + i
        units += width(c, encoding)
    return start + len(line)


def apply(text: str, edits: Sequence[types.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP text edits (all relative to ``text``), last first, as an editor does."""
    spans = sorted(((offset(text, e.range.start, encoding), offset(text, e.range.end, encoding), e.new_text)
                    for e in edits), reverse=True)
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def edits_of(action: types.CodeAction) -> list[types.TextEdit]:
    edit = action.edit
    assert edit is not None
    if edit.document_changes:
        return [e for change in edit.document_changes for e in change.edits]  # type: ignore[union-attr]
    assert edit.changes is not None
    return [e for edits in edit.changes.values() for e in edits]


def span(d: types.Diagnostic) -> tuple[int, int, int, int]:
    return d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character
