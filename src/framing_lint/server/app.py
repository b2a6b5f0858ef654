"""The language server: pygls handlers around :mod:`framing_lint.server.workspace`.

One event loop talks to the client; every lint (and everything else that calls the
framing_lint API: hovers, code actions) runs in one lint thread, so the API's caches are
only ever touched from one thread and the loop stays free to take the next keystroke.
A buffer is linted when it opens, after ``debounce`` ms without a change, and when it is
saved; while one lint of a buffer runs, later changes wait for it and then lint once.
Trained pipelines load in a thread of their own (see ``workspace.Pipelines``).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from framing_lint import __version__, api
from framing_lint.config import CONFIG_FILES
from framing_lint.findings import Finding
from framing_lint.fixes import Edit
from framing_lint.server import actions
from framing_lint.server.hover import explain
from framing_lint.server.text import UTF16, Position, Text
from framing_lint.server.workspace import SECTIONS, Result, Workspace, parse_settings, section

log = logging.getLogger("framing_lint.server")
T = TypeVar("T")

SOURCE = "framing-lint"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.framing-lint"
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
_NAMES = {"fr": "French", "en": "English"}


class _Protocol(LanguageServerProtocol):
    """pygls' protocol, minus its own copy of each document.

    pygls splits documents with ``str.splitlines``, which also breaks lines at form feeds
    and U+2028: its copy would drift from the client's after such a character. The server
    keeps its own buffers (``Buffer``) with the protocol's line rules instead.
    """

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):  # type: ignore[no-untyped-def]
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):  # type: ignore[no-untyped-def]
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):  # type: ignore[no-untyped-def]
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


def uri_to_path(uri: str) -> Path | None:
    """The file behind a ``file:`` URI; None for ``untitled:`` and other schemes."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if parsed.netloc and parsed.netloc != "localhost":
        path = f"//{parsed.netloc}{path}"  # a UNC share
    if len(path) >= 3 and path[0] == "/" and path[2] == ":":
        path = path[1:]  # file:///C:/x on Windows
    return Path(path)


class Buffer:
    """An open document and the state of its lints."""

    def __init__(self, uri: str, language_id: str | None, text: str, version: int | None) -> None:
        self.uri = uri
        self.path = uri_to_path(uri)
        self.name = str(self.path) if self.path is not None else (urlparse(uri).path or uri)
        self.language_id = language_id
        self.text = Text(text)
        self.version = version
        self.result: Result | None = None
        self.published: int | None = -1  # version whose diagnostics were sent last
        self.timer: asyncio.TimerHandle | None = None
        self.running = False
        self.again = False  # a lint was asked for while one was running
        # Quick fixes per finding of the current result: editors ask on every cursor move.
        self.fixes: dict[tuple[int, int, str], tuple[list[actions.Replacement], tuple[str, list[Edit]] | None]] = {}


