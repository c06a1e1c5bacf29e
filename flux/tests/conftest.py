"""Test setup for the flux engine (pure Python, no Odoo needed).

* The repository root goes first on ``sys.path`` so that the tests import the
  package as ``flux``; this folder is added for the helper module ``flux_samples``.
* The repository root is also an Odoo addon package (its ``__init__.py`` imports
  the Odoo models). pytest imports every package above a test file to look for
  ``setup_module``; outside pytest-odoo (which imports the addon as
  ``odoo.addons.<name>``) that import would need a running Odoo. A bare package
  module stands in for the addon under its folder name, so that
  ``python3 -m pytest flux/tests`` runs without Odoo.
"""

import sys
import types
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TESTS_DIR = Path(__file__).resolve().parent

for folder in (str(TESTS_DIR), str(REPO_ROOT)):
    if folder not in sys.path:
        sys.path.insert(0, folder)

if REPO_ROOT.name not in sys.modules:
    _addon_stand_in = types.ModuleType(REPO_ROOT.name)
    _addon_stand_in.__path__ = [str(REPO_ROOT)]
    _addon_stand_in.__file__ = str(REPO_ROOT / "__init__.py")
    sys.modules[REPO_ROOT.name] = _addon_stand_in


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
