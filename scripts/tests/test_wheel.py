"""The addon builds as a wheel the way OCA publishes addons (whool), and
Odoo finds and imports the addon from the installed wheel."""

import ast
import email.parser
import glob
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import _addon_files as files
import _odoo_env as env
import pytest
from build_wheel import build_wheel

ADDON_ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ast.literal_eval((ADDON_ROOT / "__manifest__.py").read_text())
PACKAGE_DIR = f"odoo/addons/{env.ADDON_NAME}"
BRIDGE = "l10n_fr_accrochage_slides"
BRIDGE_MANIFEST = {
    "name": "Accrochage CPF - eLearning",
    "version": "18.0.1.0.0",
    "author": "l10n_fr_accrochage contributors",
    "license": "AGPL-3",
    "depends": ["l10n_fr_accrochage", "website_slides"],
}


def wheel_members(wheel):
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def wheel_metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (name,) = (n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode())


def addon_members(wheel, package_dir=PACKAGE_DIR):
    """The wheel's files under the addon's package, relative to it."""
    prefix = f"{package_dir}/"
    return {
        name.removeprefix(prefix)
        for name in wheel_members(wheel)
        if name.startswith(prefix)
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build_wheel(
        tmp_path_factory.mktemp("wheel"), ADDON_ROOT, build_isolation=False
    )


def test_wheel_is_named_and_described_from_the_manifest(wheel):
    version = MANIFEST["version"]
    assert wheel.name == f"odoo_addon_l10n_fr_accrochage-{version}-py3-none-any.whl"
    metadata = wheel_metadata(wheel)
    assert metadata["Name"] == "odoo-addon-l10n_fr_accrochage"
    assert metadata["Version"] == version
    # whool turns the manifest's external_dependencies into requirements, and
    # its dependencies on addons that are not Odoo's into requirements on
    # their OCA wheels
    assert MANIFEST["external_dependencies"] == {"python": ["lxml", "python-stdnum"]}
    odoo_addons = {
        path.name
        for folder in env.odoo_addons_dirs(env.check_odoo())
        for path in Path(folder).iterdir()
    }
    other_addons = [name for name in MANIFEST["depends"] if name not in odoo_addons]
    assert "l10n_fr_cog" in other_addons
    assert sorted(metadata.get_all("Requires-Dist")) == sorted(
        [
            "lxml",
            "odoo==18.0.*",
            "python-stdnum",
            *(f"odoo-addon-{name}==18.0.*" for name in other_addons),
        ]
    )
    assert metadata["Author"] == "l10n_fr_accrochage contributors"
    assert metadata["License"] == "AGPL-3"
    assert "Development Status :: 4 - Beta" in metadata.get_all("Classifier")
    assert metadata["Description-Content-Type"] == "text/x-rst"
    assert metadata.get_payload() == (ADDON_ROOT / "README.rst").read_text()


def test_wheel_holds_the_addon_and_nothing_else(wheel):
    members = addon_members(wheel)
    assert members == set(files.addon_files(ADDON_ROOT)) - {"pyproject.toml"}
    data_files = {*MANIFEST["data"], *MANIFEST["demo"]}
    required = {
        "__init__.py",
        "__manifest__.py",
        "README.rst",
        "flux/xsd/cpf-1.1.5.xsd",
        "flux/xsd/cpf-1.1.2.xsd",
        "flux/data/fr_communes.tsv.gz",
        f"migrations/{MANIFEST['version']}/pre-migration.py",
        "i18n/fr.po",
        "i18n/l10n_fr_accrochage.pot",
        "readme/DESCRIPTION.md",
        "static/description/icon.png",
        "static/description/index.html",
        "static/csv/accrochage_passage.csv",
        "static/tests/tours/accrochage_generate_tour.js",
        *data_files,
    }
    assert required <= members, sorted(required - members)
    tooling = {
        name for name in members if name.split("/")[0] in files.REPOSITORY_TOOLING
    }
    assert not tooling
    unwanted_parts = {".git", "accrochage-output", "__pycache__", "node_modules"}
    assert not {
        name for name in members if unwanted_parts & set(PurePosixPath(name).parts)
    }
    assert not {name for name in members if name.endswith((".pyc", ".whl"))}
    assert "pyproject.toml" not in members
    assert all(
        name.startswith(("odoo/", "odoo_addon_")) for name in wheel_members(wheel)
    )


def git(repository, *args):
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=repository,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def clone_with_bridge(tmp_path):
    """The repository in a folder with another name, a nested bridge addon
    and files git does not track (an ignored output, a cache, a new file)."""
    repository = tmp_path / "main"
    files.copy_files(
        ADDON_ROOT, files.git_files(ADDON_ROOT, untracked=True), repository
    )
    bridge = repository / BRIDGE
    (bridge / "tests").mkdir(parents=True)
    (bridge / "__manifest__.py").write_text(repr(BRIDGE_MANIFEST))
    (bridge / "__init__.py").write_text("")
    (bridge / "tests" / "__init__.py").write_text("from . import test_bridge\n")
    (bridge / "tests" / "test_bridge.py").write_text("")
    shutil.copy(ADDON_ROOT / "pyproject.toml", bridge / "pyproject.toml")
    git(repository, "init", "-q")
    git(repository, "add", "-A")
    (repository / "accrochage-output").mkdir()
    (repository / "accrochage-output" / "flux.xml").write_text("<flux/>")
    (repository / "flux" / "__pycache__").mkdir()
    (repository / "flux" / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"")
    (repository / "untracked_notes.txt").write_text("not added")
    return repository


def test_nested_addon_is_left_out_and_builds_on_its_own(clone_with_bridge, tmp_path):
    wheel = build_wheel(tmp_path / "dist", clone_with_bridge, build_isolation=False)
    assert wheel.name.startswith("odoo_addon_l10n_fr_accrochage-")
    members = addon_members(wheel)
    assert "__manifest__.py" in members
    assert not {name for name in members if name.startswith(f"{BRIDGE}/")}
    assert not {
        name
        for name in members
        if name.startswith(("accrochage-output/", "untracked_notes"))
        or "__pycache__" in name
    }

    bridge_wheel = build_wheel(
        tmp_path / "dist", clone_with_bridge / BRIDGE, build_isolation=False
    )
    assert bridge_wheel.name == f"odoo_addon_{BRIDGE}-18.0.1.0.0-py3-none-any.whl"
    assert addon_members(bridge_wheel, f"odoo/addons/{BRIDGE}") == {
        "__init__.py",
        "__manifest__.py",
        "tests/__init__.py",
        "tests/test_bridge.py",
    }
    # its dependency on the main addon is a requirement on the main wheel
    requirements = wheel_metadata(bridge_wheel).get_all("Requires-Dist")
    assert "odoo-addon-l10n_fr_accrochage==18.0.*" in requirements


ODOO_LOADS_THE_INSTALLED_ADDON = """
import importlib, json, sys
from odoo.tools import config
config.parse_config([f"--addons-path={sys.argv[1]}"])
from odoo.modules import module
module.initialize_sys_path()
path = module.get_module_path("l10n_fr_accrochage")
manifest = module.get_manifest("l10n_fr_accrochage")
module.check_manifest_dependencies(manifest)
addon = importlib.import_module("odoo.addons.l10n_fr_accrochage")
flux = importlib.import_module("odoo.addons.l10n_fr_accrochage.flux")
print(json.dumps({
    "path": path,
    "addon_file": addon.__file__,
    "flux_file": flux.__file__,
    "name": manifest["name"],
    "version": manifest["version"],
    "data": manifest["data"] + manifest["demo"],
    "assets": manifest["assets"]["web.assets_tests"],
    "description": manifest["description"],
}))
"""


def test_odoo_loads_the_addon_from_the_installed_wheel(wheel, tmp_path):
    site = tmp_path / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            f"--target={site}",
            str(wheel),
        ],
        check=True,
    )
    odoo = env.check_odoo()
    # Odoo's own addons only: the addon must come from the wheel's files.
    # Odoo's folder comes first on the path, as a regular (or compat-mode
    # editable) install of Odoo puts it: an editable install in setuptools'
    # default finder mode would lose `odoo` to the wheel's `odoo/` folder.
    odoo_addons = ",".join(env.odoo_addons_dirs(odoo))
    odoo_parent = Path(odoo.__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", ODOO_LOADS_THE_INSTALLED_ADDON, odoo_addons],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(odoo_parent), str(site)])),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.splitlines()[-1])
    installed = site / "odoo" / "addons" / env.ADDON_NAME
    assert Path(loaded["path"]) == installed
    assert Path(loaded["addon_file"]) == installed / "__init__.py"
    assert Path(loaded["flux_file"]) == installed / "flux" / "__init__.py"
    assert loaded["name"] == MANIFEST["name"]
    assert loaded["version"] == MANIFEST["version"]
    # Odoo takes the description from README.rst when the manifest has none
    assert loaded["description"] == (ADDON_ROOT / "README.rst").read_text()
    missing = [name for name in loaded["data"] if not (installed / name).is_file()]
    assert not missing
    (tours_glob,) = loaded["assets"]
    installed_tours = {
        Path(tour).relative_to(installed).as_posix()
        for tour in glob.glob(
            str(site / "odoo" / "addons" / tours_glob), recursive=True
        )
        if Path(tour).is_file()
    }
    tours = {
        name
        for name in files.git_files(ADDON_ROOT, untracked=True)
        if name.startswith("static/tests/tours/")
    }
    assert tours
    assert installed_tours == tours
