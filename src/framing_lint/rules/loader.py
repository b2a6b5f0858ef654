"""Loading and validating rule packs (YAML) with ``file:line`` error messages.

Only PyYAML's safe loader is used: a pack is data and must never run code.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from framing_lint.morphology import forms
from framing_lint.rules import frames
from framing_lint.rules.errors import Problem, RuleFileError
from framing_lint.rules.location import shipped_dir
from framing_lint.rules.model import SEVERITIES, Examples, Fix, MatchEntry, Rule
from framing_lint.rules.patterns import PatternError, Spec, check_searchable, parse_pattern, parse_syntax

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = ("en", "fr")

RULE_KEYS = {
    "id", "category", "severity", "message", "rationale", "alternatives", "match", "unless",
    "unless_sentence", "requires_sentence", "fix", "examples",
}
REQUIRED_KEYS = ("id", "category", "severity", "message", "rationale", "alternatives", "match", "examples")
FRAME_KEYS = {"verb", "object", "forms", "participle"}
PACK_KEYS = {"pack", "language", "description", "classes", "rules"}
EXAMPLE_KEYS = {"flag", "pass", "flag_trained", "pass_trained", "fix"}


# -- YAML with line numbers ----------------------------------------------------------------
class _LineDict(dict):  # type: ignore[type-arg]
    line: int
    lines: dict[Any, int]


class _LineList(list):  # type: ignore[type-arg]
    line: int
    lines: list[int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    result = _LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> _LineList:
    result = _LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise RuleFileError([Problem(str(path), 0, f"cannot read rule file: {exc.strerror or exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise RuleFileError([Problem(str(path), 1, "rule file is not UTF-8 text")]) from exc
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleFileError([Problem(str(path), line, f"invalid YAML: {problem}")]) from exc


def _line(obj: Any, key: Any = None, default: int = 1) -> int:
    if key is not None:
        lines = getattr(obj, "lines", None)
        if isinstance(lines, dict) and key in lines:
            return int(lines[key])
        if isinstance(lines, list) and isinstance(key, int) and key < len(lines):
            return int(lines[key])
    return int(getattr(obj, "line", default))


# -- classes -------------------------------------------------------------------------------
def load_classes(path: Path, problems: list[Problem], base: Mapping[str, frozenset[str]] | None = None,
                 data: Any = None) -> dict[str, frozenset[str]]:
    """Word classes from a ``classes:`` mapping; ``name+:`` extends an inherited class."""
    classes = dict(base or {})
    if data is None:
        data = read_yaml(path)
        data = data.get("classes") if isinstance(data, dict) else None
        if data is None:
            problems.append(Problem(str(path), 1, "a classes file needs a top-level 'classes:' mapping"))
            return classes
    if not isinstance(data, dict):
        problems.append(Problem(str(path), _line(data), "'classes' must be a mapping of name -> list of words"))
        return classes
    for name, words in data.items():
        line = _line(data, name)
        extend = isinstance(name, str) and name.endswith("+")
        key = str(name)[:-1] if extend else str(name)
        if not ID_RE.match(key.replace("_", "-")):
            problems.append(Problem(str(path), line, f"class name {name!r} must be lower-case words joined by '-' or '_'"))
            continue
        if not isinstance(words, list):
            problems.append(Problem(str(path), line, f"class {key!r} must be a list of words"))
            continue
        bad = [w for w in words if not (isinstance(w, str) and w.strip())]
        if bad:
            # YAML reads unquoted on/off/yes/no as booleans: say which member and how to fix it.
            problems.append(Problem(str(path), line, f"class {key!r}: member {bad[0]!r} is not a word; quote it (\"{str(bad[0]).lower()}\")"))
            continue
        if any(len(w.split()) != 1 for w in words):
            problems.append(Problem(str(path), line, f"class {key!r}: members are single words (lemmas); write phrases as patterns"))
            continue
        members = frozenset(w.strip() for w in words)
        classes[key] = (classes.get(key, frozenset()) | members) if extend else members
    return classes


def resolve_class_refs(classes: dict[str, frozenset[str]], problems: list[Problem], file: str) -> dict[str, frozenset[str]]:
    """Replace members written ``{other}`` by the members of class ``other``, so a class can
    combine others ("served: ['{customer}', '{person}']") across files."""
    done: dict[str, frozenset[str]] = {}

    def members(name: str, stack: tuple[str, ...]) -> frozenset[str]:
        if name in done:
            return done[name]
        out: set[str] = set()
        for m in classes[name]:
            if m.startswith("{") and m.endswith("}"):
                ref = m[1:-1]
                if ref not in classes:
                    problems.append(Problem(file, 1, f"class {name!r} includes unknown class {{{ref}}}"))
                elif ref in stack:
                    problems.append(Problem(file, 1, f"class {name!r} includes itself through {{{ref}}}"))
                else:
                    out |= members(ref, (*stack, ref))
            else:
                out.add(m)
        done[name] = frozenset(out)
        return done[name]

    return {name: members(name, (name,)) for name in classes}


# -- rules ---------------------------------------------------------------------------------
def _strings(value: Any, file: str, line: int, what: str, problems: list[Problem]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    problems.append(Problem(file, line, f"{what} must be a string or a list of strings"))
    return ()


class _Compiler:
    def __init__(self, file: str, language: str, classes: Mapping[str, frozenset[str]], problems: list[Problem]) -> None:
        self.file = file
        self.language = language
        self.classes = classes
        self.problems = problems
        self.inflect = lambda lemma, kind="any": forms(lemma, language, kind)

    def pattern(self, text: Any, line: int) -> tuple[Spec, ...] | None:
        if not isinstance(text, str):
            self.problems.append(Problem(self.file, line, f"a pattern must be a string, got {type(text).__name__}"))
            return None
        try:
            return parse_pattern(text, self.classes, self.inflect)
        except PatternError as exc:
            self.problems.append(Problem(self.file, line, str(exc)))
            return None

    def patterns(self, values: Any, line: int, what: str) -> tuple[tuple[Spec, ...], ...]:
        if values is None:
            return ()
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list):
            self.problems.append(Problem(self.file, line, f"'{what}' must be a list of patterns"))
            return ()
        out = []
        for i, v in enumerate(values):
            p = self.pattern(v, _line(values, i, line))
            if p:
                out.append(p)
        return tuple(out)

    def frame(self, v: dict[str, Any], line: int) -> list[MatchEntry]:
        unknown = set(v) - FRAME_KEYS
        if unknown:
            self.problems.append(Problem(self.file, line, f"unknown verb frame key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(FRAME_KEYS))})"))
            return []
        try:
            texts = frames.expand(v, self.language, self.inflect)
        except frames.FrameError as exc:
            self.problems.append(Problem(self.file, line, str(exc)))
            return []
        out = []
        for text in texts:
            p = self.pattern(text, line)
            if p and self.searchable(p, text, line):
                out.append(MatchEntry(pattern=p, source=f"{v['verb']} ({text})"))
        return out

    def searchable(self, specs: tuple[Spec, ...] | list[Spec], source: str, line: int) -> bool:
        try:
            check_searchable(specs, source)
        except PatternError as exc:
            self.problems.append(Problem(self.file, line, str(exc)))
            return False
        return True

    def match_entries(self, values: Any, line: int) -> tuple[MatchEntry, ...]:
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not values:
            self.problems.append(Problem(self.file, line, "'match' must be a non-empty list of patterns"))
            return ()
        entries: list[MatchEntry] = []
        for i, v in enumerate(values):
            vline = _line(values, i, line)
            if isinstance(v, str):
                p = self.pattern(v, vline)
                if p and self.searchable(p, v, vline):
                    entries.append(MatchEntry(pattern=p, source=v))
                continue
            if isinstance(v, dict) and "verb" in v:
                entries += self.frame(v, vline)
                continue
            if not isinstance(v, dict) or set(v) - {"syntax", "lexical", "pattern", "requires", "unless"}:
                self.problems.append(Problem(self.file, vline, "a match entry is a pattern string, a mapping with 'syntax' and 'lexical', or a verb frame ('verb' and 'object')"))
                continue
            if "pattern" in v:
                p = self.pattern(v["pattern"], vline)
                # "requires": this pattern only counts when one of these also matches in the
                # sentence (a rule-wide condition would hold for every pattern of the rule).
                req = self.patterns(v.get("requires"), vline, "requires")
                # "unless": the same for a sense this one pattern is prone to, where a
                # rule-wide "unless_sentence" would also silence the rule's other patterns.
                unl = self.patterns(v.get("unless"), vline, "unless")
                if p and self.searchable(p, str(v["pattern"]), vline):
                    entries.append(MatchEntry(pattern=p, source=v["pattern"], requires=req, unless=unl))
                continue
            if "syntax" not in v or "lexical" not in v:
                self.problems.append(Problem(self.file, vline, "a syntax match needs both 'syntax' and a 'lexical' fallback (used when no trained pipeline is installed)"))
                continue
            lex = self.pattern(v["lexical"], _line(v, "lexical", vline))
            try:
                syn = parse_syntax(str(v["syntax"]), self.classes, self.inflect)
            except PatternError as exc:
                self.problems.append(Problem(self.file, _line(v, "syntax", vline), str(exc)))
                continue
            if not self.searchable([syn.head, *(st.spec for st in syn.steps)], str(v["syntax"]), _line(v, "syntax", vline)):
                continue
            if lex and self.searchable(lex, str(v["lexical"]), _line(v, "lexical", vline)):
                entries.append(MatchEntry(syntax=syn, lexical=lex, source=str(v["syntax"])))
        return tuple(entries)


def _rule(raw: Any, file: str, pack: str, language: str, comp: _Compiler, problems: list[Problem]) -> Rule | None:
    line = _line(raw)
    if not isinstance(raw, dict):
        problems.append(Problem(file, line, "each rule must be a mapping"))
        return None
    before = len(problems)
    rid = raw.get("id")
    label = f"rule {rid!r}" if isinstance(rid, str) else "rule"
    for key in raw:
        if key not in RULE_KEYS:
            hint = f" (known keys: {', '.join(sorted(RULE_KEYS))})"
            problems.append(Problem(file, _line(raw, key), f"{label}: unknown key {key!r}{hint}"))
    for key in REQUIRED_KEYS:
        if key not in raw:
            problems.append(Problem(file, line, f"{label}: missing required key {key!r}"))
    if problems[before:]:
        return None
    if not isinstance(rid, str) or not ID_RE.match(rid):
        problems.append(Problem(file, _line(raw, "id"), f"rule id {rid!r} must be kebab-case (lower-case words joined by '-')"))
    for key in ("category", "message", "rationale"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            problems.append(Problem(file, _line(raw, key), f"{label}: {key!r} must be a non-empty string"))
    if isinstance(raw["category"], str) and not ID_RE.match(raw["category"]):
        problems.append(Problem(file, _line(raw, "category"), f"{label}: category {raw['category']!r} must be kebab-case"))
    if raw["severity"] not in SEVERITIES:
        problems.append(Problem(file, _line(raw, "severity"), f"{label}: severity must be one of {', '.join(SEVERITIES)}, got {raw['severity']!r}"))
    alternatives = _strings(raw["alternatives"], file, _line(raw, "alternatives"), f"{label}: 'alternatives'", problems)
    if not alternatives and not problems[before:]:
        problems.append(Problem(file, _line(raw, "alternatives"), f"{label}: give at least one alternative wording"))
    match = comp.match_entries(raw["match"], _line(raw, "match"))
    unless = comp.patterns(raw.get("unless"), _line(raw, "unless", line), "unless")
    unless_sentence = comp.patterns(raw.get("unless_sentence"), _line(raw, "unless_sentence", line), "unless_sentence")
    requires_sentence = comp.patterns(raw.get("requires_sentence"), _line(raw, "requires_sentence", line), "requires_sentence")
    fix = None
    if "fix" in raw:
        f = raw["fix"]
        if not isinstance(f, dict) or not isinstance(f.get("replace"), str) or not isinstance(f.get("safe", False), bool) or set(f) - {"replace", "safe"}:
            problems.append(Problem(file, _line(raw, "fix"), f"{label}: 'fix' must be {{replace: \"text\", safe: true|false}}"))
        else:
            fix = Fix(f["replace"], bool(f.get("safe", False)))
    ex = raw["examples"]
    eline = _line(raw, "examples")
    examples = Examples()
    if not isinstance(ex, dict):
        problems.append(Problem(file, eline, f"{label}: 'examples' must be a mapping with 'flag' and 'pass' lists"))
    else:
        for key in ex:
            if key not in EXAMPLE_KEYS:
                problems.append(Problem(file, _line(ex, key), f"{label}: unknown examples key {key!r} (known: {', '.join(sorted(EXAMPLE_KEYS))})"))
        got = {k: _strings(ex.get(k, []), file, _line(ex, k, eline), f"{label}: examples.{k}", problems) for k in ("flag", "pass", "flag_trained", "pass_trained")}
        for k in ("flag", "pass"):
            if len(got[k]) < 2:
                problems.append(Problem(file, _line(ex, k, eline), f"{label}: needs at least two '{k}' examples, has {len(got[k])}"))
        fixes: list[tuple[str, str]] = []
        raw_fix = ex.get("fix", [])
        if not isinstance(raw_fix, list):
            problems.append(Problem(file, _line(ex, "fix", eline), f"{label}: examples.fix must be a list of {{before, after}}"))
        else:
            for i, pair in enumerate(raw_fix):
                if not isinstance(pair, dict) or set(pair) != {"before", "after"} or not all(isinstance(v, str) for v in pair.values()):
                    problems.append(Problem(file, _line(raw_fix, i, eline), f"{label}: each examples.fix item needs 'before' and 'after' strings"))
                else:
                    fixes.append((pair["before"], pair["after"]))
        if fixes and fix is None:
            problems.append(Problem(file, _line(ex, "fix", eline), f"{label}: examples.fix given but the rule has no 'fix'"))
        examples = Examples(got["flag"], got["pass"], got["flag_trained"], got["pass_trained"], tuple(fixes))
    if problems[before:]:
        return None
    return Rule(
        id=rid, category=raw["category"], severity=raw["severity"], message=raw["message"].strip(),
        rationale=" ".join(raw["rationale"].split()), alternatives=alternatives, language=language, pack=pack,
        match=match, unless=unless, unless_sentence=unless_sentence, requires_sentence=requires_sentence,
        fix=fix, examples=examples, file=file, line=line,
    )


def load_pack(path: Path, shared_classes: Mapping[str, frozenset[str]] | None = None,
              problems: list[Problem] | None = None) -> tuple[str, str, list[Rule]]:
    """Load one pack file: ``(pack name, language, rules)``.

    Problems are appended to ``problems`` when given (so several files can be reported at
    once); otherwise a :class:`RuleFileError` is raised.
    """
    own = problems is None
    problems = [] if problems is None else problems
    file = str(path)
    data = read_yaml(path)
    start = len(problems)
    if not isinstance(data, dict):
        problems.append(Problem(file, _line(data), "a rule pack is a mapping with 'pack', 'language' and 'rules'"))
        if own:
            raise RuleFileError(problems)
        return path.stem, "en", []
    for key in data:
        if key not in PACK_KEYS:
            problems.append(Problem(file, _line(data, key), f"unknown pack key {key!r} (known: {', '.join(sorted(PACK_KEYS))})"))
    language = data.get("language", path.parent.name if path.parent.name in LANGUAGES else None)
    if language not in LANGUAGES:
        problems.append(Problem(file, _line(data, "language"), f"'language' must be one of {', '.join(LANGUAGES)}, got {language!r}"))
        language = "en"
    pack = data.get("pack", path.stem)
    if shared_classes is None:
        shared_classes = load_shared_classes(language, problems)
    classes = dict(shared_classes)
    if "classes" in data:
        classes = resolve_class_refs(load_classes(path, problems, classes, data=data["classes"]), problems, file)
    rules_raw = data.get("rules")
    if not isinstance(rules_raw, list):
        problems.append(Problem(file, _line(data, "rules"), "'rules' must be a list of rules"))
        rules_raw = []
    comp = _Compiler(file, language, classes, problems)
    rules = [r for raw in rules_raw if (r := _rule(raw, file, str(pack), language, comp, problems))]
    if own and len(problems) > start:
        raise RuleFileError(problems)
    return str(pack), language, rules


def _is_classes_file(path: Path) -> bool:
    # classes.yaml is written by hand; NAME.classes.yaml files are generated from lexical
    # resources (tools/build_wordclasses.py). Both are shared by every pack of the language.
    return path.name == "classes.yaml" or path.name.endswith(".classes.yaml")


def load_shared_classes(language: str, problems: list[Problem]) -> dict[str, frozenset[str]]:
    d = shipped_dir() / language
    classes: dict[str, frozenset[str]] = {}
    if d.is_dir():
        for path in sorted(d.glob("*.yaml")):
            if _is_classes_file(path):
                classes = load_classes(path, problems, classes)
    return resolve_class_refs(classes, problems, str(d / "classes.yaml"))


def shipped_packs(language: str) -> dict[str, Path]:
    """Pack name -> its main file. A pack may continue in part files ``NAME.PART.yaml``
    (``core.lexicon.yaml``, generated from a lexicon): see :func:`pack_files`."""
    d = shipped_dir() / language
    return {p.stem: p for p in sorted(d.glob("*.yaml")) if not _is_classes_file(p) and "." not in p.stem} if d.is_dir() else {}


def pack_files(main: Path) -> list[Path]:
    """The main file of a shipped pack and its part files, in a stable order."""
    parts = [p for p in sorted(main.parent.glob(f"{main.stem}.*.yaml")) if not _is_classes_file(p)]
    return [main, *parts]


def check_unique(rules: Iterable[Rule], problems: list[Problem]) -> None:
    seen: dict[str, Rule] = {}
    for r in rules:
        if r.id in seen:
            first = seen[r.id]
            problems.append(Problem(r.file, r.line, f"duplicate rule id {r.id!r} (first defined at {first.file}:{first.line})"))
        else:
            seen[r.id] = r
