from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI_PACK = ROOT / "tests" / "fixtures" / "mini-pack.yaml"


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "framing_lint", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, env=full_env, timeout=300,
    )


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A folder whose config turns on only the small test pack, lexical mode."""
    (tmp_path / ".framing-lint.yaml").write_text(
        f"packs: []\nrule_files: [{MINI_PACK.as_posix()}]\nmodels: {{en: none, fr: none}}\n", encoding="utf-8"
    )
    return tmp_path


class S3:
    """A real S3 API on localhost (moto's server mode) and the environment that reaches it."""

    SECRET = "s3cr3t-4f9a-never-in-any-output"

    def __init__(self, port: int) -> None:
        self.endpoint = f"http://127.0.0.1:{port}"
        self.env = {"AWS_ACCESS_KEY_ID": "framing-lint-test", "AWS_SECRET_ACCESS_KEY": self.SECRET,
                    "AWS_ENDPOINT_URL": self.endpoint, "AWS_DEFAULT_REGION": "us-east-1"}

    def bucket(self, name: str, files: dict[str, str | bytes]) -> str:
        """A new bucket holding ``files``; the server lives for the session, so each test
        names its own bucket."""
        import boto3

        client = boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
                              aws_secret_access_key=self.SECRET, region_name="us-east-1")
        client.create_bucket(Bucket=name)
        for key, body in files.items():
            client.put_object(Bucket=name, Key=key, Body=body.encode("utf-8") if isinstance(body, str) else body)
        return f"s3://{name}"


@pytest.fixture(scope="session")
def s3() -> Iterator[S3]:
    """moto's S3 server on a free local port; its credentials in os.environ for the session
    (so worker processes started afterwards, Dask's included, inherit them)."""
    import logging
    import socket

    from moto.server import ThreadedMotoServer

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    store = S3(port)
    saved = {k: os.environ.get(k) for k in store.env}
    os.environ.update(store.env)
    try:
        yield store
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        server.stop()
