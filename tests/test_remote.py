"""Paths given as URLs: an S3 bucket on a real S3 API (moto's server on localhost),
file:// and zip:// URLs; walked like folders, read by the workers."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from framing_lint import api
from framing_lint.config import Config
from tests.conftest import S3, run_cli

LEXICAL = Config(models={"en": "none", "fr": "none"})
JARGON = "We will target young families.\n"
LETTERS: dict[str, str | bytes] = {
    **{f"letters/{i:02}.md": (JARGON if i % 2 else "Thank you for writing.\n") for i in range(10)},
    "letters/fr/avis.txt": "Merci de compléter votre dossier sinistre.\n",
    "letters/archive/old.md": JARGON,  # ignored by letters/.gitignore
    "letters/.gitignore": "archive/\n",
    "letters/drafts/draft.md": JARGON,  # excluded by the config
    "letters/logo.png": b"\x89PNG\r\n\x1a\n\0\0",  # not a format: not listed
    "letters/scan.md": b"\0\0\0binary",  # binary: skipped
}


def _local_copy(tmp_path: Path) -> Path:
    for key, body in LETTERS.items():
        p = tmp_path / key
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
    return tmp_path / "letters"


def test_a_bucket_is_walked_and_linted_like_a_folder(s3: S3, tmp_path: Path) -> None:
    url = s3.bucket("walked-policies", LETTERS) + "/letters/"
    cfg = LEXICAL._replace(exclude=("drafts/",))
    remote = api.lint_paths([url], config=cfg, jobs=2)
    local = api.lint_paths([_local_copy(tmp_path)], config=cfg._replace(base_dir=str(tmp_path / "letters")), jobs=1)
    assert remote.errors == local.errors == []
    assert (remote.files, remote.skipped) == (local.files, local.skipped) == (11, 1)
    strip = len(str(tmp_path / "letters"))
    assert [f._replace(path=f.path.removeprefix("s3://walked-policies/letters")) for f in remote.findings] == \
           [f._replace(path=f.path[strip:]) for f in local.findings]
    assert {f.path for f in remote.findings} >= {"s3://walked-policies/letters/01.md", "s3://walked-policies/letters/fr/avis.txt"}


def test_the_command_reads_credentials_from_the_environment_and_never_prints_them(s3: S3, tmp_path: Path) -> None:
    url = s3.bucket("handbook", {"a.md": JARGON, "b.md": "Fine.\n"})
    (tmp_path / ".framing-lint.yaml").write_text("models: {en: none, fr: none}\n", encoding="utf-8")
    got = run_cli("check", f"{url}/", "s3://no-such-bucket/x/", f"{url}/missing.md", "--format", "json", "-j", "2",
                  cwd=tmp_path, env=s3.env)
    assert got.returncode == 2
    assert [f["path"] for f in json.loads(got.stdout)] == [f"{url}/a.md"]
    assert "s3://no-such-bucket/x/: no such file or folder" in got.stderr
    assert f"{url}/missing.md: no such file or folder" in got.stderr
    assert "Traceback" not in got.stderr
    for secret in (S3.SECRET, "framing-lint-test"):
        assert secret not in got.stdout + got.stderr
    wrong = run_cli("check", f"{url}/", cwd=tmp_path, env={**s3.env, "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
                                                         "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
                                                         "AWS_CONFIG_FILE": str(tmp_path / "none")})
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert S3.SECRET not in wrong.stdout + wrong.stderr


def test_file_and_zip_urls(tmp_path: Path) -> None:
    folder = _local_copy(tmp_path)
    archive = tmp_path / "letters.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                z.write(p, p.relative_to(tmp_path).as_posix())
    on_disk = api.lint_paths([folder], config=LEXICAL)
    as_file_url = api.lint_paths([folder.as_uri()], config=LEXICAL)
    in_zip = api.lint_paths([f"zip://letters::{archive.as_uri()}"], config=LEXICAL, jobs=2)
    names = [Path(f.path).relative_to(folder).as_posix() for f in on_disk.findings]
    assert [f.path.removeprefix(folder.as_uri() + "/") for f in as_file_url.findings] == names
    assert [f.path.removeprefix("zip://letters/").removesuffix(f"::{archive.as_uri()}") for f in in_zip.findings] == names
    assert in_zip.findings[0].path == f"zip://letters/01.md::{archive.as_uri()}"  # a worker can open it by that name
    assert in_zip.errors == []


def test_an_unknown_kind_of_url_is_a_clear_error(tmp_path: Path) -> None:
    got = run_cli("check", "nosuchproto://bucket/x", cwd=tmp_path)
    assert got.returncode == 2
    assert "nosuchproto://bucket/x: cannot open this kind of URL" in got.stderr
    assert "Traceback" not in got.stderr


@pytest.mark.parametrize("name", ["s3://b/k", "file:///tmp/x", "zip://a::file:///b.zip", "gs://b/p/", "az://c/p"])
def test_urls_are_told_from_paths(name: str) -> None:
    from framing_lint.remote import is_url

    assert is_url(name)
    assert not is_url(name.replace("://", "_"))
    assert not is_url("C:\\letters\\a.md")
