"""Generate README.rst and static/description/index.html from readme/.

Usage: python3 scripts/gen_addon_readme.py [--check | --force] [--branch NAME]

The addon's description for the Apps store and PyPI, laid out as OCA's
`oca-gen-addon-readme` lays it out (title, badges, the readme/ fragments,
table of contents, Bug Tracker, Credits with Authors, Contributors and
Maintainers), with this project's names: the author and the GitHub repository
come from the manifest. The Markdown fragments are converted to
reStructuredText here (OCA uses pandoc; this supports the subset listed in
`markdown_to_rst` and refuses the rest), and index.html is rendered from
README.rst with docutils, with the settings OCA uses.

README.rst keeps a digest of its sources (the manifest and readme/) as OCA's
does: without options the files are rewritten only when that digest changed;
`--force` rewrites them anyway; `--check` writes nothing and fails when either
file differs from what would be generated. README.md, the developers' README,
is not involved.
"""

import argparse
import ast
import hashlib
import os
import re
import sys
import textwrap
import unicodedata
from pathlib import Path
from urllib.parse import quote, urljoin

from docutils.core import publish_string

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _odoo_env import ADDON_NAME, ADDON_ROOT

MANIFEST = "__manifest__.py"
FRAGMENTS_DIR = "readme"
README = "README.rst"
INDEX_HTML = "static/description/index.html"
DEFAULT_BRANCH = "main"
GENERATOR = "scripts/gen_addon_readme.py"
WRAP_WIDTH = 72  # pandoc's, as in OCA's READMEs