class FramingLintServer(LanguageServer):
    def __init__(self, config_file: str | None = None) -> None:
        super().__init__("framing-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=_Protocol)
        self.buffers: dict[str, Buffer] = {}
        self.encoding = UTF16
        self.state: Workspace | None = None
        # --config on the command line: the default of the ``config`` setting
        self.command_line: dict[str, Any] = {"config": str(Path(config_file).resolve())} if config_file else {}
        self.initial_settings: dict[str, Any] = dict(self.command_line)
        self.lint_thread = ThreadPoolExecutor(1, thread_name_prefix="framing-lint-lint")
        self.loop: asyncio.AbstractEventLoop | None = None
        self.ready: asyncio.Event | None = None  # set once the client's settings are in
        self._shown: set[str] = set()
        self._tasks: set[asyncio.Task[Any]] = set()  # kept until done: the loop holds tasks weakly
        self._register()

    # -- plumbing ------------------------------------------------------------------------
    def _register(self) -> None:
        def feature(name: str, options: Any = None) -> Callable[[Callable[..., Any]], Any]:
            # pygls marks the handler with attributes, which a bound method cannot take.
            def register(method: Callable[..., Any]) -> Any:
                if asyncio.iscoroutinefunction(method):
                    async def handler(params: Any) -> Any:
                        return await method(params)
                else:
                    def handler(params: Any) -> Any:  # type: ignore[misc]
                        return method(params)
                return self.feature(name, options)(handler)
            return register

        feature(types.INITIALIZE)(self.on_initialize)
        feature(types.INITIALIZED)(self.on_initialized)
        feature(types.SHUTDOWN)(self.on_shutdown)
        feature(types.TEXT_DOCUMENT_DID_OPEN)(self.on_open)
        feature(types.TEXT_DOCUMENT_DID_CHANGE)(self.on_change)
        feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))(self.on_save)
        feature(types.TEXT_DOCUMENT_DID_CLOSE)(self.on_close)
        feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(self.on_watched_files)
        feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(self.on_configuration)
        feature(types.TEXT_DOCUMENT_HOVER)(self.on_hover)
        feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]))(self.on_code_action)

    def spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def in_lint_thread(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.lint_thread, fn, *args)

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def show_once(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        """A message box for something the user must act on, once per distinct message."""
        if message not in self._shown:
            self._shown.add(message)
            self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def report_server_error(self, error: Exception, source: Any) -> None:
        # pygls' default opens a message box for every protocol error; the log is enough.
        try:
            self.log(f"framing-lint: {type(error).__name__}: {error}", types.MessageType.Error)
        except Exception:  # noqa: BLE001 - the connection itself may be what failed
            log.exception("cannot report an error to the client")

    @property
    def ws(self) -> Workspace:
        assert self.state is not None, "initialize first"
        return self.state

    def _capability(self, *path: str) -> Any:
        value: Any = self.client_capabilities
        for name in path:
            value = getattr(value, name, None)
            if value is None:
                return None
        return value

    # -- life cycle ----------------------------------------------------------------------
    def on_initialize(self, params: types.InitializeParams) -> None:
        self.loop = asyncio.get_running_loop()
        self.ready = asyncio.Event()
        encoding = self.workspace.position_encoding
        self.encoding = str(getattr(encoding, "value", encoding) or UTF16)
        root = None
        if params.workspace_folders:
            root = uri_to_path(params.workspace_folders[0].uri)
        elif params.root_uri:
            root = uri_to_path(params.root_uri)
        elif params.root_path:
            root = Path(params.root_path)
        self.state = Workspace(root, self._pipeline_done_threadsafe)
        raw = params.initialization_options
        self.initial_settings = {**self.command_line, **section(raw)}
        self._apply_settings(self.initial_settings)

    async def on_initialized(self, params: types.InitializedParams) -> None:
        registrations = []
        if self._capability("workspace", "did_change_watched_files", "dynamic_registration"):
            globs = [f"**/{name}" for name in CONFIG_FILES] + ["**/*.yaml", "**/*.yml"]
            registrations.append(types.Registration(
                id="framing-lint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=g) for g in globs])))
        if self._capability("workspace", "did_change_configuration", "dynamic_registration"):
            registrations.append(types.Registration(id="framing-lint-configuration",
                                                    method=types.WORKSPACE_DID_CHANGE_CONFIGURATION))
        if registrations:
            try:
                await self.client_register_capability_async(types.RegistrationParams(registrations=registrations))
            except Exception as exc:  # noqa: BLE001 - the client said no: the features still work on save
                self.log(f"framing-lint: the editor did not accept file watching ({exc})", types.MessageType.Warning)
        try:
            await self._pull_settings()
        finally:
            assert self.ready is not None
            self.ready.set()  # documents opened meanwhile are linted now, with the settings
        self.log(f"framing-lint {__version__} language server ready (positions in {self.encoding})")

    def on_shutdown(self, params: None) -> None:
        for buf in self.buffers.values():
            if buf.timer:
                buf.timer.cancel()
        if self.state is not None:
            self.state.pipelines.shutdown()
        self.lint_thread.shutdown(wait=False, cancel_futures=True)

    # -- settings and configuration files ------------------------------------------------
    def _apply_settings(self, raw: Any) -> None:
        settings, problems = parse_settings(raw)
        for p in problems:
            self.log(f"framing-lint: {p}", types.MessageType.Warning)
        self.ws.settings = settings

    async def _pull_settings(self) -> bool:
        """Ask the client for the ``framing-lint`` settings section (when it can answer)."""
        if not self._capability("workspace", "configuration"):
            return False
        try:
            got = await self.workspace_configuration_async(types.ConfigurationParams(
                items=[types.ConfigurationItem(section="framing-lint")]))
        except Exception as exc:  # noqa: BLE001 - no answer: keep what we have
            self.log(f"framing-lint: could not read the editor's settings ({exc})", types.MessageType.Warning)
            return False
        pulled = got[0] if got else None
        if not isinstance(pulled, dict):
            return False
        self._apply_settings({**self.initial_settings, **section(pulled)})
        return True

    async def on_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        """Settings pushed by the client, or (a bare notification) pulled from it."""
        settings = params.settings
        if isinstance(settings, dict) and any(k in settings for k in SECTIONS):
            self._apply_settings({**self.initial_settings, **section(settings)})
        elif not await self._pull_settings() and isinstance(settings, dict) and settings:
            self._apply_settings({**self.initial_settings, **section(settings)})
        await self._reload()

    @staticmethod
    def _is_config_file(path: Path | None) -> bool:
        """A file that may be a config, a config it extends, or a rule pack."""
        return path is not None and (path.name in CONFIG_FILES or path.suffix.lower() in (".yaml", ".yml"))

    async def on_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        if any(self._is_config_file(uri_to_path(change.uri)) for change in params.changes):
            await self._reload()

    async def _reload(self) -> None:
        """A config, rule file or setting changed: read them again and lint every buffer."""
        await self.in_lint_thread(self.ws.forget)
        self._shown.clear()  # a config broken again deserves its message again
        self.log("framing-lint: configuration changed; linting the open documents again")
        for buf in list(self.buffers.values()):
            self.schedule(buf, 0)

    def _pipeline_done_threadsafe(self, key: tuple[str, str], error: str | None, seconds: float) -> None:
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self._pipeline_done, key, error, seconds)

    def _pipeline_done(self, key: tuple[str, str], error: str | None, seconds: float) -> None:
        language = _NAMES.get(key[0], key[0])
        if error:
            self.log(f"framing-lint: {error}", types.MessageType.Error)
            self.show_once(f"framing-lint: {error} {language} documents are linted in the lexical mode.",
                           types.MessageType.Warning)
            return
        self.log(f"framing-lint: {language} pipeline loaded in {seconds:.1f} s")
        for buf in self.buffers.values():
            if buf.result is not None and buf.result.waiting == key:
                self.schedule(buf, 0)

    # -- documents -----------------------------------------------------------------------
    def on_open(self, params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        buf = self.buffers[doc.uri] = Buffer(doc.uri, doc.language_id, doc.text, doc.version)
        self.schedule(buf, 0)

    def on_change(self, params: types.DidChangeTextDocumentParams) -> None:
        buf = self.buffers.get(params.text_document.uri)
        if buf is None:
            return
        text = buf.text
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                r = change.range
                text = text.edited(Position(r.start.line, r.start.character), Position(r.end.line, r.end.character),
                                   change.text, self.encoding)
            else:
                text = Text(change.text)
        buf.text = text
        buf.version = params.text_document.version
        if self.ws.settings.run == "onType":
            self.schedule(buf, self.ws.settings.debounce / 1000)

    def on_save(self, params: types.DidSaveTextDocumentParams) -> None:
        path = uri_to_path(params.text_document.uri)
        if self._is_config_file(path):
            self.spawn(self._reload())
            return
        buf = self.buffers.get(params.text_document.uri)
        if buf is not None:
            self.schedule(buf, 0)

    def on_close(self, params: types.DidCloseTextDocumentParams) -> None:
        buf = self.buffers.pop(params.text_document.uri, None)
        if buf is not None and buf.timer:
            buf.timer.cancel()
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    # -- linting -------------------------------------------------------------------------
    def schedule(self, buf: Buffer, delay: float) -> None:
        if buf.timer:
            buf.timer.cancel()
        loop = asyncio.get_running_loop()
        buf.timer = loop.call_later(delay, self._start, buf)

    def _start(self, buf: Buffer) -> None:
        buf.timer = None
        if buf.running:
            buf.again = True
            return
        self.spawn(self._lint_loop(buf))

    async def _lint_loop(self, buf: Buffer) -> None:
        buf.running = True
        try:
            while True:
                buf.again = False
                try:
                    await self.lint_now(buf)
                except Exception as exc:  # noqa: BLE001 - a bug here must not stop later lints
                    log.exception("lint of %s", buf.uri)
                    self.log(f"framing-lint: cannot report on {buf.name}: {type(exc).__name__}: {exc}",
                             types.MessageType.Error)
                if not buf.again or self.buffers.get(buf.uri) is not buf:
                    break
        finally:
            buf.running = False

    async def lint_now(self, buf: Buffer) -> Result:
        if self.ready is not None and not self.ready.is_set():
            await self.ready.wait()
        text, version = buf.text, buf.version
        result = await self.in_lint_thread(self.ws.lint, buf.path, buf.name, buf.language_id, text, version)
        if self.buffers.get(buf.uri) is buf and buf.version == version:
            buf.result = result
            buf.fixes = {}
            self.publish(buf, result)
        return result

    async def current(self, buf: Buffer) -> Result:
        """The result for the buffer's text as it is now (linting it if needed)."""
        if buf.result is not None and buf.result.version == buf.version and buf.result.text is buf.text:
            return buf.result
        return await self.lint_now(buf)

    def publish(self, buf: Buffer, result: Result) -> None:
        if result.error:
            self._report(buf, result)
        diagnostics = self.diagnostics(result)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=buf.uri, diagnostics=diagnostics, version=result.version))
        buf.published = result.version

    def _report(self, buf: Buffer, result: Result) -> None:
        if result.crashed:
            self.log(f"framing-lint: linting {buf.name} failed: {result.error}\n{result.details}", types.MessageType.Error)
            self.show_once(f"framing-lint could not lint {Path(buf.name).name}: {result.error} (details in the log)")
        else:
            self.log(f"framing-lint: {buf.name}: {result.error}", types.MessageType.Error)
            self.show_once(f"framing-lint: {result.error}")

    # -- conversions ---------------------------------------------------------------------
    def range(self, text: Text, start: int, end: int) -> types.Range:
        a, b = text.position(start, self.encoding), text.position(end, self.encoding)
        return types.Range(start=types.Position(line=a.line, character=a.character),
                           end=types.Position(line=b.line, character=b.character))

    def diagnostic(self, text: Text, f: Finding) -> types.Diagnostic:
        message = " ".join(f.message.split())
        if f.suggestions:
            message += f" (instead: {' | '.join(f.suggestions)})"
        return types.Diagnostic(range=self.range(text, f.start, f.end), message=message,
                                severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
                                code=f.rule, source=SOURCE)

    def diagnostics(self, result: Result) -> list[types.Diagnostic]:
        text = result.text
        if result.error:
            where = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
            what = (f"framing-lint could not lint this document: {result.error} (details in the log)" if result.crashed
                    else f"framing-lint: {result.error}")
            return [types.Diagnostic(range=where, message=what, severity=types.DiagnosticSeverity.Error,
                                     code="internal-error" if result.crashed else "configuration", source=SOURCE)]
        return [self.diagnostic(text, f) for f in result.findings]

    def workspace_edit(self, buf: Buffer, result: Result, edits: Sequence[Edit]) -> types.WorkspaceEdit:
        text_edits = [types.TextEdit(range=self.range(result.text, e.start, e.end), new_text=e.replacement)
                      for e in sorted(edits, key=lambda e: e.start)]
        if self._capability("workspace", "workspace_edit", "document_changes"):
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=buf.uri, version=result.version),
                edits=text_edits)])
        return types.WorkspaceEdit(changes={buf.uri: text_edits})

    # -- hover and code actions ----------------------------------------------------------
    async def on_hover(self, params: types.HoverParams) -> types.Hover | None:
        buf = self.buffers.get(params.text_document.uri)
        if buf is None:
            return None
        result = await self.current(buf)
        if result.document is None or result.config is None:
            return None
        p = params.position
        offset = result.text.offset(Position(p.line, p.character), self.encoding)
        under = [f for f in result.findings if f.start <= offset <= f.end and f.end > f.start]
        if not under:
            return None
        finding = min(under, key=lambda f: f.end - f.start)
        formats = self._capability("text_document", "hover", "content_format") or []
        markdown = types.MarkupKind.Markdown in formats or not formats
        rule = await self.in_lint_thread(_rule, result, finding.rule)
        return types.Hover(contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
            value=explain(finding, rule, markdown)), range=self.range(result.text, finding.start, finding.end))

    async def on_code_action(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        buf = self.buffers.get(params.text_document.uri)
        if buf is None:
            return None
        result = await self.current(buf)
        if result.document is None:
            return []
        only = params.context.only

        def wanted(kind: str) -> bool:
            return not only or any(kind == o or kind.startswith(f"{o}.") for o in only)

        r = params.range
        a = result.text.offset(Position(r.start.line, r.start.character), self.encoding)
        b = result.text.offset(Position(r.end.line, r.end.character), self.encoding)
        under = [f for f in result.findings if f.start <= b and a <= f.end]
        out: list[types.CodeAction] = []
        if under and wanted(types.CodeActionKind.QuickFix):
            cache = buf.fixes if buf.result is result else {}
            todo = [f for f in under if (f.start, f.end, f.rule) not in cache]
            if todo:
                cache.update(await self.in_lint_thread(_quick_fixes, result, todo))
            for f in under:
                fixes, disable = cache[(f.start, f.end, f.rule)]
                diagnostic = self.diagnostic(result.text, f)
                for rep in fixes:
                    out.append(types.CodeAction(title=rep.title, kind=types.CodeActionKind.QuickFix,
                                                diagnostics=[diagnostic], is_preferred=rep.preferred,
                                                edit=self.workspace_edit(buf, result, [rep.edit])))
                if disable is not None:
                    title, edits = disable
                    out.append(types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                                                edit=self.workspace_edit(buf, result, edits)))
        if wanted(FIX_ALL_KIND) and any(f.fix is not None and f.fix_safe for f in result.findings):
            edits = await self.in_lint_thread(actions.fix_all, result)
            if edits:
                out.append(types.CodeAction(title="Apply all safe framing-lint fixes", kind=FIX_ALL_KIND,
                                            edit=self.workspace_edit(buf, result, edits)))
        return out


def _rule(result: Result, rule_id: str) -> Any:
    try:
        assert result.config is not None and result.language is not None
        return {r.id: r for r in api.load_rules(result.language, result.config)}.get(rule_id)
    except Exception:  # noqa: BLE001 - the hover still shows the finding's own message
        return None


def _quick_fixes(result: Result, findings: list[Finding]) -> dict[tuple[int, int, str], tuple[list[actions.Replacement], tuple[str, list[Edit]] | None]]:
    return {(f.start, f.end, f.rule): (actions.replacements(result, f), actions.disable_line(result, f)) for f in findings}


def serve(config_file: str | None = None) -> int:
    """Run the server on standard input and output until the client says exit."""
    import sys

    from framing_lint import nlp

    nlp.fast_load = True  # spaCy's own tokenizer is never used here either
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="framing-lint server: %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must never land in the protocol stream
    server = FramingLintServer(config_file)
    server.start_io(stdin, stdout)
    return 0
