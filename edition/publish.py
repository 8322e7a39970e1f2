"""Build the site as it is published: `python -m edition.publish SITE_DIR`.

1. the online edition, `mkdocs build --strict`, into SITE_DIR;
2. the offline copy (mkdocs-offline.yml: Material's offline plugin) in a folder of its
   own, zipped into SITE_DIR/downloads/, where every page's footer links to it.

Both builds get SOURCE_DATE_EPOCH from the last commit (or, outside a git checkout,
from the edition's date in CITATION.cff), and the zip's entries carry that time too,
so two builds of the same commit are identical byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

from edition import project

ROOT = Path.cwd()


def source_date_epoch() -> str:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        return subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        released = yaml.safe_load((ROOT / project.CITATION_FILE).read_text(encoding="utf-8"))["date-released"]
        return str(int(dt.datetime.combine(dt.date.fromisoformat(str(released)), dt.time(),
                                           dt.timezone.utc).timestamp()))


def mkdocs(env: dict, *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args], env=env)
    if result.returncode:
        sys.exit(result.returncode)


def deterministic_zip(folder: Path, target: Path, prefix: str, epoch: int) -> None:
    """The folder zipped, without source maps (.map: Material's, for its developers, a
    third of the copy's size; a reader opening the copy never loads them)."""
    stamp = max(dt.datetime.fromtimestamp(epoch, dt.timezone.utc), dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc))
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".map"):
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


def main(site_dir: str = "site") -> int:
    site = Path(site_dir).resolve()
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(),
               NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    mkdocs(env, "--site-dir", str(site))
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    name = config["extra"]["offline_zip"]
    with tempfile.TemporaryDirectory() as folder:
        offline = Path(folder) / "offline"
        mkdocs(env, "--config-file", "mkdocs-offline.yml", "--site-dir", str(offline))
        zipped = site / "downloads" / name
        deterministic_zip(offline, zipped, name.removesuffix(".zip"), int(env["SOURCE_DATE_EPOCH"]))
    # The current edition's permanent copy (hooks/editions.py) has its own offline copy too.
    version = yaml.safe_load((ROOT / project.CITATION_FILE).read_text(encoding="utf-8"))["version"]
    permanent = site / project.EDITIONS_DIR / str(version) / "downloads" / name
    permanent.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(zipped, permanent)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
