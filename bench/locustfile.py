"""The load of ``bench/load.py``: logged-in ward officials reading the dashboard, cell pages and meeting
lists and saving attendance, 1–3 s of thought between actions. Driven by ``BENCH_TARGETS`` (a JSON file
written by ``bench/load.py``): the hosts (users are spread over them in turn), the logins, the ward, its
cells and the meetings whose attendance is saved. ``mode: hello`` requests the bare Django view instead.

An attendance save is reported as ``attendance save`` when it is stored (a redirect), as ``attendance
conflict (expected)`` when another user saved the same meeting first (the form comes back with the
conflict message), and as a failure otherwise.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

import gevent
from locust import HttpUser, between, task

TARGETS = json.loads(Path(os.environ["BENCH_TARGETS"]).read_text(encoding="utf-8"))
USERNAMES = itertools.cycle(TARGETS.get("users", [""]))
HOSTS = itertools.cycle(TARGETS["hosts"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="expected_version" value="(\d+)"')
MARK = re.compile(r'name="mark_(\d+)"[^>]*?value="(\w+)"( checked)?', re.S)
CONFLICT = "alert-warning attendance-alert"
# Every user logs in first; the measured mix starts together once the logins are done (a login hashes a
# password on purpose: twenty at once would queue the first pages behind them).
START = time.time() + float(TARGETS.get("login_window", 0))


def start_thinking() -> None:
    """Wait for the measured load to start, then think 1–3 s like before any other action: twenty users
    firing their first request in the same instant would measure a queue no office ever forms."""
    gevent.sleep(max(0.0, START - time.time()) + random.uniform(1, 3))


class Official(HttpUser):
    abstract = TARGETS["mode"] != "app"
    wait_time = between(1, 3)
    host = TARGETS["hosts"][0]

    def on_start(self) -> None:
        self.client.base_url = next(HOSTS)
        username = next(USERNAMES)
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {
                "username": username,
                "password": TARGETS["password"],
                "csrfmiddlewaretoken": token,
            },
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(
                    f"login of {username} refused ({response.status_code})"
                )
        # Warm-up, reported apart: a server that has been running holds its ward's evaluations in each
        # worker's cache; a minute of load measured from a cold start would mostly measure the start.
        self.client.get(f"/wards/{TARGETS['ward']}/", name="warm-up: ward dashboard")
        start_thinking()

    @task(3)
    def dashboard(self) -> None:
        self.client.get(f"/wards/{TARGETS['ward']}/", name="ward dashboard")

    @task(3)
    def cell_page(self) -> None:
        self.client.get(f"/cells/{random.choice(TARGETS['cells'])}/", name="cell page")

    @task(2)
    def meeting_list(self) -> None:
        self.client.get(
            f"/meetings/cells/{random.choice(TARGETS['cells'])}/", name="meeting list"
        )

    @task(2)
    def attendance_save(self) -> None:
        key = random.choice(TARGETS["meetings"])
        page = self.client.get(f"/meetings/{key}/attendance/", name="attendance screen")
        if page.status_code != 200:
            return
        data = {
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            "expected_version": VERSION.search(page.text).group(1),
        }
        for member_id, value, checked in MARK.findall(page.text):
            if checked or f"mark_{member_id}" not in data:
                data[f"mark_{member_id}"] = value if checked else "present"
        self.wait()  # the official fills the screen in
        with self.client.post(
            f"/meetings/{key}/attendance/",
            data,
            name="attendance save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            elif response.status_code == 200 and CONFLICT in response.text:
                response.request_meta["name"] = "attendance conflict (expected)"
                response.success()
            else:
                response.failure(f"attendance not saved ({response.status_code})")


class Visitor(HttpUser):
    """The floor: the same number of users and the same think time on a bare Django view."""

    abstract = TARGETS["mode"] != "hello"
    wait_time = between(1, 3)
    host = TARGETS["hosts"][0]

    def on_start(self) -> None:
        self.client.base_url = next(HOSTS)
        start_thinking()

    @task
    def hello(self) -> None:
        self.client.get("/", name="hello")
