"""The explorer and the query page in a real headless Chromium.

Moves the time slider with the keyboard as a person would, reads what the page
says stands at that date, clicks a node on the canvas, runs an example query,
and saves screenshots to test-artifacts/. Marked slow: skipped when Chromium
or playwright is missing.
"""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow

ID = "https://w3id.org/csgkg/id/"
# the Torbay-Plymouth contractual partnership and the shared director, by their deterministic IRIs
PARTNERSHIP = ID + "partnership/contractual-partnership/E06000026-E06000027"
PERSON = ID + "person/alison-botham"


def move_slider_to(page, month: str) -> None:
    months = page.evaluate("window.csgkgExplorer.months")
    assert month in months, f"{month} outside the explorer's range {months[0]}..{months[-1]}"
    current = months.index(page.evaluate("window.csgkgExplorer.month()"))
    target = months.index(month)
    page.focus("#month-slider")
    key = "ArrowRight" if target > current else "ArrowLeft"
    for _ in range(abs(target - current)):
        page.keyboard.press(key)
    page.wait_for_function("m => document.body.getAttribute('data-month') === m", arg=month)


def partnership_item(page):
    return page.locator(f"#standing-partnerships li[data-iri='{PARTNERSHIP}']")


def node_of(page, iri):
    return page.evaluate("id => window.csgkgExplorer.network.body.data.nodes.get(id)", iri)


def test_explorer_time_slider_partnership_and_details(page, viewer_url, artifacts):
    page.goto(f"{viewer_url}/explore")
    page.wait_for_selector("body[data-network-ready='true']", timeout=30_000)

    move_slider_to(page, "2019-01")
    item = partnership_item(page)
    assert item.count() == 1
    assert item.get_attribute("data-state") == "present"
    node = node_of(page, PARTNERSHIP)
    assert not node.get("hidden") and "dissolved" not in node["label"]
    page.screenshot(path=str(artifacts / "explorer-2019-01.png"), full_page=True)

    move_slider_to(page, "2020-06")
    item = partnership_item(page)
    assert item.get_attribute("data-state") == "dissolved"
    assert "dissolved" in item.inner_text()
    node = node_of(page, PARTNERSHIP)
    assert not node.get("hidden") and node["label"].endswith("(dissolved)")
    page.screenshot(path=str(artifacts / "explorer-2020-06.png"), full_page=True)

    # open the person's details by clicking the node on the canvas
    move_slider_to(page, "2019-01")
    person_id = PERSON
    page.evaluate("id => window.csgkgExplorer.network.focus(id, {scale: 1.0, animation: false})", person_id)
    pos = page.evaluate("id => window.csgkgExplorer.nodePosition(id)", person_id)
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_selector("#details h2.details-title", timeout=15_000)
    assert page.get_attribute("#details", "data-iri") == PERSON
    assert page.inner_text("#details h2.details-title").startswith(node_of(page, PERSON)["label"].rstrip("…"))
    assert page.locator("#details figure.quote mark").count() >= 1
    page.screenshot(path=str(artifacts / "explorer-details.png"), full_page=True)
    assert not [e for e in page.csp_errors if "Content Security Policy" in e], page.csp_errors


def test_script_in_a_name_stays_text_in_the_explorer(page, viewer_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{viewer_url}/explore")
    page.wait_for_selector("body[data-network-ready='true']", timeout=30_000)
    move_slider_to(page, page.evaluate("window.csgkgExplorer.months.slice(-1)[0]"))
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("script:not([src]):not([type='application/json'])").count() == 0


def test_query_page_runs_an_example(page, viewer_url, artifacts):
    page.goto(f"{viewer_url}/query")
    page.wait_for_selector(".CodeMirror")
    examples = page.locator("button.example")
    if examples.count():
        examples.first.click()
        text = page.evaluate("window.csgkgQuery.text()")
        name = examples.first.get_attribute("data-name")
        source = json.loads(page.locator(f"script.example-text[data-name='{name}']").text_content())
        assert text == source
    page.click("#run-query")
    page.wait_for_selector("#results[data-done='true']", timeout=30_000)
    assert not page.inner_text("#query-status").startswith("Error")
    page.screenshot(path=str(artifacts / "query-page.png"), full_page=True)


def test_tenure_timeline_sits_beside_the_network_and_follows_the_slider(page, viewer_url, artifacts):
    page.goto(f"{viewer_url}/explore")
    page.wait_for_selector("body[data-network-ready='true']", timeout=30_000)
    move_slider_to(page, "2019-01")
    net = page.locator(".network-wrap").bounding_box()
    gantt = page.locator(".gantt-wrap").bounding_box()
    # to the right of the network, on the same band of the page
    assert gantt["x"] >= net["x"] + net["width"] - 1
    assert gantt["y"] < net["y"] + net["height"] and net["y"] < gantt["y"] + gantt["height"]
    assert page.locator("#gantt .gantt-row .bar").count() >= 1
    before = page.eval_on_selector("#gantt .cursor", "c => c.style.left")
    move_slider_to(page, "2020-06")
    assert page.eval_on_selector("#gantt .cursor", "c => c.style.left") != before
    page.screenshot(path=str(artifacts / "explorer-timeline-beside.png"), full_page=False)