# (fragment, section title), in OCA's order: sections of the README (level 2),
# and sections under Credits (level 3).
SECTIONS_BEFORE_CREDITS = (
    ("CONTEXT", "Use Cases / Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("DEVELOP", "Development"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
)
CREDITS_SECTIONS = (
    ("CONTRIBUTORS", "Contributors"),
    ("CREDITS", "Other credits"),
)
FRAGMENT_LEVELS = {
    "DESCRIPTION": 2,
    **{name: 2 for name, _title in SECTIONS_BEFORE_CREDITS},
    **{name: 3 for name, _title in CREDITS_SECTIONS},
}
# Section adornments by level: the title (over- and underlined) is level 1.
UNDERLINES = {2: "=", 3: "-", 4: "~", 5: "^", 6: "'"}

DEVELOPMENT_STATUS_BADGES = {
    "alpha": ("maturity-Alpha-red", "Alpha"),
    "beta": ("maturity-Beta-yellow", "Beta"),
    "production/stable": ("maturity-Production%2FStable-green", "Production/Stable"),
    "mature": ("maturity-Mature-brightgreen", "Mature"),
}
DEVELOPMENT_STATUS_URL = "https://odoo-community.org/page/development-status"
LICENSE_URLS = {
    "AGPL-3": "http://www.gnu.org/licenses/agpl-3.0-standalone.html",
    "LGPL-3": "http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
    "GPL-3": "http://www.gnu.org/licenses/gpl-3.0-standalone.html",
}

# docutils settings of OCA's generator (from pypa/readme_renderer): no file
# inclusion nor raw HTML, stop on warnings, no XML declaration (Odoo warns).
RST2HTML_SETTINGS = {
    "file_insertion_enabled": False,
    "halt_level": 2,
    "math_output": "MathJax",
    "raw_enabled": False,
    "smart_quotes": True,
    "syntax_highlight": "short",
    "xml_declaration": False,
    "output_encoding": "utf-8",
}


class ReadmeError(Exception):
    """A fragment or the manifest cannot make a README; says where."""


# --------------------------------------------------------------------------
# Markdown fragments to reStructuredText


def _escape_rst(text):
    """Escape what reStructuredText would read as markup in plain text."""
    text = re.sub(r"([\\*`|])", r"\\\1", text)
    # a word ending with "_" is a reference
    return re.sub(r"(?<=\w)_(?=\W|$)", r"\\_", text)


INLINE_MARKDOWN = re.compile(
    r"(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|!\[(?P<image_alt>[^\]]*)\]\((?P<image_url>[^)\s]+)\)"
    r"|\[(?P<link_text>[^\]]+)\]\((?P<link_url>[^)\s]+)\)"
    r"|<(?P<autolink>(?:https?://|mailto:)[^>\s]+|[^@>\s]+@[^@>\s]+\.[^@>\s]+)>"
    r"|\*\*(?P<strong>\S(?:.*?\S)?)\*\*"
    r"|(?<!\w)__(?P<strong_>\S(?:.*?\S)?)__(?!\w)"
    r"|\*(?P<em>\S(?:.*?\S)?)\*"
    # "_" emphasis, unlike "*", never starts or ends inside a word (GFM)
    r"|(?<!\w)_(?P<em_>\S(?:.*?\S)?)_(?!\w)"
    r"|\\(?P<escaped>[\\`*_{}\[\]()#+\-.!<>|~])"
)


def _may_precede_markup(character):
    """docutils' rule for the character before an inline markup start."""
    if character.isspace() or character in "-:/'\"<([{":
        return True
    return not character.isascii() and unicodedata.category(character) in {
        "Pd",
        "Po",
        "Pi",
        "Pf",
        "Ps",
    }


def _may_follow_markup(character):
    """docutils' rule for the character after an inline markup end."""
    if character.isspace() or character in "-.,:;!?\\/'\")]}>":
        return True
    return not character.isascii() and unicodedata.category(character) in {
        "Pd",
        "Po",
        "Pe",
        "Pf",
        "Pi",
    }


def _inline_markup(markup, before, after):
    """Inline markup must stand apart from words in reStructuredText: an
    escaped space (which renders as nothing) separates it otherwise."""
    if before and not _may_precede_markup(before[-1]):
        markup = "\\ " + markup
    if after and not _may_follow_markup(after[0]):
        markup += "\\ "
    return markup


def _inline(text, where):
    """Convert one block's inline Markdown to reStructuredText."""
    output = []
    position = 0
    for match in INLINE_MARKDOWN.finditer(text):
        output.append(_escape_rst(text[position : match.start()]))
        before = text[: match.start()]
        after = text[match.end() :]
        if match["code"]:
            markup = f"``{match['code_text'].strip()}``"
        elif match["image_url"] is not None:
            raise ReadmeError(
                f"{where}: put an image on its own line (a figure), not in text"
            )
        elif match["link_text"]:
            label = _escape_rst(match["link_text"]).replace("<", r"\<")
            markup = f"`{label} <{match['link_url']}>`__"
        elif match["autolink"]:
            markup = match["autolink"].removeprefix("mailto:")
        elif strong := match["strong"] or match["strong_"]:
            markup = f"**{_escape_rst(strong)}**"
        elif emphasis := match["em"] or match["em_"]:
            markup = f"*{_escape_rst(emphasis)}*"
        else:
            output.append(_escape_rst(match["escaped"]))
            position = match.end()
            continue
        output.append(_inline_markup(markup, before, after))
        position = match.end()
    output.append(_escape_rst(text[position:]))
    return "".join(output)


def _wrap(text, indent=""):
    return textwrap.fill(
        text,
        width=WRAP_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


BULLET = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)]) +(?P<text>.*)$")
HEADING = re.compile(r"^(?P<hashes>#{1,6}) +(?P<text>.+?)(?: +#+)? *$")
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+|~~~+) *(?P<language>[\w+-]*) *$")
IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<url>[^)\s]+)\)$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+) *$")
INDENTED_CODE = "indented code blocks (use ``` fences)"
UNSUPPORTED = (
    (re.compile(r"^ {0,3}>"), "block quotes"),
    (re.compile(r"^ {0,3}\|.*\|\s*$"), "tables"),
    (re.compile(r"^ {0,3}(?:[-*_] *){3,}$"), "horizontal rules"),
    (re.compile(r"^ {0,3}</?[a-zA-Z]"), "raw HTML"),
    (re.compile(r"^( {4,}|\t)"), INDENTED_CODE),
)


