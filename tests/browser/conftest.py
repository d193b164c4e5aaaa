"""Browser-test fixtures: a real viewer server on a free loopback port and headless Chromium.

The graph the server reads is the fixture ``viewer_graph``: the hand-written
test dataset by default, or any build folder named in CSGKG_VIEWER_GRAPH
(for example ``CSGKG_VIEWER_GRAPH=out pytest tests/browser``).
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CSGKG_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def viewer_graph() -> Path:
    """The graph location the browser tests run against."""
    return Path(os.environ.get("CSGKG_VIEWER_GRAPH", ROOT / "tests" / "fixtures" / "viewer"))


@pytest.fixture(scope="session")
def viewer_url(viewer_graph):
    """Base URL of a uvicorn server (in a thread) serving ``viewer_graph``; stopped after the session."""
    uvicorn = pytest.importorskip("uvicorn")
    from viewer import Settings, create_app

    if not viewer_graph.exists():
        pytest.skip(f"graph location {viewer_graph} does not exist (build it first)")
    vendor = ROOT / "viewer" / "static" / "vendor"
    if not (vendor / "vis-network" / "vis-network.min.js").is_file():
        pytest.skip("viewer browser assets missing: run `bash scripts/install_viewer_assets.sh` first")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Settings(graph=viewer_graph, query_timeout=20.0))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("viewer server did not start within 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by playwright (no browser download)."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (Debian: apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright-python not installed (pip install playwright)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
    pg = ctx.new_page()
    pg.csp_errors = []
    pg.on("console", lambda m: pg.csp_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.csp_errors.append(str(e)))
    yield pg
    ctx.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
