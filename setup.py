"""The build step that makes the wheel self-contained (metadata lives in pyproject.toml).

A checkout keeps `static/` and `session_templates/` at the top level (facilitator/resources.py
reads them there). A wheel has no checkout, so building one copies into the package:

- `static/` and `session_templates/` → `facilitator/bundled/`;
- the Socket.IO client, pinned by `package-lock.json`: taken from `node_modules/` when
  `npm ci` put that exact version there, otherwise downloaded from the npm registry and
  checked against the lockfile's integrity hash (no Node needed to build);
- every catalogue `facilitator/translations/*/LC_MESSAGES/messages.po` compiled to `.mo`.

An editable install (`pip install -e .`, what `make setup` does) copies nothing: it runs
from the checkout.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import tarfile
import urllib.request
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
CLIENT = "socket.io-client"
CLIENT_FILES = ("dist/socket.io.min.js", "dist/socket.io.min.js.map")


class build_py_with_resources(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "facilitator"
        bundle = package / "bundled"
        shutil.rmtree(bundle, ignore_errors=True)
        shutil.copytree(ROOT / "static", bundle / "static", ignore=shutil.ignore_patterns("vendor", ".*"))
        shutil.copytree(ROOT / "session_templates", bundle / "session_templates", ignore=shutil.ignore_patterns(".*"))
        vendor = bundle / "static" / "vendor"
        vendor.mkdir(parents=True, exist_ok=True)
        for name, data in socket_io_client().items():
            (vendor / Path(name).name).write_bytes(data)
        compile_catalogues(ROOT / "facilitator" / "translations", package / "translations")


def socket_io_client() -> dict[str, bytes]:
    """The client's files at the version package-lock.json pins, by their paths in the npm package."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"][f"node_modules/{CLIENT}"]
    installed = ROOT / "node_modules" / CLIENT
    if (installed / "package.json").is_file():
        if json.loads((installed / "package.json").read_text(encoding="utf-8")).get("version") == entry["version"]:
            return {name: (installed / name).read_bytes() for name in CLIENT_FILES}
    print(f"fetching {CLIENT} {entry['version']} from the npm registry (package-lock.json)")
    with urllib.request.urlopen(entry["resolved"], timeout=60) as response:
        tarball = response.read()
    algorithm, _, expected = entry["integrity"].partition("-")
    if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
        raise SystemExit(f"{CLIENT} from {entry['resolved']} does not match package-lock.json's integrity hash")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        return {name: archive.extractfile(f"package/{name}").read() for name in CLIENT_FILES}


def compile_catalogues(source: Path, target: Path) -> None:
    """messages.po → messages.mo for every language (Babel is a build requirement)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(source.glob("*/LC_MESSAGES/messages.po")):
        out = target / po.relative_to(source).with_suffix(".mo")
        out.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as handle:
            catalogue = read_po(handle, locale=po.parts[-3])
        with out.open("wb") as handle:
            write_mo(handle, catalogue, use_fuzzy=False)


setup(cmdclass={"build_py": build_py_with_resources})
