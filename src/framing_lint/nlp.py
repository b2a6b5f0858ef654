"""Trained spaCy pipelines, loaded lazily and only for candidate sentences.

Nothing here imports spaCy until a document of that language has a candidate sentence and a
trained pipeline is installed. Documents are tokenized by :mod:`framing_lint.tokens` and fed
to the trained components as ready-made ``Doc`` objects, so spaCy's own rule-based tokenizer
is never used: for French, building it is most of the 7 s load time (see ``fast_load``).
"""
from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from framing_lint.tokens import Token, tokenize

# Official pipeline packages tried, in order, when the config names none.
AUTO_MODELS: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm", "en_core_web_md", "en_core_web_lg"),
    "fr": ("fr_core_news_sm", "fr_core_news_md", "fr_core_news_lg"),
}
# The lemmatizer is not needed (rules match generated surface forms) and loading its lookup
# tables costs ~1.5 s for French; NER is never used. The tokenizer is never used either
# (documents are tokenized by framing_lint.tokens), and deserialising it compiles large regexes.
EXCLUDE = ["ner", "lemmatizer", "senter", "tokenizer"]

# Set by the command-line entry point: a short-lived process may skip compiling spaCy's French
# tokenizer exceptions (~6 s of regex compilation), since it never uses spaCy's tokenizer.
# A library caller keeps spaCy untouched.
fast_load = False


class ModelError(Exception):
    """A configured pipeline cannot be loaded; the message says how to fix it."""


class Pipeline:
    """A loaded trained pipeline (or, with ``nlp`` None, a probe of what one could do)."""

    def __init__(self, language: str, name: str, nlp: Any, has_tagger: bool, has_parser: bool) -> None:
        self.language = language
        self.name = name
        self.nlp = nlp
        self.has_tagger = has_tagger
        self.has_parser = has_parser

    def __repr__(self) -> str:
        return f"Pipeline({self.language!r}, {self.name!r}, tagger={self.has_tagger}, parser={self.has_parser})"

    def annotate(self, texts: Sequence[tuple[str, int]]) -> list[list[Token]]:
        """Tokenize each ``(text, offset)`` and add POS and dependencies from the pipeline."""
        from spacy.tokens import Doc

        token_lists = [tokenize(text, offset) for text, offset in texts]
        docs = []
        for tokens in token_lists:
            # The models were trained on straight apostrophes: "L’assuré" would be tagged PROPN.
            words = [t.text.replace("\u2019", "'") for t in tokens] or [" "]
            spaces = [tokens[i + 1].start > t.end for i, t in enumerate(tokens[:-1])] + [False]
            docs.append(Doc(self.nlp.vocab, words=words, spaces=spaces[: len(words)]))
        for tokens, doc in zip(token_lists, self.nlp.pipe(docs, batch_size=64)):
            if not tokens:
                continue
            for t, st in zip(tokens, doc):
                t.pos = st.pos_
                t.dep = st.dep_.lower()
                t.lemma = st.lemma_.lower() if st.lemma_ else ""
                t.head = st.head.i if st.head.i != st.i else -1
            for i, t in enumerate(tokens):
                if t.head >= 0:
                    tokens[t.head].children.append(i)
        return token_lists


_cache: dict[tuple[str, str], Pipeline | None] = {}


def _stub_french_tokenizer_exceptions() -> None:
    if "spacy.lang.fr" in sys.modules or "spacy.lang.fr.tokenizer_exceptions" in sys.modules:
        return
    stub = types.ModuleType("spacy.lang.fr.tokenizer_exceptions")
    stub.TOKENIZER_EXCEPTIONS = {}  # type: ignore[attr-defined]
    stub.TOKEN_MATCH = None  # type: ignore[attr-defined]
    sys.modules["spacy.lang.fr.tokenizer_exceptions"] = stub


def _import_spacy_without_cli() -> Any:
    """``import spacy`` without importing ``spacy.cli`` (typer and every command, ~0.5 s).

    spaCy's ``__init__`` imports ``spacy.cli.info`` only to re-export ``info``. Stand-ins are
    put in place for the import and removed right after, so a later ``import spacy.cli``
    loads the real package.
    """
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # type: ignore[attr-defined]
    info = types.ModuleType("spacy.cli.info")
    info.info = lambda *args, **kwargs: None  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info
    try:
        import spacy
    finally:
        for name in ("spacy.cli.info", "spacy.cli"):
            if sys.modules.get(name) in (cli, info):
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        del spacy.cli  # type: ignore[attr-defined]
    return spacy


_TOKENIZER = "framing_lint.pretokenized.v1"


def _register_tokenizer(spacy: Any) -> None:
    """A tokenizer with no rules: documents arrive as ready-made Docs, so the pipeline's own
    tokenizer (prefix/suffix/infix regexes, ~0.3 s to build) is never needed."""
    if _TOKENIZER in spacy.registry.tokenizers:
        return

    def factory() -> Any:
        from spacy.tokenizer import Tokenizer

        return lambda nlp: Tokenizer(nlp.vocab)

    spacy.registry.tokenizers.register(_TOKENIZER, func=factory)


def find_model(language: str, setting: str | None) -> str | None:
    """The pipeline to use for ``language``: a package name, a path, or None (lexical mode)."""
    if setting and setting.lower() in ("none", "lexical", "off"):
        return None
    if setting and setting.lower() != "auto":
        return setting
    for name in AUTO_MODELS.get(language, ()):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def load(language: str, setting: str | None) -> Pipeline | None:
    key = (language, setting or "auto")
    if key in _cache:
        return _cache[key]
    name = find_model(language, setting)
    pipeline = None
    if name is not None:
        if fast_load and language == "fr":
            _stub_french_tokenizer_exceptions()
        try:
            if fast_load:
                spacy = _import_spacy_without_cli()
            else:
                import spacy
            _register_tokenizer(spacy)
            is_path = Path(name).exists()
            nlp = spacy.load(Path(name) if is_path else name, exclude=EXCLUDE,
                             config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER}}})
        except (OSError, ImportError) as exc:
            raise ModelError(
                f"cannot load the spaCy pipeline {name!r} for language {language!r}: {exc}. "
                f"Install it (pip install <package>) or set 'models: {{{language}: none}}' in the config "
                "to use the lexical mode."
            ) from exc
        names = set(nlp.pipe_names)
        pipeline = Pipeline(language, name, nlp, bool(names & {"tagger", "morphologizer"}), "parser" in names)
    _cache[key] = pipeline
    return pipeline
