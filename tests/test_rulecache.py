from __future__ import annotations

import json
import os
import time
from pathlib import Path

from tests.conftest import MINI_PACK, run_cli


def test_cache_is_used_and_invalidated_by_a_rule_change(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(MINI_PACK.read_text(encoding="utf-8"), encoding="utf-8")
    past = time.time() - 60  # a rule file changed in the last two seconds is never cached
    os.utime(pack, (past, past))
    (tmp_path / ".framing-lint.yaml").write_text("packs: []\nrule_files: [pack.yaml]\nmodels: {en: none}\n", encoding="utf-8")
    env = {"FRAMING_LINT_CACHE_DIR": str(tmp_path / "cache")}
    args = ("check", "-", "--format", "json")
    first = run_cli(*args, cwd=tmp_path, stdin="Open a claim file.\n", env=env)
    assert [f["rule"] for f in json.loads(first.stdout)] == ["claim-file"]
    assert list((tmp_path / "cache").glob("*.pickle"))
    again = run_cli(*args, cwd=tmp_path, stdin="Open a claim file.\n", env=env)
    assert again.stdout == first.stdout
    # Editing the rule file must never be hidden by the cache.
    pack.write_text(pack.read_text(encoding="utf-8").replace('match: ["claim file"]', 'match: ["claim folder"]'), encoding="utf-8")
    future = time.time() + 5
    os.utime(pack, (future, future))
    changed = run_cli(*args, cwd=tmp_path, stdin="Open a claim file.\n", env=env)
    assert json.loads(changed.stdout) == []


def test_unwritable_cache_folder_is_ignored(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    (tmp_path / ".framing-lint.yaml").write_text(f"packs: []\nrule_files: [{MINI_PACK.as_posix()}]\nmodels: {{en: none}}\n", encoding="utf-8")
    r = run_cli("check", "-", cwd=tmp_path, stdin="Open a claim file.\n", env={"FRAMING_LINT_CACHE_DIR": str(blocker / "cache")})
    assert r.returncode == 1 and "claim-file" in r.stdout


def _probe(cache: Path, text: str) -> str:
    """Lint ``text`` with the shipped packs in a fresh interpreter; report what it loaded."""
    import subprocess
    import sys

    code = (
        "import sys; from framing_lint import lint_text; from framing_lint.config import Config;"
        "cfg = Config(models={'en': 'none', 'fr': 'none'}, language='en');"
        f"found = [f.rule for f in lint_text({text!r}, config=cfg)];"
        "print(found, 'framing_lint.rules.model' in sys.modules, 'yaml' in sys.modules)"
    )
    env = {**os.environ, "FRAMING_LINT_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.strip()


def test_clean_text_reads_only_the_gate_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    # The first run compiles (YAML, rule model) and writes the cache.
    assert _probe(cache, "We will target families.") == "['target-people'] True True"
    # A clean text then needs the gate only: the rules are never unpickled.
    assert _probe(cache, "The target date is Monday.") == "[] False False"
    # Text with a candidate reads the rules from the cache, still without YAML.
    assert _probe(cache, "We will target families.") == "['target-people'] True False"


def test_broken_rules_part_of_the_cache_falls_back_to_compiling(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _probe(cache, "We will target families.")
    (entry,) = cache.glob("*.pickle")
    import io
    import pickle

    stream = io.BytesIO(entry.read_bytes())
    pickle.load(stream)  # the gate stays intact ...
    entry.write_bytes(entry.read_bytes()[: stream.tell()] + b"not a pickle")  # ... the rules do not
    assert _probe(cache, "We will target families.") == "['target-people'] True True"


def test_cache_folder_keeps_a_bounded_number_of_files(tmp_path: Path) -> None:
    from framing_lint import rulecache

    cache = tmp_path / "cache"
    cache.mkdir()
    for i in range(rulecache._KEEP + 10):
        old = cache / f"{i:032x}.pickle"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    _probe(cache, "We will target families.")
    left = sorted(p.name for p in cache.glob("*.pickle"))
    assert len(left) == rulecache._KEEP
    assert f"{0:032x}.pickle" not in left  # the oldest went first


def test_a_text_with_candidates_unpickles_only_the_rules_it_needs(tmp_path: Path) -> None:
    import subprocess
    import sys

    cache = tmp_path / "cache"
    _probe(cache, "We will target families.")
    code = (
        "from framing_lint import api, lint_text; from framing_lint.config import Config;"
        "cfg = Config(models={'en': 'none', 'fr': 'none'}, language='en');"
        "found = [f.rule for f in lint_text('We will target families.', config=cfg)];"
        "(store,) = api._rule_stores.values();"
        "print(found, sum(r is not None for r in store._rules) < len(store._rules) // 4)"
    )
    env = {**os.environ, "FRAMING_LINT_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.strip()
    assert out == "['target-people'] True"


def _layout(entry: Path) -> tuple[tuple[object, ...], int]:
    """The head of a rule cache file and where its body starts (see rulecache.load)."""
    import io
    import pickle

    stream = io.BytesIO(entry.read_bytes())
    head = pickle.load(stream)
    return head, stream.tell()


def _written_cache(cache: Path) -> tuple[Path, tuple[object, ...], int]:
    """Lint one sentence so the English rules are cached; the file, its head and body start."""
    _probe(cache, "We will target families.")
    (entry,) = cache.glob("*.pickle")
    head, start = _layout(entry)
    return entry, head, start


def test_one_broken_rule_in_the_cache_falls_back_to_compiling(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    entry, head, start = _written_cache(cache)
    data = bytearray(entry.read_bytes())
    for offset, length in head[4]:  # every rule's pickle, each left its length
        data[start + offset:start + offset + length] = b"broken".ljust(length, b"\x00")
    entry.write_bytes(bytes(data))
    assert _probe(cache, "We will target families.") == "['target-people'] True True"


def test_a_cache_file_cut_short_falls_back_to_compiling(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    entry, head, start = _written_cache(cache)
    last_set = max(offset + length for offset, length in head[3])  # the rules are all gone
    entry.write_bytes(entry.read_bytes()[:start + last_set])
    assert _probe(cache, "We will target families.") == "['target-people'] True True"


def test_a_cache_file_for_another_key_is_not_used(tmp_path: Path) -> None:
    import pickle

    cache = tmp_path / "cache"
    entry, head, start = _written_cache(cache)
    rest = entry.read_bytes()[start:]
    # Same file name, different key inside (a checksum clash): compiled again, not trusted.
    entry.write_bytes(pickle.dumps(("another key", *head[1:])) + rest)
    assert _probe(cache, "We will target families.") == "['target-people'] True True"


def test_large_word_sets_are_stored_once_and_read_only_when_needed(tmp_path: Path) -> None:
    import pickle

    cache = tmp_path / "cache"
    entry, head, start = _written_cache(cache)
    data = entry.read_bytes()
    # The gate that every run reads holds no person nouns: they sit in the body.
    assert b"anglers" not in pickle.dumps(head[2])
    shared = [pickle.loads(data[start + offset:start + offset + length]) for offset, length in head[3]]
    assert shared and all(len(s) > 200 for s in shared)
    # Once per distinct word set, not once per pattern that uses it. Count the pickled
    # string itself (SHORT_BINUNICODE, length 7): "wranglers" contains "anglers" too.
    assert data.count(b"\x8c\x07anglers") <= len(shared)
    assert _probe(cache, "We will target anglers.") == "['target-people'] True False"


def test_a_broken_word_set_part_means_compiling(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    entry, head, start = _written_cache(cache)
    data = bytearray(entry.read_bytes())
    for offset, _ in head[3]:  # the start of every word set's pickle
        data[start + offset:start + offset + 40] = b"\x00" * 40
    entry.write_bytes(bytes(data))
    assert _probe(cache, "We will target anglers.") == "['target-people'] True True"


def _lint_with_cache(tmp_path: Path, cache: Path, text: str) -> list[str]:
    r = run_cli("check", "-", "--format", "json", cwd=tmp_path, stdin=text, env={"FRAMING_LINT_CACHE_DIR": str(cache)})
    assert "Traceback" not in r.stderr, r.stderr
    return [f["rule"] for f in json.loads(r.stdout)]


def _cache_file_name(tmp_path: Path, cache: Path) -> str:
    """The name the run in ``tmp_path`` gives its English cache file (computed as it would)."""
    import subprocess
    import sys

    code = ("from framing_lint import rulecache; from framing_lint.config import load_config;"
            "print(rulecache._file_name(rulecache._key('en', load_config('.'))))")
    env = {**os.environ, "FRAMING_LINT_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
                          env=env).stdout.strip()


EVIL = """
import os, pickle
class Evil:
    def __reduce__(self):
        return (os.system, ("touch {marker}",))
payload = pickle.dumps((Evil(),))
"""


def _plant(path: Path, marker: Path) -> None:
    scope: dict[str, object] = {}
    exec(EVIL.format(marker=marker), scope)  # noqa: S102 - builds the hostile file of the test
    path.write_bytes(scope["payload"])  # type: ignore[arg-type]


def test_a_pickle_planted_in_a_cache_folder_others_can_write_is_never_loaded(tmp_path: Path) -> None:
    (tmp_path / ".framing-lint.yaml").write_text(f"packs: []\nrule_files: [{MINI_PACK.as_posix()}]\nmodels: {{en: none}}\n",
                                                 encoding="utf-8")
    marker = tmp_path / "pwned"
    shared = tmp_path / "shared-ci-volume"
    shared.mkdir()
    os.chmod(shared, 0o777)  # FRAMING_LINT_CACHE_DIR on a volume every job can write to
    _plant(shared / _cache_file_name(tmp_path, shared), marker)
    assert _lint_with_cache(tmp_path, shared, "Open a claim file.\n") == ["claim-file"]
    assert not marker.exists(), "a pickle from a folder others can write to was loaded"
    assert len(list(shared.iterdir())) == 1  # and nothing is written there either

    # A private folder, but the file itself writable by others.
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    planted = private / _cache_file_name(tmp_path, private)
    _plant(planted, marker)
    os.chmod(planted, 0o666)
    assert _lint_with_cache(tmp_path, private, "Open a claim file.\n") == ["claim-file"]
    assert not marker.exists(), "a pickle others can write to was loaded"

    if os.geteuid() == 0:  # root: a folder and file owned by another user are not trusted either
        foreign = tmp_path / "foreign"
        foreign.mkdir(mode=0o700)
        planted = foreign / _cache_file_name(tmp_path, foreign)
        _plant(planted, marker)
        os.chmod(planted, 0o600)
        os.chown(planted, 65534, 65534)
        os.chown(foreign, 65534, 65534)
        assert _lint_with_cache(tmp_path, foreign, "Open a claim file.\n") == ["claim-file"]
        assert not marker.exists(), "a pickle owned by another user was loaded"


def test_a_rule_file_edited_within_the_same_timestamp_is_never_served_stale(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    original = MINI_PACK.read_text(encoding="utf-8")
    pack.write_text(original, encoding="utf-8")
    (tmp_path / ".framing-lint.yaml").write_text("packs: []\nrule_files: [pack.yaml]\nmodels: {en: none}\n", encoding="utf-8")
    cache = tmp_path / "cache"
    assert _lint_with_cache(tmp_path, cache, "Open a claim file.\n") == ["claim-file"]
    # The file is edited again (same size) so quickly that its timestamp does not move, as
    # when an editor saves while a run compiles it: the next run must read the new rule.
    stamp = pack.stat().st_mtime_ns
    edited = original.replace('match: ["claim file"]', 'match: ["claim fold"]')
    assert len(edited) == len(original)
    pack.write_text(edited, encoding="utf-8")
    os.utime(pack, ns=(stamp, stamp))
    assert _lint_with_cache(tmp_path, cache, "Open a claim file.\n") == []
    assert _lint_with_cache(tmp_path, cache, "Open a claim fold.\n") == ["claim-file"]
