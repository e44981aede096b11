"""Turn what an instructor has into nbgrader's layout, SUBMISSIONS/<student>/<assignment ID>/<notebook>.ipynb.

Accepted (`python -m autograder grade --submissions PATH`):

- nbgrader's layout itself (a folder of student folders, each holding <ID>/ folders): used as it is;
- a flat folder of notebooks, one per student, named <student>.ipynb;
- a .zip exported from an LMS, holding either of the above, or files named the way nbgrader's
  zip_collect expects by default: <anything>_<student>_attempt_<timestamp>_<file>.ipynb (Blackboard).

Zip members are checked before anything is written: no absolute paths or "..", no links, and at most
ZIP_LIMIT_BYTES unpacked in all, so a hostile archive cannot write outside the work folder or fill the disk.
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

LMS_NAME = re.compile(r".*_(?P<student_id>[A-Za-z0-9.\-]+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>.+)\.ipynb$")
SAFE_ID = re.compile(r"[^A-Za-z0-9_.\-]")
ZIP_LIMIT_BYTES = 2 * 1024**3


class IntakeError(ValueError):
    """The submissions cannot be read; the message says why."""


def _student_id(name: str) -> str:
    student = SAFE_ID.sub("_", name).strip("._") or "unnamed"
    return student[:100]


def _is_nbgrader_layout(folder: Path, assignment_ids: list[str]) -> bool:
    return any((d / a).is_dir() for d in folder.iterdir() if d.is_dir() for a in assignment_ids)


def _unzip(archive: Path, dest: Path) -> Path:
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            total = 0
            for info in members:
                path = PurePosixPath(info.filename)
                if path.is_absolute() or ".." in path.parts or "\\" in info.filename:
                    raise IntakeError(f"{archive.name}: refusing the entry {info.filename!r} (it points outside the archive)")
                if stat.S_ISLNK(info.external_attr >> 16):
                    raise IntakeError(f"{archive.name}: refusing the link {info.filename!r}")
                total += info.file_size
                if total > ZIP_LIMIT_BYTES:
                    raise IntakeError(f"{archive.name}: more than {ZIP_LIMIT_BYTES // 1024**2} MB unpacked; split it")
            zf.extractall(dest)
    except zipfile.BadZipFile as error:
        raise IntakeError(f"{archive.name} is not a readable zip file ({error})") from error
    # an archive that wraps everything in one top folder
    entries = [p for p in dest.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else dest


def normalise(
    path: Path, assignment_id: str, notebook_name: str, work: Path, assignment_ids: list[str], several: bool = False
) -> Path:
    """A folder in nbgrader's layout for `assignment_id`, built under `work` when `path` is not one already.

    `several`: more than one assignment is being graded from `path`, which then must be nbgrader's layout.
    """
    path = Path(path)
    if not path.exists():
        raise IntakeError(f"{path} does not exist")
    if path.is_file():
        if path.suffix.lower() != ".zip":
            raise IntakeError(f"{path} is neither a folder nor a .zip file")
        unpacked = work / "unzipped" / path.stem
        shutil.rmtree(unpacked, ignore_errors=True)
        unpacked.mkdir(parents=True)
        path = _unzip(path, unpacked)
    if _is_nbgrader_layout(path, assignment_ids):
        return path
    if several:
        raise IntakeError(f"{path} is not in nbgrader's layout, so it holds one assignment: name it with -a ID")
    notebooks = sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if not notebooks:
        raise IntakeError(f"no notebooks found in {path}")
    out = work / "layout" / assignment_id
    shutil.rmtree(out, ignore_errors=True)
    chosen: dict[str, tuple[str, Path]] = {}
    for nb in notebooks:
        match = LMS_NAME.match(nb.name)
        student = _student_id(match["student_id"] if match else nb.stem)
        stamp = match["timestamp"] if match else ""
        # keep the newest attempt (LMS timestamps sort as text); a flat folder has one file per student
        if student not in chosen or stamp >= chosen[student][0]:
            chosen[student] = (stamp, nb)
    for student, (_, nb) in chosen.items():
        dest = out / student / assignment_id
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy2(nb, dest / notebook_name)
    return out
