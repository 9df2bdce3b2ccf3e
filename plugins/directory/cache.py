"""Caches that builds keep between runs: in the user's own cache folder (never where a content
tree or a pull request can write), and never trusted unless signed with the user's key, since
what they hold is read back with pickle."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import os
import pickle
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

KEY_BYTES = 32
MAC_BYTES = 32  # HMAC-SHA256


def cache_root(environ: Mapping[str, str] = os.environ) -> Path:
    """This user's cache folder for the project: $XDG_CACHE_HOME (when absolute, as the XDG
    spec asks) or ~/.cache ($HOME's), then harbour-crossings/."""
    xdg = environ.get("XDG_CACHE_HOME", "")
    home = Path(environ["HOME"]) if environ.get("HOME") else Path.home()
    return (Path(xdg) if os.path.isabs(xdg) else home / ".cache") / "harbour-crossings"


def signing_key(root: Path | None = None) -> bytes:
    """This user's secret for signing caches: random bytes in the cache root, made once and
    readable by the user only. A lost or damaged key only means caches are rebuilt."""
    root = root or cache_root()
    path = root / "key"
    with contextlib.suppress(FileNotFoundError):
        key = path.read_bytes()
        if len(key) == KEY_BYTES:
            return key
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    fresh = root / f".key-{secrets.token_hex(8)}"
    with os.fdopen(os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
        file.write(secrets.token_bytes(KEY_BYTES))
    try:
        if path.exists():
            os.replace(fresh, path)  # damaged
        else:
            os.link(fresh, path)  # never over a key another build has just made
    except FileExistsError:
        pass
    finally:
        fresh.unlink(missing_ok=True)
    return path.read_bytes()


def read_signed(
    path: Path, key: bytes, *, persistent_load: Callable[[Any], Any] | None = None
) -> Any | None:
    """What write_signed stored at path, or None when there is nothing there or its signature
    does not match (it is then never unpickled). persistent_load: as pickle's, for what the
    writer's persistent_id left out."""
    data = verified(path, key)
    return None if data is None else unpickled(data, persistent_load=persistent_load)


def verified(path: Path, key: bytes) -> bytes | None:
    """The file write_signed stored at path, read whole, when its signature matches this
    user's key; else None. What was checked is a copy of its own, so what is unpickled later is
    the very bytes checked, whatever is written to the file meanwhile. Reading and hashing let
    go of the interpreter's lock: this may run in a thread while the build does other work."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return None
    if len(data) <= MAC_BYTES:
        return None
    with memoryview(data) as whole:
        mac, body = whole[:MAC_BYTES], whole[MAC_BYTES:]
        signed = hmac.compare_digest(mac, hmac.new(key, body, hashlib.sha256).digest())
        mac.release()
        body.release()
    return data if signed else None


def unpickled(data: bytes, *, persistent_load: Callable[[Any], Any] | None = None) -> Any | None:
    """The value in what verified() returned, or None when it does not unpickle (an older
    version's classes: the cache is rebuilt). Read in place, past the signature: not sliced,
    which would copy 100 MB."""
    stream = io.BytesIO(data)  # shares data's bytes until written to
    stream.seek(MAC_BYTES)
    unpickler = pickle.Unpickler(stream)
    if persistent_load is not None:
        unpickler.persistent_load = persistent_load  # type: ignore[method-assign]
    try:
        return unpickler.load()  # signed by this user's key: written by this user's build
    except Exception:
        return None


def pickled(value: Any, *, persistent_id: Callable[[Any], Any] | None = None) -> bytes:
    """value as write_signed stores it. persistent_id: as pickle's, for objects stored by a
    name (read back with read_signed's persistent_load)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    if persistent_id is not None:
        pickler.persistent_id = persistent_id  # type: ignore[method-assign]
    pickler.dump(value)
    return buffer.getvalue()


def write_signed(path: Path, key: bytes, body: bytes) -> None:
    """Store body (a value pickled()) at path, signed, replacing the file whole."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    with open(temporary, "wb") as file:
        file.write(hmac.new(key, body, hashlib.sha256).digest() + body)
    os.replace(temporary, path)