class _MarkdownToRst:
    """Block-level conversion of the Markdown subset of the fragments."""

    def __init__(self, text, where, heading_shift, image_base_url):
        self.lines = text.expandtabs(4).splitlines()
        self.where = where
        self.heading_shift = heading_shift
        self.image_base_url = image_base_url
        self.position = 0

    def error(self, message, line_index=None):
        line_number = (self.position if line_index is None else line_index) + 1
        return ReadmeError(f"{self.where}, line {line_number}: {message}")

    def convert(self):
        blocks = []
        while self.position < len(self.lines):
            line = self.lines[self.position]
            if not line.strip():
                self.position += 1
                continue
            blocks.append(self.block(line))
        return "\n\n".join(blocks) + "\n" if blocks else ""

    def block(self, line):
        if heading := HEADING.match(line):
            return self.heading(heading)
        if fence := FENCE.match(line):
            return self.fenced_code(fence)
        if image := IMAGE_LINE.match(line.strip()):
            self.position += 1
            return self.figure(image)
        if BULLET.match(line):
            return self.list_block(0)
        for pattern, construct in UNSUPPORTED:
            if pattern.match(line):
                raise self.error(f"{construct} are not supported in readme/")
        return self.paragraph()

    def heading(self, match):
        level = len(match["hashes"]) + 1 + self.heading_shift
        if level not in UNDERLINES:
            raise self.error(f"heading too deep for the README ({match['hashes']})")
        title = _inline(match["text"], self.where)
        self.position += 1
        return f"{title}\n{UNDERLINES[level] * len(title)}"

    def fenced_code(self, match):
        start = self.position
        self.position += 1
        code = []
        while self.position < len(self.lines):
            line = self.lines[self.position]
            self.position += 1
            if line.strip().startswith(match["fence"]):
                break
            code.append(line)
        else:
            raise self.error("code block without its closing fence", start)
        directive = f".. code:: {match['language']}" if match["language"] else "::"
        body = "\n".join(f"   {line}" if line.strip() else "" for line in code)
        return f"{directive}\n\n{body}"

    def figure(self, match):
        url = match["url"]
        if not re.match(r"^https?://", url):
            # OCA points readme images at the repository's raw files
            url = urljoin(self.image_base_url, url.replace("../", ""))
        alt = match["alt"].replace("\n", " ")
        return f".. image:: {url}\n   :alt: {alt}" if alt else f".. image:: {url}"

    def paragraph(self):
        text = []
        while self.position < len(self.lines):
            line = self.lines[self.position]
            if not line.strip() or (
                text
                and (HEADING.match(line) or FENCE.match(line) or BULLET.match(line))
            ):
                break
            if text:
                self.refuse_in_paragraph(line)
            text.append(line.strip())
            self.position += 1
        return _wrap(_inline(" ".join(text), self.where))

    def refuse_in_paragraph(self, line):
        """What would not continue a paragraph in Markdown: under a paragraph
        line, "---" underlines a heading; indented lines and inline HTML just
        continue the paragraph."""
        if SETEXT_UNDERLINE.match(line):
            raise self.error("underlined (setext) headings are not supported")
        for pattern, construct in UNSUPPORTED:
            if construct not in {"raw HTML", INDENTED_CODE} and pattern.match(line):
                raise self.error(f"{construct} are not supported in readme/")

    def list_block(self, indent):
        """A bullet or ordered list whose markers are indented by `indent`."""
        first = BULLET.match(self.lines[self.position])
        ordered = first["marker"][0].isdigit()
        number = int(first["marker"][:-1]) if ordered else None
        items = []
        while self.position < len(self.lines):
            line = self.lines[self.position]
            item = BULLET.match(line)
            if not item or len(item["indent"]) != indent:
                if item and len(item["indent"]) > indent:
                    raise self.error("a nested list must be indented like its text")
                break
            if item["marker"][0].isdigit() != ordered:
                break
            marker = f"{number}." if ordered else "-"
            items.append(self.list_item(item, marker, indent))
            if ordered:
                number += 1
            # blank lines between items are allowed (a loose list)
            while (
                self.position < len(self.lines)
                and not self.lines[self.position].strip()
                and self._next_item_follows(indent)
            ):
                self.position += 1
        return "\n".join(items)

    def _next_item_follows(self, indent):
        for line in self.lines[self.position :]:
            if line.strip():
                item = BULLET.match(line)
                return bool(item) and len(item["indent"]) == indent
        return False

    def list_item(self, item, marker, indent):
        """One item: its text, and the nested lists indented like that text."""
        content_indent = indent + len(item["marker"]) + 1
        self.position += 1
        text = [item["text"].strip()]
        parts = []
        while self.position < len(self.lines):
            line = self.lines[self.position]
            nested = BULLET.match(line)
            if nested and len(nested["indent"]) >= content_indent:
                if len(nested["indent"]) != content_indent:
                    raise self.error("a nested list must be indented like its text")
                parts.append(self._item_text(text, marker))
                text = []
                parts.append(textwrap.indent(self.list_block(content_indent), "   "))
                continue
            if not line.strip() or nested:
                break
            if len(line) - len(line.lstrip()) < content_indent and (
                HEADING.match(line) or FENCE.match(line)
            ):
                break
            text.append(line.strip())
            self.position += 1
        if text:
            parts.append(self._item_text(text, marker))
        first, *nested_lists = parts
        # reStructuredText wants a blank line around a nested list
        return "\n\n".join([first, *nested_lists]) + ("\n" if nested_lists else "")

    def _item_text(self, text, marker):
        wrapped = _wrap(_inline(" ".join(text), self.where), " " * (len(marker) + 1))
        return marker + wrapped[len(marker) :]


