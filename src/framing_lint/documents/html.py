"""HTML: text nodes and alt/title/placeholder/aria-label values are prose.

Tags, other attributes (href, class, target="_blank"), comments, <script>, <style>,
<code>, <pre> and friends are not.  Block elements end a block; inline elements (b, a,
span, em) do not, so ``<b>target</b> customers`` reads "target customers".

The tokenizer is our own, not ``html.parser``: the standard library parser is quadratic
on some malformed input on the Pythons we support (60 kB of unclosed ``<a `` took 70 s),
and it does not give the offset of an attribute value, which we need.  This one is a
single forward pass over the text (no tree, no recursion, so 100k nested elements cost
nothing) that follows the HTML tokenizer closely enough for prose: raw-text elements,
quoted attribute values containing ``>``, bogus comments, unterminated everything.
"""
from __future__ import annotations

import html as _html
import re

from framing_lint.documents.base import Document
from framing_lint.documents.directives import parse_directive
from framing_lint.documents.emit import PLACEHOLDER, Context, normalize_language
from framing_lint.documents.template_syntax import prepare

FILL = " "  # template syntax becomes spaces: harmless in text, attributes and tags

BLOCK = frozenset(
    """address article aside blockquote body br button caption center col colgroup dd details dialog dir div dl dt
    fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe
    legend li link main menu meta nav noscript ol optgroup option p pre section select summary table tbody td
    textarea tfoot th thead title tr ul video audio""".split()
)
# Content that is code or not shown as text.
SKIP = frozenset("script style code pre kbd samp var textarea svg math noembed noframes xmp iframe".split())
# Elements whose content the tokenizer must not look into for tags.
_INLINE_CODE = frozenset("code kbd samp var".split())
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
PROSE_ATTRS = frozenset("alt title placeholder aria-label".split())

_WS = " \t\n\r\f"
# HTML's whitespace is these five ASCII characters only: with ``\s`` an attribute that
# started with a Unicode space (U+2028) matched no name, and the parser asserted.
_TAG_NAME = re.compile(r"[A-Za-z][^ \t\n\r\f/>]*")
_ATTR_NAME = re.compile(r"[^ \t\n\r\f/>][^ \t\n\r\f/>=]*")
_UNQUOTED = re.compile(r"[^ \t\n\r\f>]*")
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{0,40};?)")
_raw_end_cache: dict[str, re.Pattern[str]] = {}


def _raw_end(name: str) -> re.Pattern[str]:
    if name not in _raw_end_cache:
        _raw_end_cache[name] = re.compile(r"</" + re.escape(name) + r"[\s/>]", re.IGNORECASE)
    return _raw_end_cache[name]


