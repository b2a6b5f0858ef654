"""Files named by URL (``s3://bucket/prefix/``, ``gs://``, ``az://``, ``file://``,
``zip://inner::file:///archive.zip``): listed, tested and read through fsspec.

fsspec and the store's own package (s3fs, gcsfs, adlfs) are optional extras, imported only
when a URL is given. Credentials come from where each store's library looks for them (for
S3: ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_ENDPOINT_URL``, profiles, instance
roles); framing-lint never reads, stores or prints them.

A folder URL is walked like a local folder: the same extensions, ``formats`` globs, config
``exclude`` patterns (relative to the URL given) and ``.gitignore`` files, files in name order
before sub-folders. Names keep the URL form, with a chained URL's outer part (``::...``) kept,
so a worker on another machine can open each file by its name.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

# Extras that bring each protocol's implementation, for the error message.
_EXTRAS = {"s3": "s3", "s3a": "s3", "gs": "gcs", "gcs": "gcs", "az": "azure", "abfs": "azure", "abfss": "azure"}


def is_url(name: str) -> bool:
    """``s3://...``, ``file://...``: a name fsspec opens (a Windows drive ``C:\\`` is not one)."""
    scheme, sep, _ = name.partition("://")
    return bool(sep) and len(scheme) > 1 and scheme.replace("+", "").replace("-", "").replace(".", "").isalnum()


class RemoteError(Exception):
    """A URL that cannot be used at all (unknown protocol, missing package)."""


def _fs(url: str) -> tuple[Any, str, str]:
    """``(filesystem, path inside it, chained suffix "::..." or "")``."""
    try:
        import fsspec
    except ImportError:
        raise RemoteError(f"{url}: reading URLs needs fsspec: pip install 'framing-lint[s3]' (or [gcs], [azure])") from None
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        protocol = url.split("://", 1)[0].lower()
        extra = _EXTRAS.get(protocol)
        hint = f": pip install 'framing-lint[{extra}]'" if extra else ""
        raise RemoteError(f"{url}: cannot open this kind of URL ({exc}){hint}") from None
    _, sep, rest = url.partition("::")
    return fs, path, sep + rest


def _name(fs: Any, path: str, suffix: str) -> str:
    return fs.unstrip_protocol(path) + suffix  # type: ignore[no-any-return]


def exists(url: str) -> bool:
    fs, path, _ = _fs(url)
    return bool(fs.exists(path))


def read_bytes(url: str) -> bytes:
    fs, path, _ = _fs(url)
    return fs.cat_file(path)  # type: ignore[no-any-return]


def canonical(url: str) -> str:
    """``url`` named as :func:`walk` names the files under it (``s3://bucket/docs``)."""
    fs, path, suffix = _fs(url)
    return _name(fs, path.rstrip("/"), suffix)


def walk(url: str, excluded: Callable[[str, bool], bool], lintable: Callable[[str], bool],
         skip_dirs: frozenset[str], first: Callable[[str], bool]) -> Iterator[str]:
    """The files to lint under ``url`` (or ``url`` itself when it names a file), listed one
    folder at a time as they are yielded.

    ``excluded(relative_path, is_dir)`` applies the config's excludes, relative to ``url``;
    ``lintable(name)`` says whether a file found in a folder is one of the formats;
    ``first(name)`` whether a file was not listed already (named paths that overlap).
    """
    from framing_lint.globs import match_relative

    fs, root, suffix = _fs(url)
    root = root.rstrip("/")

    def relative(path: str, base: str) -> str:
        return path[len(base):].lstrip("/") if base else path.lstrip("/")

    if fs.isfile(root):
        name = _name(fs, root, suffix)
        if first(name):
            yield name
        return
    # (folder, the .gitignore patterns that apply to it, each with its own folder)
    stack: list[tuple[str, list[tuple[str, tuple[str, ...]]]]] = [(root, [])]
    while stack:
        directory, ignores = stack.pop()
        entries = sorted(fs.ls(directory, detail=True), key=lambda e: e["name"])
        files = [e["name"].rstrip("/") for e in entries if e.get("type") != "directory"]
        dirs = [e["name"].rstrip("/") for e in entries if e.get("type") == "directory"]
        if any(f.rsplit("/", 1)[-1] == ".gitignore" for f in files):
            lines = _gitignore(fs, f"{directory}/.gitignore" if directory else ".gitignore")
            if lines:
                ignores = [*ignores, (directory, lines)]

        def skip(path: str, is_dir: bool) -> bool:
            if excluded(relative(path, root), is_dir):
                return True
            return any(match_relative(lines, relative(path, base), is_dir=is_dir) for base, lines in ignores)

        for path in files:
            if not lintable(path.rsplit("/", 1)[-1]) or skip(path, False):
                continue
            name = _name(fs, path, suffix)
            if first(name):
                yield name
        for path in reversed(dirs):
            if path == directory or path.rsplit("/", 1)[-1] in skip_dirs or skip(path, True):
                continue
            stack.append((path, ignores))


def _gitignore(fs: Any, path: str) -> tuple[str, ...]:
    try:
        text = fs.cat_file(path).decode("utf-8", "replace")
    except OSError:
        return ()
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