def markdown_to_rst(text, where, *, heading_level=2, image_base_url=""):
    """Convert a readme fragment from Markdown to reStructuredText.

    Supported: paragraphs, ATX headings (`#`), bullet and ordered lists
    (nested lists indented like their item's text), fenced code blocks,
    standalone images, and inline code, emphasis, strong emphasis, links,
    autolinks and backslash escapes. Anything else (tables, block quotes,
    raw HTML...) raises ReadmeError naming the file and line, rather than
    being rendered wrongly.
    """
    converter = _MarkdownToRst(text, where, heading_level - 2, image_base_url)
    return converter.convert()


# --------------------------------------------------------------------------
# README.rst


def source_digest(addon_dir):
    """sha256 of the manifest and the readme/ files (names and contents),
    computed as OCA's generator does, so that the same sources give the same
    digest."""
    addon_dir = Path(addon_dir)
    paths = [MANIFEST]
    for folder, subfolders, names in os.walk(addon_dir / FRAGMENTS_DIR):
        subfolders.sort()
        relative = Path(folder).relative_to(addon_dir)
        paths += [
            str(relative / name) for name in sorted(names) if not name.startswith(".")
        ]
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.encode("utf-8"))
        digest.update((addon_dir / path).read_bytes())
    return f"sha256:{digest.hexdigest()}"


def read_manifest(addon_dir):
    return ast.literal_eval((Path(addon_dir) / MANIFEST).read_text(encoding="utf-8"))


def github_repository(manifest):
    """(owner, repository) from the manifest's GitHub website."""
    match = re.fullmatch(
        r"https://github\.com/([\w.-]+)/([\w.-]+?)/?", manifest.get("website", "")
    )
    if not match:
        raise ReadmeError(
            f"{MANIFEST}: the website must be the addon's GitHub repository "
            f"(https://github.com/OWNER/REPOSITORY), not {manifest.get('website')!r}"
        )
    return match.groups()


def _shields_text(text):
    """Text of a shields.io static badge: '-' and '_' are doubled."""
    return quote(text.replace("-", "--").replace("_", "__"), safe="")


def _title(text, level):
    return f"{text}\n{UNDERLINES[level] * len(text)}"


def _banner(digest):
    lines = [
        f"This file is generated by {GENERATOR}",
        "changes will be overwritten.",
    ]
    width = max(len(line) for line in lines) + 6
    bar = "!" * width
    framed = [f"!! {line.ljust(width - 6)} !!" for line in lines]
    # the ".. " opening an RST comment, as in OCA's READMEs
    return "\n".join(
        [
            ".. ",
            *(f"   {line}" for line in [bar, *framed, bar]),
            f"   !! source digest: {digest}",
            f"   {bar}",
        ]
    )