class HtmlExtractor:
    """Feeds ranges of ``ctx.view`` as HTML into ``ctx.builder``.

    Markdown reuses it for raw HTML blocks and inline tags, hence ranges and
    :meth:`reset` rather than one call per file.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.s = ctx.view
        self.skip: dict[str, int] = {}
        self.skipping = 0
        # Attribute values waiting for the end of the current block: emitting them where
        # the tag is would cut "the <a title='...'>target customers</a> page" in two.
        self._pending: list[tuple[int, int]] = []

    def reset(self) -> None:
        """End of a fragment: flush attribute text, forget open <code>/<pre>/... (an
        unclosed one must not swallow the rest)."""
        self._break()
        self.skip.clear()
        self.skipping = 0

    def _break(self) -> None:
        builder = self.ctx.builder
        builder.brk()
        if self._pending:
            pending, self._pending = self._pending, []
            for vs, ve in pending:
                self._text(vs, ve)
                builder.brk()

    # -- tokenizer --------------------------------------------------------------------
    # Linear because every search that fails consumes the rest of the range: an unclosed
    # comment, tag or quoted value runs to the end, as in the HTML tokenizer.
    def feed(self, start: int, end: int) -> None:
        s = self.s
        pos = start
        while pos < end:
            lt = s.find("<", pos, end)
            if lt < 0:
                self._data(pos, end)
                return
            if lt > pos:
                self._data(pos, lt)
            nxt = s[lt + 1] if lt + 1 < end else ""
            if nxt == "!" and s.startswith("<!--", lt):
                pos = self._comment(lt, end)
            elif nxt in ("!", "?"):  # doctype, CDATA, processing instruction
                if s.startswith("<![CDATA[", lt):
                    j = s.find("]]>", lt + 9, end)
                    pos = end if j < 0 else j + 3
                else:
                    j = s.find(">", lt + 2, end)
                    pos = end if j < 0 else j + 1
            elif nxt == "/":
                pos = self._end_tag(lt, end)
            elif nxt.isascii() and nxt.isalpha():
                pos = self._start_tag(lt, end)
            else:  # a lone "<" is text ("a < b")
                self._data(lt, lt + 1)
                pos = lt + 1

    def _comment(self, lt: int, end: int) -> int:
        s = self.s
        if s.startswith("<!-->", lt):
            return lt + 5
        if s.startswith("<!--->", lt):
            return lt + 6
        j = s.find("-->", lt + 4, end)
        stop = end if j < 0 else j + 3
        body = s[lt + 4 : end if j < 0 else j]
        ctx = self.ctx
        d = parse_directive(body, ctx.line_of(lt), ctx.line_of(stop - 1), ctx.warnings)
        if d is not None:
            ctx.directives.append(d)
        return stop

    def _end_tag(self, lt: int, end: int) -> int:
        s = self.s
        m = _TAG_NAME.match(s, lt + 2, end)
        if m is None:
            if s.startswith("</>", lt):
                return lt + 3
            j = s.find(">", lt + 2, end)  # "</ x>" is a bogus comment
            return end if j < 0 else j + 1
        name = m.group().lower()
        j = s.find(">", m.end(), end)
        if self.skip.get(name):
            self.skip[name] -= 1
            self.skipping -= 1
        if name in BLOCK:
            self._break()
        return end if j < 0 else j + 1

    def _start_tag(self, lt: int, end: int) -> int:
        s = self.s
        m = _TAG_NAME.match(s, lt + 1, end)
        assert m is not None
        name = m.group().lower()
        attrs: list[tuple[str, int, int]] = []  # (name, value_start, value_end); -1 = no value
        p = m.end()
        tag_end = end
        self_closing = False
        while p < end:
            ch = s[p]
            if ch == ">":
                tag_end = p + 1
                break
            if ch == "/" and p + 1 < end and s[p + 1] == ">":
                tag_end = p + 2
                self_closing = True
                break
            if ch in _WS or ch == "/":
                p += 1
                continue
            am = _ATTR_NAME.match(s, p, end)
            assert am is not None
            aname = am.group().lower()
            q = am.end()
            while q < end and s[q] in _WS:
                q += 1
            if q < end and s[q] == "=":
                q += 1
                while q < end and s[q] in _WS:
                    q += 1
                if q < end and s[q] in "\"'":
                    close = s.find(s[q], q + 1, end)
                    if close < 0:  # unterminated value: the tag swallows the rest
                        attrs.append((aname, q + 1, end))
                        p = end
                        break
                    attrs.append((aname, q + 1, close))
                    p = close + 1
                else:
                    vm = _UNQUOTED.match(s, q, end)
                    assert vm is not None
                    attrs.append((aname, q, vm.end()))
                    p = vm.end()
            else:
                attrs.append((aname, -1, -1))
                p = am.end()
        self._open(name, attrs, self_closing)
        if name in _RAW_TEXT and not self_closing and tag_end < end:
            close_m = _raw_end(name).search(s, tag_end, end)
            text_end = close_m.start() if close_m else end
            if name == "title":  # RCDATA: text with entities, no tags; and it is prose
                self._data(tag_end, text_end)
            return text_end  # the end tag (if any) is tokenized next
        return tag_end

    # -- semantics ----------------------------------------------------------------------
    def _open(self, name: str, attrs: list[tuple[str, int, int]], self_closing: bool) -> None:
        ctx = self.ctx
        s = self.s
        values = {a: (vs, ve) for a, vs, ve in attrs if vs >= 0}
        if name == "html" and ctx.language is None:
            for key in ("lang", "xml:lang"):
                if key in values:
                    ctx.language = normalize_language(_html.unescape(s[values[key][0] : values[key][1]]))
                    break
        if name in SKIP and name not in _VOID and not self_closing:
            if name in _INLINE_CODE and not self.skipping:
                ctx.builder.synthetic(PLACEHOLDER)  # "run <code>make</code> now" reads "run X now"
            self.skip[name] = self.skip.get(name, 0) + 1
            self.skipping += 1
        if name in BLOCK:
            self._break()
        if self.skipping:
            return
        spans = [values[a] for a in PROSE_ATTRS if a in values]
        if name == "meta" and "content" in values and "name" in values:
            if s[values["name"][0] : values["name"][1]].strip().lower() in ("description", "og:description", "og:title"):
                spans.append(values["content"])
        if name == "input" and "value" in values and "type" in values:
            if s[values["type"][0] : values["type"][1]].strip().lower() in ("submit", "button", "reset"):
                spans.append(values["value"])  # the label on the button
        # An attribute is read on its own, never as part of the surrounding sentence.
        self._pending.extend(sorted(spans))
        if name in BLOCK:  # e.g. <td title="...">: already at a boundary, no need to wait
            self._break()

    def _data(self, start: int, end: int) -> None:
        if not self.skipping:
            self._text(start, end)

    def _text(self, start: int, end: int) -> None:
        """Text with character references: "&amp;" shows as a synthetic "&"."""
        s = self.s
        builder = self.ctx.builder
        if s.find("&", start, end) < 0:
            builder.text(start, end)
            return
        pos = start
        for m in _ENTITY.finditer(s, start, end):
            raw = m.group()
            char = _html.unescape(raw)
            if char == raw:
                continue  # not a known reference: ordinary text
            builder.text(pos, m.start())
            builder.synthetic(char)
            pos = m.end()
        builder.text(pos, end)


def extract(ctx: Context) -> None:
    # Jekyll and Eleventy pages are HTML with YAML front matter on top.
    from framing_lint.documents.frontmatter import extract_front_matter

    start = extract_front_matter(ctx) if ctx.view.startswith("---") else 0
    extractor = HtmlExtractor(ctx)
    extractor.feed(start, len(ctx.view))
    extractor.reset()


def parse(source: str) -> Document:
    ctx = prepare(source, fill=FILL)
    extract(ctx)
    return ctx.document()
