"""The flux package is pure Python: no Odoo import, relative imports only."""

import re
import subprocess
import sys
from pathlib import Path

FLUX_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = FLUX_DIR.parent
MODULES = sorted(
    f"flux.{path.stem}" for path in FLUX_DIR.glob("*.py") if path.stem != "__init__"
)


def test_importing_every_module_loads_no_odoo():
    script = (
        "import sys, importlib\n"
        f"sys.path[:] = [{str(REPO_ROOT)!r}] + [p for p in sys.path if 'odoo' not in p"
        " and p not in ('', '.')]\n"
        f"for name in ['flux', *{MODULES!r}]:\n"
        "    importlib.import_module(name)\n"
        "assert not [m for m in sys.modules if m == 'odoo' or m.startswith('odoo.')]\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_no_odoo_import_in_package_sources():
    pattern = re.compile(r"^\s*(import odoo|from odoo)", re.MULTILINE)
    offenders = [
        str(path)
        for path in FLUX_DIR.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_package_uses_relative_imports_only():
    pattern = re.compile(r"^\s*(from flux\b|import flux\b)", re.MULTILINE)
    offenders = [
        path.name
        for path in FLUX_DIR.glob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_importable_as_addon_subpackage():
    """Odoo imports the package as odoo.addons.<addon>.flux: relative imports make
    that work; simulated here with a stand-in parent package."""
    script = (
        "import sys, types\n"
        "for name, path in (('odoo', None), ('odoo.addons', None),"
        f" ('odoo.addons.l10n_fr_accrochage', {str(REPO_ROOT)!r})):\n"
        "    module = types.ModuleType(name)\n"
        "    module.__path__ = [path] if path else []\n"
        "    sys.modules[name] = module\n"
        "import importlib\n"
        "flux = importlib.import_module('odoo.addons.l10n_fr_accrochage.flux')\n"
        "assert flux.SCHEMA_VERSIONS == ('1.1.5', '1.1.2')\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
