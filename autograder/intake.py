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


# ------------------------------------------------------------------ one submission's file
MAX_NOTEBOOK_BYTES = 20 << 20  # a notebook with its plots is well under 5 MB; outputs are cleared before grading
MAX_DEPTH = 64  # levels of JSON nesting (a notebook uses about 6; an application/json output a few more)
MAX_CELLS = 2000  # an assignment has about 50


def find_notebook(folder: Path, expected_name: str) -> tuple[Path | None, str]:
    """The submitted notebook in `folder`, or None and a student-facing reason."""
    if not folder.is_dir():
        return None, "no submission folder for this assignment"
    exact = folder / expected_name
    if exact.is_file() or exact.is_symlink():
        return exact, ""
    others = sorted(p for p in folder.glob("*.ipynb") if p.is_file() or p.is_symlink())
    if len(others) == 1:
        return others[0], ""
    if not others:
        return None, f"no notebook found (expected {expected_name})"
    return None, f"several notebooks and none named {expected_name}"


def _depth(value) -> int:
    """Levels of nesting of a parsed JSON value, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def read_notebook(path: Path) -> tuple[bytes | None, str]:
    """(the notebook to grade, '') when `path` is a gradable Python notebook, else (None, why not, in plain words).

    Never raises: whatever the file holds, the answer is a verdict for this one student. A notebook
    saved in format 3 (Jupyter before 2015) is converted to format 4.
    """
    import json

    import nbformat

    try:
        if path.is_symlink():
            return None, "the submission is a link to another file, not a notebook file"
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            return None, (f"the notebook file is {size / 2**20:.0f} MB, more than the {MAX_NOTEBOOK_BYTES >> 20} MB "
                          "allowed; clear its outputs (Edit > Clear Outputs of All Cells), save and hand it in again")
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
            data = json.loads(text)
        except RecursionError:
            return None, f"the notebook file is nested more than {MAX_DEPTH} levels deep: it is not a notebook"
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            return None, f"the notebook file is not valid JSON ({error}); was it saved completely?"
        if _depth(data) > MAX_DEPTH:
            return None, f"the notebook file is nested more than {MAX_DEPTH} levels deep: it is not a notebook"
        if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")), list):
            return None, "the file is valid JSON but not a Jupyter notebook (it has no cells)"
        version = data.get("nbformat")
        if version not in (3, 4):
            return None, f"the file says it is a notebook of format {version!r}; this course reads formats 3 and 4"
        try:
            nb = nbformat.reads(text, as_version=4)
            nbformat.validate(nb)
        except Exception as error:  # noqa: BLE001 - nbformat raises several kinds
            first = (str(error).splitlines() or [type(error).__name__])[0][:200]
            return None, f"the file is not a valid Jupyter notebook (format {version}: {first})"
        if len(nb.cells) > MAX_CELLS:
            return None, f"the notebook has {len(nb.cells)} cells, more than the {MAX_CELLS} allowed"
        language = nb.get("metadata", {}).get("kernelspec", {}).get("language", "python")
        if language != "python":
            return None, f"the notebook uses a {language} kernel; this course needs Python"
        return (raw if version == 4 else nbformat.writes(nb).encode("utf-8")), ""
    except Exception as error:  # noqa: BLE001 - one unreadable file never stops the class
        return None, f"the notebook file could not be read ({type(error).__name__}: {str(error)[:200]})"
