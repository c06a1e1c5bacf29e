"""README.rst and static/description/index.html are generated from readme/
and the manifest (scripts/gen_addon_readme.py) and kept up to date."""

import shutil
import subprocess
import sys
from pathlib import Path

import gen_addon_readme as readme
import pytest
from docutils.core import publish_doctree
from docutils.nodes import (
    bullet_list,
    emphasis,
    enumerated_list,
    literal,
    literal_block,
    paragraph,
    reference,
    section,
    strong,
)

ADDON_ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ADDON_ROOT / "scripts" / "gen_addon_readme.py"


def generate(addon_dir, *options):
    return subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            f"--addon-dir={addon_dir}",
            "--addon-name=l10n_fr_accrochage",
            *options,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_readme_and_index_are_up_to_date():
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_readme_has_oca_sections_from_the_fragments():
    text = (ADDON_ROOT / "README.rst").read_text()
    document = publish_doctree(text, settings_overrides=readme.RST2HTML_SETTINGS)
    titles = [node[0].astext() for node in document.findall(section)]
    expected = ["Configuration", "Usage", "Bug Tracker", "Credits", "Authors"]
    expected += ["Contributors", "Maintainers"]
    assert titles == expected
    assert document["title"] == "Accrochage CPF"
    assert f"source digest: {readme.source_digest(ADDON_ROOT)}" in text
    description = (ADDON_ROOT / "readme" / "DESCRIPTION.md").read_text()
    assert " ".join(description.split()[:6]) in " ".join(text.split())
    assert "* l10n_fr_accrochage contributors" in text
    index = (ADDON_ROOT / "static" / "description" / "index.html").read_bytes()
    assert b"<?xml" not in index  # Odoo warns about an XML declaration
    assert b"Bug Tracker" in index
    assert b"source digest" in index


@pytest.fixture
def addon_copy(tmp_path):
    """The manifest, readme/ and the generated files of the addon."""
    addon = tmp_path / "l10n_fr_accrochage"
    shutil.copytree(ADDON_ROOT / "readme", addon / "readme")
    (addon / "static" / "description").mkdir(parents=True)
    for name in ("__manifest__.py", "README.rst", readme.INDEX_HTML):
        shutil.copy(ADDON_ROOT / name, addon / name)
    return addon


def test_a_changed_fragment_makes_the_check_fail_until_generated(addon_copy):
    usage = addon_copy / "readme" / "USAGE.md"
    usage.write_text(usage.read_text() + "\n8. Tell the **holders**.\n")
    result = generate(addon_copy, "--check")
    assert result.returncode == 1
    assert "README.rst, static/description/index.html not up to date" in result.stderr
    assert generate(addon_copy).returncode == 0
    assert generate(addon_copy, "--check").returncode == 0
    assert "8. Tell the **holders**." in (addon_copy / "README.rst").read_text()
    assert b"<strong>holders</strong>" in (addon_copy / readme.INDEX_HTML).read_bytes()


def test_a_hand_edit_is_kept_until_forced_but_fails_the_check(addon_copy):
    generated = (addon_copy / "README.rst").read_text()
    (addon_copy / "README.rst").write_text(generated + "\nEdited by hand.\n")
    assert generate(addon_copy).returncode == 0
    assert (addon_copy / "README.rst").read_text().endswith("Edited by hand.\n")
    result = generate(addon_copy, "--check")
    assert result.returncode == 1
    assert "--force" in result.stderr
    assert generate(addon_copy, "--force").returncode == 0
    assert (addon_copy / "README.rst").read_text() == generated


def test_the_digest_follows_the_manifest_and_the_fragments(addon_copy):
    digest = readme.source_digest(addon_copy)
    assert digest == readme.source_digest(ADDON_ROOT)
    manifest = addon_copy / "__manifest__.py"
    manifest.write_text(manifest.read_text().replace("Beta", "Alpha"))
    assert readme.source_digest(addon_copy) != digest
    assert generate(addon_copy).returncode == 0
    text = (addon_copy / "README.rst").read_text()
    assert "maturity-Alpha-red" in text
    assert "This is an alpha version" in text


MARKDOWN = """\
Intro with *emphasis*, **strong**, `code`, l10n_fr_accrochage and
[a link](https://example.com/page) and <https://example.com/auto>: 2 * 3.

## A subsection

1. First item, on
   two lines.
2. Second item:
   - nested *bullet*
   - another
3. Third.

```python
print("code")
```
"""


def rendered(markdown, **options):
    rst = readme.markdown_to_rst(markdown, "readme/TEST.md", **options)
    settings = {**readme.RST2HTML_SETTINGS, "doctitle_xform": False}
    return publish_doctree(rst, settings_overrides=settings)


def test_markdown_converts_to_the_same_document():
    document = rendered(MARKDOWN)
    assert [node.astext() for node in document.findall(emphasis)] == [
        "emphasis",
        "bullet",
    ]
    assert [node.astext() for node in document.findall(strong)] == ["strong"]
    assert [node.astext() for node in document.findall(literal)] == ["code"]
    assert [node.get("refuri") for node in document.findall(reference)] == [
        "https://example.com/page",
        "https://example.com/auto",
    ]
    (ordered,) = document.findall(enumerated_list)
    assert [item.astext().split("\n")[0] for item in ordered.children] == [
        "First item, on two lines.",
        "Second item:",
        "Third.",
    ]
    (nested,) = document.findall(bullet_list)
    assert nested.astext() == "nested bullet\n\nanother"
    (code,) = document.findall(literal_block)
    assert code.astext() == 'print("code")'
    assert [node[0].astext() for node in document.findall(section)] == ["A subsection"]
    introduction = " ".join(next(document.findall(paragraph)).astext().split())
    assert "l10n_fr_accrochage and a link" in introduction
    assert introduction.endswith("https://example.com/auto: 2 * 3.")


@pytest.mark.parametrize(
    "markdown, construct",
    [
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", "tables"),
        ("> quoted\n", "block quotes"),
        ("text\n\n<div>raw</div>\n", "raw HTML"),
        ("Title\n-----\n", "underlined (setext) headings"),
        ("- item\n     - badly nested\n", "nested list"),
    ],
)
def test_unsupported_markdown_is_refused_with_its_place(markdown, construct):
    with pytest.raises(readme.ReadmeError) as error:
        readme.markdown_to_rst(markdown, "readme/USAGE.md")
    assert str(error.value).startswith("readme/USAGE.md, line ")
    assert construct in str(error.value)