def read_fragments(addon_dir, image_base_url):
    """{fragment name: reStructuredText} of the non-empty readme/ fragments."""
    fragments = {}
    for name, level in FRAGMENT_LEVELS.items():
        if (Path(addon_dir) / FRAGMENTS_DIR / f"{name}.rst").exists():
            raise ReadmeError(
                f"{FRAGMENTS_DIR}/{name}.rst: write the fragments in Markdown (.md)"
            )
        markdown = Path(addon_dir) / FRAGMENTS_DIR / f"{name}.md"
        if markdown.exists():
            rst = markdown_to_rst(
                markdown.read_text(encoding="utf-8"),
                f"{FRAGMENTS_DIR}/{name}.md",
                heading_level=level,
                image_base_url=image_base_url,
            )
            if rst:
                fragments[name] = rst.rstrip("\n")
    if "DESCRIPTION" not in fragments:
        raise ReadmeError(f"{FRAGMENTS_DIR}/DESCRIPTION.md is missing or empty")
    return fragments


def badges(manifest, repository_label, addon_url):
    """(image, target, alternative text) of the README's badges."""
    result = []
    status = manifest.get("development_status", "Beta").lower()
    if status in DEVELOPMENT_STATUS_BADGES:
        badge, label = DEVELOPMENT_STATUS_BADGES[status]
        result.append(
            (f"https://img.shields.io/badge/{badge}.png", DEVELOPMENT_STATUS_URL, label)
        )
    licence = manifest.get("license")
    if licence in LICENSE_URLS:
        result.append(
            (
                "https://img.shields.io/badge/license-"
                f"{_shields_text(licence)}-blue.png",
                LICENSE_URLS[licence],
                f"License: {licence}",
            )
        )
    result.append(
        (
            "https://img.shields.io/badge/github-"
            f"{_shields_text(repository_label)}-lightgray.png?logo=github",
            addon_url,
            repository_label,
        )
    )
    return result


def bug_tracker(repository_url, addon_name, odoo_version):
    issues_url = f"{repository_url}/issues"
    feedback_body = quote(
        f"module: {addon_name}\nversion: {odoo_version}\n\n"
        "**Steps to reproduce**\n- ...\n\n**Current behavior**\n\n"
        "**Expected behavior**",
        safe="*:",
    )
    return [
        _title("Bug Tracker", 2),
        f"Bugs are tracked on `GitHub Issues <{issues_url}>`_.\n"
        "In case of trouble, please check there if your issue has already been "
        "reported.\n"
        "If you spotted it first, help us to smash it by providing a detailed and "
        "welcomed\n"
        f"`feedback <{issues_url}/new?body={feedback_body}>`_.",
        "Do not contact contributors directly about support or help with technical "
        "issues.",
    ]


def credits_section(manifest, fragments, repository_label, addon_url):
    """Credits: Authors, Contributors, Other credits, Maintainers."""
    parts = [_title("Credits", 2)]
    authors = [author.strip() for author in manifest.get("author", "").split(",")]
    if any(authors):
        parts += [
            _title("Authors", 3),
            "\n".join(f"* {author}" for author in authors if author),
        ]
    for fragment, title in CREDITS_SECTIONS:
        if fragment in fragments:
            parts += [_title(title, 3), fragments[fragment]]
    parts.append(_title("Maintainers", 3))
    maintainers = manifest.get("maintainers") or []
    if maintainers:
        parts += [
            "\n".join(
                f".. |maintainer-{handle}| image:: https://github.com/{handle}.png"
                f"?size=40px\n    :target: https://github.com/{handle}\n"
                f"    :alt: {handle}"
                for handle in maintainers
            ),
            f"Current maintainer{'s' if len(maintainers) > 1 else ''}:",
            " ".join(f"|maintainer-{handle}|" for handle in maintainers),
        ]
    parts += [
        f"This module is part of the `{repository_label} <{addon_url}>`_ "
        "project on GitHub.",
        "You are welcome to contribute.",
    ]
    return parts


