"""The rules as a spaCy pipeline component: ``nlp.add_pipe("framing_lint")``.

Registered through the ``spacy_factories`` entry point, so any pipeline finds it once
framing-lint is installed. Each doc's text is linted as prose; findings become spans in
``doc.spans["framing_lint"]`` (label = rule id) with ``span._.framing_lint`` holding the
message, severity, category, suggestions and fix.

The component reuses what the pipeline before it produced: when the doc is tagged and/or
parsed, the rules' part-of-speech and syntax conditions read those annotations (framing-lint's
tokens are aligned to spaCy's by character offset), and no second pipeline is loaded. On an
untagged doc (``spacy.blank("en")``) the rules run in their lexical mode.

The component holds only its settings; rules are compiled (or read from the rule cache) on
the first doc in each process, so ``nlp.pipe(texts, n_process=2)`` works.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from framing_lint.config import Config
from framing_lint.documents.base import Document, Prose
from framing_lint.findings import Finding
from framing_lint.nlp import Pipeline
from framing_lint.tokens import Token, tokenize

EXTENSION = "framing_lint"
DEFAULT_SPANS_KEY = "framing_lint"

if not Span.has_extension(EXTENSION):
    Span.set_extension(EXTENSION, default=None)


@Language.factory(
    "framing_lint",
    default_config={
        "packs": ["core"], "rule_files": [], "select": [], "ignore": [], "severity": {}, "allow": [],
        "language": None, "quoted": "info", "spans_key": DEFAULT_SPANS_KEY,
    },
    assigns=["doc.spans", f"span._.{EXTENSION}"],
)
def make_framing_lint(nlp: Language, name: str, packs: list[str], rule_files: list[str], select: list[str],
                      ignore: list[str], severity: dict[str, str], allow: list[str], language: str | None,
                      quoted: str, spans_key: str) -> FramingLint:
    """The spaCy factory: component settings are framing-lint's config keys."""
    from framing_lint.config import validate

    if language is None:
        language = nlp.lang if nlp.lang in ("en", "fr") else "auto"
    config = Config(packs=tuple(packs), rule_files=tuple(rule_files), select=tuple(select), ignore=tuple(ignore),
                    severity=dict(severity), allow=tuple(allow), language=language, quoted=quoted)
    validate(config, f"the settings of spaCy component {name!r}")
    return FramingLint(config, spans_key)


class FramingLint:
    def __init__(self, config: Config, spans_key: str = DEFAULT_SPANS_KEY) -> None:
        self.config = config
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from framing_lint.api import check_names, lint_parsed

        check_names(self.config)  # memoised: a typo in select/ignore fails on the first doc
        text = doc.text
        document = Document(text, Prose(text, [(0, 0, len(text))] if text else []))
        findings = lint_parsed(document, "<doc>", self.config, annotator=_DocAnnotations(doc))
        spans = []
        for f in findings:
            span = doc.char_span(f.start, f.end, label=f.rule, alignment_mode="expand")
            if span is None:
                continue
            span._.set(EXTENSION, _details(f))
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


def _details(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "category": f.category, "severity": f.severity, "message": f.message,
            "suggestions": list(f.suggestions), "fix": f.fix, "fix_safe": f.fix_safe, "quoted": f.quoted}


class _DocAnnotations(Pipeline):
    """Stands in for a trained pipeline: copies the tags, lemmas and dependencies the user's
    pipeline already put on the doc onto framing-lint's tokens of each candidate sentence."""

    def __init__(self, doc: Doc) -> None:
        super().__init__(doc.lang_, "the pipeline's own annotations", None,
                         doc.has_annotation("POS") or doc.has_annotation("TAG"), doc.has_annotation("DEP"))
        self.doc = doc
        # character offset -> index of the spaCy token covering it
        self.token_at = [-1] * (len(doc.text) + 1)
        for t in doc:
            for c in range(t.idx, t.idx + max(1, len(t.text))):
                self.token_at[c] = t.i

    def annotate(self, texts: Sequence[tuple[str, int]]) -> list[list[Token]]:
        out = []
        for text, offset in texts:
            tokens = tokenize(text, offset)
            owner = [self.token_at[t.start] for t in tokens]
            by_spacy = {i: k for k, i in reversed(list(enumerate(owner)))}  # first of ours per spaCy token
            for t, i in zip(tokens, owner):
                if i < 0:
                    continue
                st = self.doc[i]
                t.pos = st.pos_
                t.dep = st.dep_.lower()
                t.lemma = st.lemma_.lower() if st.lemma_ else ""
                head = by_spacy.get(st.head.i, -1) if st.head.i != st.i else -1
                t.head = head if head != tokens.index(t) else -1
            for k, t in enumerate(tokens):
                if t.head >= 0:
                    tokens[t.head].children.append(k)
            out.append(tokens)
        return out
