"""The file system is not what it seems (issue 19, class 1): named pipes, devices, sockets and links
round a loop among the records, datasets and archives are reported, never waited on; a full disk
during a build leaves the previous site complete and removes the half-written copy; an --out under
a file is refused. Each case runs ``kb validate`` in its own process with a time limit, so that a
read that would wait forever fails the test instead of hanging it."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kb.files import read_bytes
from kb.yamlfile import YamlProblem
from render.cli import main
from tests.conftest import DATA, REPO

MOUNT, UMOUNT = shutil.which("mount"), shutil.which("umount")
PLAIN = "(hint: remove it: records, datasets and archives are plain files)"
LOOP = "the link points at itself or round a loop (hint: replace it by the file it means)"


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


def _archive(root: Path, make: Callable[[Path], None]) -> None:
    source = root / "sources/s.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace("archive: s.txt", "archive: odd.txt"), encoding="utf-8"
    )
    make(root / "sources/odd.txt")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "a named pipe among the datasets": (
        lambda r: os.mkfifo(r / "data/pipe.yaml"),
        f"data/pipe.yaml: not a regular file but a named pipe {PLAIN}",
    ),
    "a named pipe among the claims": (
        lambda r: os.mkfifo(r / "a/pipe.yaml"),
        f"a/pipe.yaml: not a regular file but a named pipe {PLAIN}",
    ),
    "a socket among the claims": (
        lambda r: _socket(r / "a/sock.yaml"),
        f"a/sock.yaml: not a regular file but a socket {PLAIN}",
    ),
    "a link to itself": (lambda r: (r / "a/self.yaml").symlink_to("self.yaml"), f"a/self.yaml: {LOOP}"),
    "two links to each other": (
        lambda r: ((r / "a/one.yaml").symlink_to("two.yaml"), (r / "a/two.yaml").symlink_to("one.yaml")),
        f"a/one.yaml: {LOOP}",
    ),
    "a dataset linked to itself": (lambda r: (r / "data/self.yaml").symlink_to("self.yaml"), f"data/self.yaml: {LOOP}"),
    "an archive that is a pipe": (
        lambda r: _archive(r, os.mkfifo),
        f"sources/s.yaml:7: archive: archive {{root}}/sources/odd.txt: not a regular file but a named pipe {PLAIN}",
    ),
    "an archive linked to itself": (
        lambda r: _archive(r, lambda p: p.symlink_to("odd.txt")),
        f"sources/s.yaml:7: archive: archive {{root}}/sources/odd.txt: {LOOP}",
    ),
}
if os.geteuid() == 0:  # making a device file needs root (CI runs as root)
    CASES["a device among the claims"] = (
        lambda r: os.mknod(r / "a/zero.yaml", 0o600 | 0o020000, os.makedev(1, 5)),
        f"a/zero.yaml: not a regular file but a device {PLAIN}",
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_what_is_not_a_plain_file_is_reported_never_waited_on(tree, case: str) -> None:
    make, expected = CASES[case]
    root = tree({})
    make(root)
    done = subprocess.run(
        [sys.executable, "-m", "render.cli", "validate", "--claims", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, "KB_CACHE_DIR": "off"},
    )
    errors = [line.removeprefix(f"error: {root}/") for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert expected.format(root=root) in errors, errors


def test_a_file_that_vanished_after_it_was_listed_is_one_error(tmp_path: Path) -> None:
    found = read_bytes(tmp_path / "gone.yaml", tmp_path)
    assert isinstance(found, YamlProblem) and found.message == "cannot read the file: No such file or directory"


def test_an_out_folder_under_a_file_is_refused(runner, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("mine", encoding="utf-8")
    result = runner.invoke(main, ["build", "--claims", str(DATA / "valid"), "--out", str(blocker / "deep/site")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"lies under {blocker}, which is a file, not a folder" in result.output
    assert blocker.read_text(encoding="utf-8") == "mine"


def _mount_small_disk(folder: Path, size: str) -> bool:
    folder.mkdir()
    done = subprocess.run([str(MOUNT), "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_a_full_disk_leaves_the_old_site_complete_and_the_disk_not_full(runner, tmp_path: Path, monkeypatch) -> None:
    disk = tmp_path / "disk"
    if MOUNT is None or UMOUNT is None or not _mount_small_disk(disk, "4m"):
        pytest.skip("a small tmpfs could not be mounted here (it needs root, as in CI)")
    monkeypatch.setenv("KB_CACHE_DIR", "off")
    try:
        claims = shutil.copytree(DATA / "valid", tmp_path / "claims")
        out = disk / "site"
        assert runner.invoke(main, ["build", "--claims", str(claims), "--out", str(out)]).exit_code == 0
        before = _digests(out)
        archive = claims / "sources/alpha.txt"
        archive.write_text(
            archive.read_text(encoding="utf-8") + "A line the archive carries. " * 120_000, encoding="utf-8"
        )
        result = runner.invoke(main, ["build", "--claims", str(claims), "--out", str(out)])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert f"the disk holding {disk} is full" in result.output and "half-written copy was removed" in result.output
        assert _digests(out) == before
        assert shutil.disk_usage(disk).free > 2_000_000, "the half-written copy was left on the disk"
    finally:
        subprocess.run([str(UMOUNT), str(disk)], check=False)


@pytest.mark.parametrize(
    "command",
    [
        [
            "new",
            "--source",
            "alpha",
            "--statement",
            "Everyone computes the same answer.",
            "--statement-zh",
            "大家算出同樣的答案。",
            "--quote",
            "as anyone can compute",
            "--supports",
            "alpha/answer",
        ],
        ["add-value", "gpus", "toy-gpu", "tdp", "700", "W", "--source", "alpha", "--at", "section 2", "--label", "Toy"],
    ],
    ids=["kb new", "kb add-value"],
)
def test_a_read_only_claims_folder_is_one_clear_error(runner, tmp_path: Path, command: list[str]) -> None:
    disk = tmp_path / "disk"
    if MOUNT is None or UMOUNT is None or not _mount_small_disk(disk, "8m"):
        pytest.skip("a small tmpfs could not be mounted here (it needs root, as in CI)")
    try:
        shutil.copytree(DATA / "valid", disk, dirs_exist_ok=True)
        before = _digests(disk)
        subprocess.run([str(MOUNT), "-o", "remount,ro", str(disk)], check=True)
        result = runner.invoke(main, [*command, "--claims", str(disk)])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert f"cannot write in {disk}: Read-only file system; nothing was changed" in result.output
        assert _digests(disk) == before
    finally:
        subprocess.run([str(UMOUNT), str(disk)], check=False)
