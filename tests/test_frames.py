"""Verb frames, modifier gaps, {number} and the generated person classes (rules/frames.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from framing_lint import lint_text
from framing_lint.config import Config
from framing_lint.morphology import forms
from framing_lint.rules.frames import FrameError, expand
from framing_lint.rules.loader import load_shared_classes

ROOT = Path(__file__).resolve().parent.parent


def inflect_en(lemma: str, kind: str = "any") -> frozenset[str]:
    return forms(lemma, "en", kind)


def pack(tmp_path: Path, match: str, language: str = "en", extra: str = "") -> Config:
    path = tmp_path / "pack.yaml"
    path.write_text(f"""
pack: test
language: {language}
rules:
  - id: t
    category: targets
    severity: warning
    message: "'{{match}}'"
    rationale: test
    alternatives: [x]
    match:
{match}
{extra}
    examples:
      flag: [a, b]
      pass: [c, d]
""", encoding="utf-8")
    return Config(packs=(), rule_files=(str(path),), models={language: "none"}, language=language)


def found(text: str, cfg: Config) -> list[str]:
    return [f.text for f in lint_text(text, config=cfg)]


FRAME = '      - verb: "target"\n        object: people'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("We will target sole traders.", ["target sole traders"], id="active-plural-unlisted-noun"),
        pytest.param("We targeted the young family.", ["targeted the young family"], id="active-singular"),
        pytest.param("Young renters should be targeted first.", ["renters should be targeted"], id="passive"),
        pytest.param("The anglers targeted by the campaign.", ["anglers targeted by"], id="participle"),
        pytest.param("These are the drivers we want to target.", ["drivers we want to target"], id="relative"),
        pytest.param("Targeting lapsed gym members paid off.", ["Targeting lapsed gym members"], id="modifier-gap"),
        pytest.param("Which of the spring trialists did we target?", ["Which of the spring trialists did we target"], id="question"),
        pytest.param("Who did the new card target first?", ["Who did the new card target"], id="question-who"),
        pytest.param("How many anglers did the mailer target?", ["How many anglers did the mailer target"], id="question-how-many"),
        pytest.param("Retired nurses, whom we targeted in May, replied.", ["nurses, whom we targeted"], id="relative-after-comma"),
        pytest.param("Anglers, targeted through the show, replied.", ["Anglers, targeted through"], id="appositive-participle"),
        pytest.param("Targeted at the show, young anglers signed up.", ["Targeted at the show, young anglers"], id="fronted-participle"),
        pytest.param("We will target first-time landlords.", ["target first-time landlords"], id="gap-opens-compound"),
        pytest.param("We will target account-holders in Leeds.", ["target account-holders"], id="hyphenated-class-member"),
        pytest.param("Are retired nurses a group worth targeting?", ["nurses a group worth targeting"], id="worth"),
    ],
)
def test_frame_voices_and_orders(tmp_path: Path, text: str, expected: list[str]) -> None:
    assert found(text, pack(tmp_path, FRAME)) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("We will target the database for users.", id="gap-stops-at-preposition"),
        pytest.param("Demanding targets burn people out.", id="gap-stops-at-verb"),
        pytest.param("The target date for nurses is Monday.", id="no-people-after"),
        pytest.param("Nurses target their own goals.", id="people-as-subject"),
        pytest.param("For nurses, we target a reply within a day.", id="comma-without-relative-word"),
        pytest.param("Nurses, targets and rotas are on the agenda.", id="comma-list-of-nouns"),
    ],
)
def test_frame_near_misses(tmp_path: Path, text: str) -> None:
    assert found(text, pack(tmp_path, FRAME)) == []


def test_french_frame(tmp_path: Path) -> None:
    cfg = pack(tmp_path, '      - verb: "cibler"\n        object: people', language="fr")
    assert found("Les retraités que nous avions ciblés ont répondu.", cfg) == ["retraités que nous avions ciblés"]
    assert found("Les artisans seront ciblés en mars.", cfg) == ["artisans seront ciblés"]
    assert found("La date ciblée est lundi.", cfg) == []


def test_frame_errors_name_the_line(tmp_path: Path) -> None:
    from framing_lint.api import load_rules
    from framing_lint.rules.errors import RuleFileError

    cfg = pack(tmp_path, '      - verb: "target"\n        object: martians')
    with pytest.raises(RuleFileError) as err:
        load_rules("en", cfg)
    assert "pack.yaml:" in str(err.value) and "object" in str(err.value)


def test_expand_gives_participles() -> None:
    patterns = expand({"verb": "convert", "object": "people"}, "en", inflect_en)
    assert any("=converted" in p for p in patterns)
    with pytest.raises(FrameError):
        expand({"verb": "two words", "object": "people"}, "en", inflect_en)


def test_number_spec(tmp_path: Path) -> None:
    cfg = pack(tmp_path, '      - "=case {number} =rang"')
    assert found("Case 4471 rang twice.", cfg) == ["Case 4471 rang"]
    # Written out, from the language's number_word class; "one" is a pronoun too, so not.
    assert found("Case four rang twice.", cfg) == ["Case four rang"]
    assert found("Case one rang twice.", cfg) == []


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        pytest.param("en", "They sent forty claimants home.", ["forty claimants"], id="en-forty"),
        pytest.param("en", "They sent 40 claimants home.", ["40 claimants"], id="en-digits"),
        pytest.param("fr", "Il reste quinze dossiers en attente.", ["quinze dossiers"], id="fr-quinze"),
    ],
)
def test_number_spec_takes_number_words_from_the_language_class(
    tmp_path: Path, language: str, text: str, expected: list[str]
) -> None:
    noun = "=claimants" if language == "en" else "=dossiers"
    cfg = pack(tmp_path, f'      - "{{number}} {noun}"', language=language)
    assert found(text, cfg) == expected
    # "one" and "un" are pronouns and articles: never numbers here.
    other = "They sent one claimants home." if language == "en" else "Il reste un dossiers."
    assert found(other, cfg) == []


@pytest.mark.parametrize(
    ("spec", "text", "expected"),
    [
        pytest.param("{number}|=both", "Bag 2 of them now.", "Bag 2 of them", id="number-beside-a-word"),
        pytest.param("{name}|=both", "Bag Smith of them now.", "Bag Smith of them", id="name-beside-a-word"),
    ],
)
def test_number_or_name_beside_words_still_gets_through_the_gate(
    tmp_path: Path, spec: str, text: str, expected: str
) -> None:
    # The gate looks for a sentence's words; "2" and "Smith" are in no word list, so a
    # position that takes them cannot be what the gate asks for, even when it lists words
    # too. Asked for, "both" kept every sentence with a digit or a name out.
    cfg = pack(tmp_path, f'      - "=bag {spec} =of =them"')
    assert found(text, cfg) == [expected]
    assert found("Bag both of them now.", cfg) == ["Bag both of them"]


def test_name_spec(tmp_path: Path) -> None:
    cfg = pack(tmp_path, '      - "=the {name} =case"')
    assert found("Chase the Brennan case today.", cfg) == ["the Brennan case"]
    # Lower case, an acronym or a number is not a name; a class in the same pattern is not either.
    assert found("Chase the brennan case today.", cfg) == []
    assert found("Chase the VAT case today.", cfg) == []
    assert found("Chase the 2024 case today.", cfg) == []
    # A word class next to it keeps its own meaning: "{person}" is not a name.
    other = tmp_path / "other"
    other.mkdir()
    cfg = pack(other, '      - "=the {person} =case"')
    assert found("Chase the Brennan case today.", cfg) == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_generated_person_classes(language: str) -> None:
    path = ROOT / "rules" / language / "people.classes.yaml"
    text = path.read_text(encoding="utf-8")
    assert "GENERATED by tools/build_wordclasses.py" in text
    assert "WordNet" in text and ("Princeton" in text)
    classes = load_shared_classes(language, [])
    assert len(classes["persons"]) > 1000 and len(classes["person"]) > 1000
    sample = {"en": ("=nurses", "=anglers", "=plumbers"), "fr": ("=infirmières", "=boulangers", "=artisans")}[language]
    assert set(sample) <= set(classes["persons"])
    data = yaml.safe_load(text)["classes"]
    assert all(w.startswith("=") for w in data["persons"])


def test_hyphenated_class_member_is_one_word(tmp_path: Path) -> None:
    # The tokenizer splits "account-holders" at the hyphen; a class member written with one
    # still matches, at the start of a pattern too, and a large class finds it.
    cfg = pack(tmp_path, '      - "{persons} =are =irate"')
    assert found("Account-holders are irate.", cfg) == ["Account-holders are irate"]
    assert found("The holders are irate.", cfg) == ["holders are irate"]
    assert found("Account - holders are irate.", cfg) == ["holders are irate"]


def test_large_class_found_before_a_possessive(tmp_path: Path) -> None:
    cfg = pack(tmp_path, '      - "=take =the|=a {person} =\'s =word"')
    assert found("Never take a pensioner's word for it.", cfg) == ["take a pensioner's word"]


def test_entry_level_requires(tmp_path: Path) -> None:
    match = '      - pattern: "=walking =wallets"\n        requires: "{persons}"'
    cfg = pack(tmp_path, match)
    assert found("Retired anglers are walking wallets.", cfg) == ["walking wallets"]
    assert found("The shop sells walking wallets with belt clips.", cfg) == []


def test_entry_level_unless(tmp_path: Path) -> None:
    # The condition silences its own pattern only: the rule's other pattern still fires in
    # the same sentence.
    match = ('      - pattern: "=walking =wallets"\n        unless: "=belt|=clips"\n'
             '      - "=cash =cows"')
    cfg = pack(tmp_path, match)
    assert found("Retired anglers are walking wallets.", cfg) == ["walking wallets"]
    assert found("The shop sells walking wallets with belt clips.", cfg) == []
    assert found("Walking wallets with belt clips, and anglers are cash cows.", cfg) == ["cash cows"]


def test_class_includes_other_classes() -> None:
    classes = load_shared_classes("en", [])
    assert classes["customer"] <= classes["served"]
    assert "=anglers" in classes["served_plural"] and "customers" in classes["served_plural"]


def test_a_pack_continues_in_its_part_files() -> None:
    from framing_lint.api import load_rules
    from framing_lint.rules.loader import pack_files, shipped_packs

    core = shipped_packs("en")["core"]
    assert [p.name for p in pack_files(core)] == ["core.yaml", "core.lexicon.yaml"]
    assert "core.lexicon" not in shipped_packs("en")
    ids = {r.id for r in load_rules("en", Config(packs=("core",)))}
    assert {"target-people", "quarry-verbs", "procedure-formulas"} <= ids


def test_lexicon_pack_is_generated_and_attributed() -> None:
    text = (ROOT / "rules" / "en" / "core.lexicon.yaml").read_text(encoding="utf-8")
    assert text.startswith("# GENERATED by tools/build_lexicon_rules.py")
    assert (ROOT / "tools" / "lexicon" / "README.md").is_file()