def render_readme(addon_dir, addon_name, branch=DEFAULT_BRANCH):
    """The text of README.rst for the addon at `addon_dir`."""
    manifest = read_manifest(addon_dir)
    owner, repository = github_repository(manifest)
    repository_label = f"{owner}/{repository}"
    repository_url = f"https://github.com/{repository_label}"
    # the repository's root is the addon (OCA's addons are one folder deeper)
    addon_url = f"{repository_url}/tree/{branch}"
    fragments = read_fragments(
        addon_dir, f"https://raw.githubusercontent.com/{repository_label}/{branch}/"
    )
    name = manifest["name"]
    addon_badges = badges(manifest, repository_label, addon_url)
    parts = [
        "\n".join(["=" * len(name), name, "=" * len(name)]),
        _banner(source_digest(addon_dir)),
        "\n".join(
            f".. |badge{index}| image:: {image}\n    :target: {target}\n    :alt: {alt}"
            for index, (image, target, alt) in enumerate(addon_badges, start=1)
        ),
        " ".join(f"|badge{index}|" for index in range(1, len(addon_badges) + 1)),
        fragments["DESCRIPTION"],
    ]
    if manifest.get("development_status", "Beta").lower() == "alpha":
        parts.append(
            ".. IMPORTANT::\n"
            "   This is an alpha version, the data model and design can change at "
            "any time without warning.\n"
            "   Only for development or testing purpose, do not use in production.\n"
            f"   `More details on development status <{DEVELOPMENT_STATUS_URL}>`_"
        )
    parts += ["**Table of contents**", ".. contents::\n   :local:"]
    for fragment, title in SECTIONS_BEFORE_CREDITS:
        if fragment in fragments:
            parts += [_title(title, 2), fragments[fragment]]
    parts += bug_tracker(repository_url, addon_name, manifest["version"][:4])
    parts += credits_section(manifest, fragments, repository_label, addon_url)
    return "\n\n".join(parts) + "\n"


def render_index_html(readme_text):
    """static/description/index.html: README.rst rendered by docutils."""
    try:
        html = publish_string(
            readme_text,
            writer_name="html4css1",
            settings_overrides=RST2HTML_SETTINGS,
        )
    except Exception as error:  # docutils raises SystemMessage on warnings
        raise ReadmeError(f"{README} is not valid reStructuredText: {error}") from error
    # without the docutils version, so that another version changes less
    return re.sub(rb"(<meta.*generator.*Docutils)\s*[\d.]+", rb"\1", html)


def generated_files(addon_dir, addon_name, branch=DEFAULT_BRANCH):
    """{relative path: bytes} of the generated files."""
    readme = render_readme(addon_dir, addon_name, branch)
    return {README: readme.encode("utf-8"), INDEX_HTML: render_index_html(readme)}


def _recorded_digest(addon_dir):
    readme = Path(addon_dir) / README
    if not readme.is_file():
        return None
    match = re.search(r"!! source digest: (sha256:\w+)", readme.read_text("utf-8"))
    return match and match[1]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; fail if a generated file is not up to date",
    )
    mode.add_argument(
        "--force",
        action="store_true",
        help="rewrite the files even if their sources did not change",
    )
    parser.add_argument("--branch", default=DEFAULT_BRANCH)
    parser.add_argument("--addon-dir", type=Path, default=ADDON_ROOT)
    parser.add_argument(
        "--addon-name",
        default=None,
        help=f"technical name (default: {ADDON_NAME} for this repository, "
        "else the folder's name)",
    )
    args = parser.parse_args(argv)
    addon_dir = args.addon_dir.resolve()
    addon_name = args.addon_name or (
        ADDON_NAME if addon_dir == ADDON_ROOT else addon_dir.name
    )
    try:
        if (
            not (args.check or args.force)
            and _recorded_digest(addon_dir) == source_digest(addon_dir)
            and (addon_dir / INDEX_HTML).is_file()
        ):
            print(f"{README} and {INDEX_HTML} are up to date with their sources.")
            return 0
        expected = generated_files(addon_dir, addon_name, args.branch)
    except (ReadmeError, OSError, SyntaxError, ValueError) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    stale = [
        path
        for path, content in expected.items()
        if not (addon_dir / path).is_file()
        or (addon_dir / path).read_bytes() != content
    ]
    if args.check:
        if stale:
            # same sources, other output: edited by hand, or made by another
            # version of this script or of docutils
            same_sources = _recorded_digest(addon_dir) == source_digest(addon_dir)
            print(
                f"ERROR: {', '.join(stale)} not up to date with readme/ and "
                f"{MANIFEST}: run `python3 {GENERATOR}"
                f"{' --force' if same_sources else ''}`",
                file=sys.stderr,
            )
            return 1
        return 0
    for path in stale:
        (addon_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (addon_dir / path).write_bytes(expected[path])
        print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
