"""The build step that makes the wheel self-contained (metadata lives in pyproject.toml).

A checkout keeps `static/` and `session_templates/` at the top level (facilitator/core/resources.py
reads them there). A wheel has no checkout, so building one copies into the package:

- `static/` and `session_templates/` → `facilitator/bundled/`;
- the Socket.IO client, pinned by `package-lock.json`: taken from `node_modules/` when
  `npm ci` put that exact version there, else from `static/vendor/` when that is the
  pinned version (the sdist carries it), else downloaded from the npm registry that
  NPM_CONFIG_REGISTRY or `npm config get registry` names and checked against the
  lockfile's integrity hash;
- every catalogue `facilitator/translations/*/LC_MESSAGES/messages.po` compiled to `.mo`.

An editable install (`pip install -e .`, what `make setup` does) copies nothing: it runs
from the checkout.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
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
    version = entry["version"]
    installed = ROOT / "node_modules" / CLIENT
    if (installed / "package.json").is_file():
        if json.loads((installed / "package.json").read_text(encoding="utf-8")).get("version") == version:
            return {name: (installed / name).read_bytes() for name in CLIENT_FILES}
    vendored = ROOT / "static" / "vendor"
    if all((vendored / Path(name).name).is_file() for name in CLIENT_FILES):
        files = {name: (vendored / Path(name).name).read_bytes() for name in CLIENT_FILES}
        if f"Socket.IO v{version}\n".encode() in files[CLIENT_FILES[0]][:200]:
            return files
    return _download(CLIENT, version, entry["integrity"])


def _download(package: str, version: str, integrity: str) -> dict[str, bytes]:
    """The package's tarball from the npm registry, checked against the lockfile's hash."""
    registry = os.environ.get("NPM_CONFIG_REGISTRY") or os.environ.get("npm_config_registry")
    if not registry and shutil.which("npm"):
        registry = subprocess.run(["npm", "config", "get", "registry"], capture_output=True, text=True).stdout.strip()
    if not registry:
        raise SystemExit(
            f"Building needs {package} {version} (package-lock.json): run `npm ci` first, "
            "or set NPM_CONFIG_REGISTRY to your npm registry's address."
        )
    url = f"{registry.rstrip('/')}/{package}/-/{package.split('/')[-1]}-{version}.tgz"
    print(f"fetching {package} {version} from {url}")
    with urllib.request.urlopen(url, timeout=60) as response:
        tarball = response.read()
    algorithm, _, expected = integrity.partition("-")
    if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
        raise SystemExit(f"{package} from {url} does not match package-lock.json's integrity hash")
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
