"""The PDF worker's limits on platforms that lack them: Windows has no `resource` module,
macOS refuses RLIMIT_AS. The PDF is still made, and the time limit still holds.

The platform is simulated in a real worker process: a `sitecustomize` on its PYTHONPATH
removes `resource`, or makes RLIMIT_AS fail the way macOS does, before the worker loads.
"""

from __future__ import annotations

import os

import pytest

from facilitator.reports import pdf, pdf_worker
from facilitator.reports.errors import RenderTimedOut

NO_RESOURCE = "import sys\nsys.modules['resource'] = None  # as on Windows: `import resource` fails\n"
MACOS_RLIMIT_AS = """import resource
_setrlimit = resource.setrlimit
def setrlimit(which, limits):
    if which == resource.RLIMIT_AS:
        raise ValueError("current limit exceeds maximum limit")  # what macOS answers
    return _setrlimit(which, limits)
resource.setrlimit = setrlimit
"""


@pytest.fixture
def platform(tmp_path, monkeypatch):
    """platform(sitecustomize_source): later PDF workers start on that simulated platform."""

    def simulate(source: str):
        folder = tmp_path / "platform"
        folder.mkdir()
        (folder / "sitecustomize.py").write_text(source)
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])))
        workers = pdf.WarmWorkers(pdf.WORKER)  # fresh workers, started with that environment
        monkeypatch.setattr(pdf, "_workers", workers)
        return workers

    yield simulate
    pdf._workers.close()


def test_without_resource_no_limit_is_set_and_none_fails(monkeypatch):
    monkeypatch.setattr(pdf_worker, "resource", None)
    assert pdf_worker.apply_limits(120, 3 * 1024**3) == ["memory", "cpu"]


@pytest.mark.parametrize("source", [NO_RESOURCE, MACOS_RLIMIT_AS], ids=["windows-no-resource", "macos-rlimit-as"])
def test_the_pdf_is_made_where_a_limit_is_missing(platform, tmp_path, source):
    platform(source)
    out = tmp_path / "report.pdf"
    details = pdf.render_in_child("html", ("<h1>What people told us</h1>",), out, time_limit=60)
    assert out.read_bytes().startswith(b"%PDF-")
    assert details["pid"] != os.getpid()


def test_the_time_limit_still_holds_without_resource(platform, tmp_path):
    platform(NO_RESOURCE)
    out = tmp_path / "slow.pdf"
    with pytest.raises(RenderTimedOut):
        pdf.render_in_child("html", ("<p>slow</p>", 30), out, time_limit=2)
    assert not out.exists()
