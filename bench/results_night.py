"""Results night, a phase of bench/soak.py: public load while an editor saves every second.

64 connections cycle the public pages (bench/paths.lua) while an admin session changes one
nominee's name once a second. Every save invalidates every page, so each page must be
rendered again; the page cache promises at most one render per page per change among the
processes that share a cache (single flight, awards/caching.py): per worker with the
local-memory cache, per instance (all workers) with Redis.

Renders are counted from the server log: awards.caching logs one "rendered <key> pid=…" line
per render, and the key holds the data state, language, origin and path.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections import Counter

_RENDERED = re.compile(r"awards\.caching rendered (?P<key>\S+(?: \S+)*?) pid=(?P<pid>\d+) ms=")


def editor(browser, change_path: str, form: dict, old: str, stop: threading.Event, out: dict):
    """Save the nominee once a second until told to stop; record each save's status."""
    statuses = []
    while not stop.is_set():
        started = time.monotonic()
        new = f"{old}(夜{uuid.uuid4().hex[:4]})"
        fields = [[k, new if k == "name" else v] for k, v in form["fields"]] + [["_save", "1"]]
        statuses.append(browser.post(change_path, dict(fields))[0])
        stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))
    out["saves"] = len(statuses)
    out["save_statuses"] = dict(Counter(statuses))


def render_counts(log_text: str, shared: bool) -> dict:
    """Renders per page per data state: per process (local caches) or overall (shared cache)."""
    counts: Counter = Counter()
    for match in _RENDERED.finditer(log_text):
        key = match["key"]
        counts[key if shared else (match["pid"], key)] += 1
    states = {(k if shared else k[1]).split("|", 1)[0] for k in counts}
    return {
        "renders": sum(counts.values()),
        "pages_times_states": len(counts),
        "states_seen": len(states),
        "max_renders_per_page_per_state": max(counts.values(), default=0),
        "scope": "instance (shared Redis)" if shared else "worker process (local memory)",
    }


def run(soak, server, label: str, shared: bool, paths: list[str]) -> None:
    """One results-night run against `server`; adds its check to the soak's table."""
    import psycopg

    name = f"results night ({label}): {soak.args.connections} connections, a save every second"
    with psycopg.connect(server.database_url) as conn:
        nominee_id, old = conn.execute(
            "SELECT id, name FROM awards_nominee WHERE slug = 'chengdu-fabu'"
        ).fetchone()
    admin = soak.admin_browser(server)
    change = f"/admin/awards/nominee/{nominee_id}/change/"
    status, page, _ = admin.get(change) if admin else (0, "", {})
    if status != 200:
        soak.skip(name, f"the nominee admin is not in this tree ({status})")
        return
    from soak import find_form

    form = find_form(page, lambda f: f["id"] == "nominee_form")
    log_start = server.log_path.stat().st_size
    stop, saved = threading.Event(), {}
    thread = threading.Thread(target=editor, args=(admin, change, form, old, stop, saved))
    thread.start()
    try:
        run = soak.load(server, paths, soak.args.seconds)
    finally:
        stop.set()
        thread.join(timeout=60)
    with server.log_path.open(encoding="utf-8", errors="replace") as handle:
        handle.seek(log_start)
        counts = render_counts(handle.read(), shared)
    result = {k: v for k, v in run.items() if k != "raw"} | saved | counts
    soak.results.setdefault("results_night", {})[label] = result
    soak.check(
        name,
        run["errors"] == 0
        and saved.get("save_statuses", {}).keys() == {302}
        and counts["max_renders_per_page_per_state"] <= 1,
        f"{run['requests']} requests, p50 {run['p50_ms']} ms, p99 {run['p99_ms']} ms, "
        f"{run['errors']} errors; {saved.get('saves')} saves {saved.get('save_statuses')}; "
        f"{counts['renders']} renders for {counts['pages_times_states']} page×state pairs "
        f"({counts['states_seen']} states), at most "
        f"{counts['max_renders_per_page_per_state']} per page per state per {counts['scope']}",
    )
