"""An HMAC key per store (reference cache, gradebook folder), so entries a submission could have
written are told from the grader's own: the key is a random file created 0600 in the store's
folder, outside what a sandboxed job can read, and an entry whose MAC does not match is treated
as absent (recomputed or regraded), never trusted and never a crash.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

KEY_NAME = ".loopgrader-key"


def _load_or_create(folder: Path) -> bytes:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / KEY_NAME
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
        # a truncated or planted short key: replace it (every entry it signed becomes a miss)
        tmp = folder / f"{KEY_NAME}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
        os.replace(tmp, path)
        return key
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


class Signer:
    """sign(payload) -> MAC; verify(payload, mac) -> bool. Payloads are JSON-able data, signed
    in a canonical form (sorted keys), with a purpose label so a MAC is never valid elsewhere."""

    def __init__(self, folder: str | Path, purpose: str):
        self.key = _load_or_create(Path(folder))
        self.purpose = purpose.encode()

    def sign(self, payload) -> str:
        data = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(self.key, self.purpose + b"\0" + data, hashlib.sha256).hexdigest()

    def verify(self, payload, mac) -> bool:
        return type(mac) is str and hmac.compare_digest(self.sign(payload), mac)
