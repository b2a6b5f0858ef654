"""Verb frames: one rule entry for a verb done to people, in every voice and word order.

A rule that says "target said of people" should not list "target young renters",
"young renters should be targeted", "the renters we want to target" and "les retraités que
nous avions ciblés" one by one. A frame entry names the verb and what it is done to::

    match:
      - verb: "target|retarget"
        object: people

and is expanded here, per language, into ordinary token patterns (docs/rules.md lists
them): the active verb before its object, the passive with its auxiliaries, the participle
after the noun ("the families targeted by the campaign", "les clients ciblés"), and the
object relative clause ("the drivers we target", "les retraités que nous ciblons").

The templates use word classes each language defines in ``rules/<lang>/classes.yaml``
(``det``, ``aux_chain``, ``subj``, ``closed`` for the ``~N`` modifier gap) and the
generated person classes (``person``, ``persons``, ``group``, ``groups``). The grammar
lives here; the words stay data.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

# What a frame's verb is done to: the singular and the plural alternatives.
OBJECTS: dict[str, tuple[str, str]] = {
    "people": ("{person}|{group}|{org}", "{persons}|{groups}|{orgs}"),
    "persons": ("{person}|{group}", "{persons}|{groups}"),
    "served": ("{served}", "{served_plural}"),
    "customers": ("{customer}", "{customer_plural}"),
}

# $V: every form of the verb; $PP: its past participles; $ONE / $MANY: the object.
TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        # target young renters / acquire 3,400 new policyholders / target the family
        "active": "$V {det} ~3 $ONE",
        "active_plural": "$V ?{det} ~3 $MANY",
        # young renters should be targeted / are now being targeted / were retargeted
        "passive": "$ONE|$MANY {aux_chain} ?{aux_chain} ?{aux_chain} ?{aux_chain} $PP",
        # the grandparents targeted by the campaign / customers acquired through partners
        "participle": "$MANY $PP {after_participle}",
        # the truck drivers we want to target / customers that we converted
        "relative": "$ONE|$MANY ?=that|=whom|=who {subj} *3 $V",
        # the families whom the campaign targets
        "relative_noun": "$ONE|$MANY =that|=whom {det} ~2 $V",
        # freelance designers, whom we targeted in the spring, ...
        "relative_comma": "$ONE|$MANY =, =whom|=who {subj} *3 $V",
        # hobby beekeepers, targeted through the county show, ...
        "appositive": "$ONE|$MANY =, ?=first|=mainly|=mostly|=largely|=heavily|=already|=often|=once $PP {after_participle}",
        # Targeted through the county show, hobby beekeepers ... (the participle opens the
        # sentence and the people follow its phrase)
        "fronted": "$PP {after_participle} *6 =, ?{det} ~3 $ONE|$MANY",
        # poach the rival gym's members / steal Vodafone's customers
        "possessive": "$V ?{det} ~2 ='s|=' ~2 $MANY",
        # dormant savers: target them in March / hook them with a free month
        "pronoun": "$ONE|$MANY *8 $V =them|=him|=her",
        "pronoun_label": "$ONE|$MANY =: *5 $V =them|=him|=her",
        # which of the cafe owners did we manage to convert / how many of the trialists
        # did we convert / how many passengers did the team convert
        "question": "=which|=how ?=many ?=of ?{det} ~3 $MANY =did|=do|=does|=can|=could|=should|=will|=have|=had *4 $V",
        # who did the team target / who should the new card target first
        "question_who": "=who|=whom =did|=do|=does|=should|=will|=can|=could|=must ?{det} *2 $V",
        # is this segment worth targeting / beekeepers are a group worth converting
        "worth": "$ONE|$MANY *4 =worth ?=really|=also|=still $V",
    },
    "fr": {
        # cibler les jeunes conducteurs / ciblions davantage les auto-entrepreneurs
        "active": "$V ?{adv} {det} ?{qualif} ?{qualif} $ONE|$MANY",
        # les primo-accédants seront ciblés / ont été ciblés
        "passive": "$ONE|$MANY ~1 {aux_chain} ?{aux_chain} ?{aux_chain} ?{aux_chain} $PP",
        # les clients ciblés / le public ciblé / les aides-soignantes ciblées par la campagne
        "participle": "$ONE|$MANY ~1 $PP",
        # les retraités que nous avions ciblés / une population qu'on cible
        "relative": "$ONE|$MANY ~1 =que|=qu' *4 $V",
    },
}


class FrameError(ValueError):
    pass


def participles(verb_alternatives: str, language: str, inflect: Callable[..., frozenset[str]]) -> str:
    """The past participle forms of each verb alternative (a lemma), as exact forms."""
    out: set[str] = set()
    for alt in verb_alternatives.split("|"):
        if alt.startswith("="):  # an exact form: the rule gives its participles itself
            continue
        for form in inflect(alt, "verb"):
            if language == "fr":
                if form.endswith(("é", "ée", "és", "ées", "is", "ise", "ises", "it", "ite", "its", "ites", "u", "ue", "us", "ues")):
                    out.add("=" + form)
            elif form.endswith("ed") or form.endswith(("en", "wn", "ught", "ought", "ealt", "ost", "ept", "eld", "old", "ent", "ade", "ound", "ung", "uck")):
                out.add("=" + form)
    if not out:
        raise FrameError(f"no past participle found for {verb_alternatives!r}; give them in 'participle' (e.g. \"=acquis|=acquise\")")
    return "|".join(sorted(out))


def expand(entry: Mapping[str, object], language: str, inflect: Callable[..., frozenset[str]]) -> list[str]:
    """The token patterns of one frame entry (``verb``, ``object``, optional ``forms`` and
    ``participle``)."""
    verb = entry.get("verb")
    if not isinstance(verb, str) or not verb.strip() or " " in verb.strip():
        raise FrameError("a frame's 'verb' is one token spec, e.g. \"target|retarget\"")
    obj = entry.get("object", "people")
    if isinstance(obj, str) and obj in OBJECTS:
        one, many = OBJECTS[obj]
    elif isinstance(obj, Mapping) and isinstance(obj.get("one"), str) and isinstance(obj.get("many"), str):
        one, many = str(obj["one"]), str(obj["many"])
    else:
        raise FrameError(f"a frame's 'object' is one of {', '.join(OBJECTS)} or a mapping with 'one' and 'many' class specs")
    templates = TEMPLATES.get(language)
    if templates is None:
        raise FrameError(f"no verb frames for language {language!r}")
    wanted = entry.get("forms")
    if wanted is None:
        names = list(templates)
    elif isinstance(wanted, list) and all(isinstance(w, str) and w in templates for w in wanted):
        names = list(wanted)
    else:
        raise FrameError(f"a frame's 'forms' is a list of: {', '.join(templates)}")
    given = entry.get("participle")
    if given is not None and (not isinstance(given, str) or " " in given.strip()):
        raise FrameError("a frame's 'participle' is one token spec, e.g. \"=acquis|=acquise|=acquises\"")
    pp = given.strip() if isinstance(given, str) else participles(verb.strip(), language, inflect)
    out = []
    for name in names:
        pattern = templates[name].replace("$ONE|$MANY", f"{one}|{many}")
        pattern = pattern.replace("$ONE", one).replace("$MANY", many)
        pattern = pattern.replace("$PP", pp).replace("$V", verb.strip())
        out.append(pattern)
    return out
