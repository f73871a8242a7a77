"""Names for the temporary folders a process works in, and the removal of those whose
process is gone (killed before it could clean up after itself)."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path


def owned_name(prefix: str) -> str:
    """`prefix`, then this process's id, then a random part: a name no other run can take."""
    return f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"


def remove_abandoned(folder: Path, prefix: str) -> None:
    """Remove what `folder` holds under `owned_name(prefix)` names of processes that are gone.

    A name whose owner cannot be read is left over from a version that did not record it.
    """
    try:
        candidates = [entry for entry in folder.iterdir() if entry.name.startswith(prefix)]
    except OSError:  # the folder is not there, or cannot be listed: nothing of ours in it
        return
    for candidate in candidates:
        owner = candidate.name.removeprefix(prefix).split("-", 1)[0]
        if not owner.isdigit() or not is_running(int(owner)):
            if candidate.is_dir() and not candidate.is_symlink():
                shutil.rmtree(candidate, ignore_errors=True)
            else:
                candidate.unlink(missing_ok=True)


def is_running(pid: int) -> bool:
    """Whether a process of that id exists (a reused id is taken for the owner: kept)."""
    try:
        os.kill(pid, 0)  # no signal is sent: only whether the process exists
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True
