"""Test setup for the flux engine (pure Python, no Odoo needed).

The folder holding the ``flux`` package goes first on ``sys.path`` so that the
tests import it as ``flux``, whatever the name of the addon folder (this
repository, or the addon copied into an addons folder); this folder is added
for the helper module ``flux_samples``. ``pytest.ini`` here makes this folder
pytest's rootdir, so that pytest does not import the addon package above it.
"""

import sys
from pathlib import Path

import pytest

PACKAGE_PARENT = Path(__file__).resolve().parents[2]
TESTS_DIR = Path(__file__).resolve().parent

for folder in (str(TESTS_DIR), str(PACKAGE_PARENT)):
    if folder not in sys.path:
        sys.path.insert(0, folder)


# pytest-odoo (installed for the Odoo tests) adds session fixtures, used by every
# test, that load an Odoo registry and need a database. The flux tests must not
# depend on Odoo: same-named no-op fixtures replace them for the tests of this
# folder only, so ``python3 -m pytest flux/tests`` runs without Odoo and the Odoo
# tests of the same run keep the real ones.
@pytest.fixture(scope="session", autouse=True)
def load_registry():
    yield


@pytest.fixture(scope="session", autouse=True)
def load_http():
    yield


@pytest.fixture(scope="module", autouse=True)
def enable_odoo_test_flag():
    yield
