"""The vendored grader's fingerprint: what CI installs is byte for byte what the instructor made.

`grader assign` writes the digest of `.loopgrader/` into the Classroom workflow. On the runner
the workflow runs *this file's text* (inlined by the template, with `python -I`, so nothing in
the student's repository is imported) to copy `.loopgrader/` out of the checkout, reading each
file once, and refuses to go on when the copy's digest differs: a student's edited check, an
added plugin or `.pth`, a changed trace, a symbolic link. The grader is then installed from the
copy, never from the student's tree. Standard library only: it runs before anything is installed.

    python -I digest.py SOURCE DEST EXPECTED     # copy SOURCE to DEST, exit 1 on a mismatch
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by POSIX relative path; a symbolic link anywhere is refused
    (it could point at anything on the machine that runs it)."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            raise ValueError(f"{rel} is a symbolic link")
        if path.is_file():
            files[rel] = path.read_bytes()
    return files


def tree_digest(files: dict[str, bytes]) -> str:
    """sha256 over the sorted (path, sha256 of content) pairs: names, contents and the set of
    files all count."""
    total = hashlib.sha256()
    for rel in sorted(files):
        total.update(rel.encode() + b"\0" + hashlib.sha256(files[rel]).hexdigest().encode() + b"\n")
    return total.hexdigest()


def folder_digest(folder: Path) -> str:
    return tree_digest(read_tree(Path(folder)))


def copy_verified(source: Path, dest: Path, expected: str) -> str:
    """Copy `source` to `dest` from the bytes that were hashed; raise ValueError on a mismatch
    (nothing is written then)."""
    files = read_tree(source)
    found = tree_digest(files)
    if found != expected:
        raise ValueError(f"{source} is not the grader this assignment was made with "
                         f"(digest {found[:12]}, expected {expected[:12]})")
    for rel, data in files.items():
        target = dest.joinpath(*rel.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return found


def main(argv: list[str]) -> int:
    source, dest, expected = argv
    try:
        copy_verified(Path(source), Path(dest), expected)
    except (ValueError, OSError) as exc:
        print(f"loopgrader: {exc}. CI grades only with the grader the instructor made: restore "
              f".loopgrader/ as it was in the assignment's first commit "
              f"(git checkout <first commit> -- .loopgrader).", file=sys.stderr)
        return 1
    print(f"loopgrader: {source} verified ({expected[:12]}), copied to {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
