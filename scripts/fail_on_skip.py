"""pytest plugin: a skipped test is a failure.

Odoo skips its browser tests, and still passes, when Chromium or
websocket-client is missing; a skip here means something was not tested.
"""

import pytest

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(
            f"ERROR: {len(_skipped)} test(s) skipped; skipped tests count as "
            "failures here (is Chromium or websocket-client missing?)",
            red=True,
        )


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    if _skipped and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
