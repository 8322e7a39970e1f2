"""Every published edition at its own, permanent address: editions/VERSION/ of the site.

A reader who cited edition 1.0.0 must find, years later, the page as 1.0.0 published it,
not the newest text. So every edition of data/editions.yml is part of every build:

- the current edition is built as usual at the site's root addresses, and a copy of it is
  placed at editions/CURRENT/, its permanent address;
- each past edition is kept in the repository, frozen: editions/VERSION/ holds the whole
  site its commit built (`python -m edition.publish`), and editions/VERSION.sha256 lists
  the SHA-256 of each of its files; data/editions.yml records the commit and the digest
  of that listing, and every build checks all three before it copies the edition in.

Why frozen files, not a rebuild of the old commit at each build: a frozen edition is what
was published, byte for byte, whatever becomes of the code, the packages or the Python it
was built with (an old commit's hooks need not run on next year's MkDocs); a build needs
no history (CI checkouts are often shallow) and no network; and a warm build only copies
files. It costs the repository about 4 MB per edition, most of it Material's assets,
which git stores once while they do not change.

A copy differs from its build in a banner at the top of each page's article (which
edition this is, the same page in the current edition, whether it changed since, the
page in every edition) and in links: links of the current edition's pages into
editions/ are made to reach them from the copy too; and a past edition made before
permanent addresses (whose pages name their living address as their own) has the
addresses of the site in its pages and citation downloads moved into its own folder.

To publish a new edition: see README, "Publishing a new edition".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import yaml

from edition import cache, project
from edition.citation import edition_address, long_date
from edition.data import DataError, Edition

SITE_FOLDER = project.EDITIONS_DIR  # the same name in the built site as in the repository
# The citation downloads beside a page, whose addresses move with the page's.
CITATION_FILES = (".bib", ".ris", ".json")


# --- the frozen editions in the repository ------------------------------------------

def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing_of(folder: Path) -> str:
    """Every file of a folder with its SHA-256, in `sha256sum` format (so that
    `sha256sum -c` checks a frozen edition from its folder), sorted by path."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return "".join(f"{file_digest(p)}  {p.relative_to(folder).as_posix()}\n" for p in files)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def archive_folder(root: Path, version: str) -> Path:
    return root / project.EDITIONS_DIR / version


def checked_archive(root: Path, edition: Edition) -> list[str]:
    """The files of a past edition's frozen build, once they are shown to be what
    data/editions.yml records; a DataError naming the first difference otherwise."""
    folder = archive_folder(root, edition.version)
    name = f"{project.EDITIONS_DIR}/{edition.version}"
    if edition.archive is None:
        raise DataError(f"{project.DATA_DIR}/editions.yml: edition {edition.version} is a past edition but records "
                        f"no archive: run python -m edition.archive freeze on its commit and add what it prints")
    listing_file = folder.with_name(f"{edition.version}.sha256")
    if not folder.is_dir() or not listing_file.is_file():
        missing = folder if not folder.is_dir() else listing_file
        raise DataError(f"{missing.relative_to(root).as_posix()}: missing; edition {edition.version} is published "
                        f"from it (restore it with git checkout -- {project.EDITIONS_DIR}/)")
    listing = listing_file.read_text(encoding="utf-8")
    if text_digest(listing) != edition.archive.listing:
        raise DataError(f"{name}.sha256: differs from the listing digest data/editions.yml records for "
                        f"edition {edition.version}; a published edition never changes")
    expected = {}
    for line in listing.splitlines():
        digest, _, path = line.partition("  ")
        expected[path] = digest
    found = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    problems = [f"{path} is missing" for path in sorted(expected.keys() - found.keys())]
    problems += [f"{path} is not in its listing" for path in sorted(found.keys() - expected.keys())]
    problems += [f"{path} differs from its listing" for path in sorted(expected.keys() & found.keys())
                 if file_digest(found[path]) != expected[path]]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DataError(f"{name}: {problems[0]}{more}; a published edition never changes "
                        f"(restore it with git checkout -- {name})")
    return sorted(expected)


def check_no_stray_editions(root: Path, past: list[str]) -> None:
    """A frozen edition that data/editions.yml does not list is a mistake (a version renamed
    or an entry deleted): a DataError names it."""
    folder = root / project.EDITIONS_DIR
    found = {p.name.removesuffix(".sha256") for p in folder.iterdir()} if folder.is_dir() else set()
    if stray := sorted(found - set(past)):
        raise DataError(f"{project.EDITIONS_DIR}/{stray[0]}: no past edition of {project.DATA_DIR}/editions.yml "
                        "has this version (add its entry, or delete the folder and its listing)")


# --- freezing an edition: its commit's build, into the repository ---------------------

def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        raise DataError(f"git {' '.join(args)}: {result.stderr.strip() or 'failed'}")
    return result.stdout.strip()


def commit_of(root: Path, revision: str) -> str:
    """The full id of a commit; a clear error when a shallow clone does not have it."""
    try:
        return git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", cwd=root)
    except DataError:
        shallow = git("rev-parse", "--is-shallow-repository", cwd=root) == "true"
        why = (" This clone is shallow and lacks the history: run git fetch --unshallow." if shallow else "")
        raise DataError(f"commit {revision} is not in this repository.{why}") from None


def build_commit(root: Path, commit: str, site: Path) -> None:
    """Build a commit as it is published (`python -m edition.publish`) into `site`, from a
    copy of its files, with its own code and this Python's packages, and with the commit's
    time as SOURCE_DATE_EPOCH (as `make build` gives it in a checkout of that commit)."""
    epoch = git("log", "-1", "--format=%ct", commit, cwd=root)
    with tempfile.TemporaryDirectory() as folder:
        checkout = Path(folder) / "checkout"
        checkout.mkdir()
        archive = subprocess.run(["git", "archive", commit], cwd=root, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(checkout)], input=archive, check=True)
        # Its own environment: no cache of this project's (EDITION_CACHE_DIR), no settings of a test run.
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SOURCE_DATE_EPOCH": epoch, "EDITION_CACHE": "0",
               "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "HOME": folder}
        # `-m` puts the checkout first on sys.path: its own edition package, not this one.
        result = subprocess.run([sys.executable, "-m", "edition.publish", str(site)], cwd=checkout, env=env,
                                capture_output=True, text=True)
        if result.returncode:
            raise DataError(f"the build of commit {commit[:12]} failed:\n{result.stdout}{result.stderr}")


def freeze(root: Path, revision: str = "HEAD") -> str:
    """Freeze the edition built by a commit into editions/VERSION/ with its listing, and
    return what data/editions.yml needs for it."""
    commit = commit_of(root, revision)
    cff = yaml.safe_load(git("show", f"{commit}:{project.CITATION_FILE}", cwd=root))
    version = str(cff["version"])
    folder = archive_folder(root, version)
    with tempfile.TemporaryDirectory() as temporary:
        site = Path(temporary) / "site"
        build_commit(root, commit, site)
        # The editions it carries are frozen on their own.
        shutil.rmtree(site / SITE_FOLDER, ignore_errors=True)
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(site, folder)
    listing = listing_of(folder)
    folder.with_name(f"{version}.sha256").write_text(listing, encoding="utf-8")
    # What the edition promised (its manifest at that commit), and its downloads.
    manifest = yaml.safe_load(git("show", f"{commit}:{project.DATA_DIR}/citable-urls.yml", cwd=root))
    files = sorted({*(manifest.get("files") or []),
                    *(p.relative_to(folder).as_posix() for p in (folder / "downloads").glob("*"))})
    promised = yaml.safe_dump({"editions": {version: {"files": files, "urls": manifest["urls"]}}},
                              sort_keys=False, allow_unicode=True, width=120)
    return (f"# data/editions.yml: under the entry of edition {version}\n"
            f"  archive:\n    commit: {commit}\n    listing: {text_digest(listing)}\n"
            f"# data/citable-urls.yml: what edition {version} promised, under editions\n{promised}")


# --- the copies in the built site ------------------------------------------------------

ARTICLE = re.compile(r"<article\b[^>]*>")
# A relative link into editions/ (quoted or not), before its path inside that folder.
LINK_INTO_EDITIONS = re.compile(r"""(\s(?:href|src)=)(["']?)((?:\.\./)*)""" + SITE_FOLDER + "/")
# The page's own address, as Open Graph gives it (attributes in any order, quoted or not).
OG_URL = re.compile(r"""<meta\b(?=[^>]*\sproperty=["']?og:url[\s"'>])[^>]*\scontent=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


@dataclass(frozen=True)
class EditionCopy:
    """One edition's copy in the site, with what its banners need."""

    edition: Edition
    current: Edition  # the newest edition
    editions: tuple[Edition, ...]  # all, newest first
    pages: dict  # version -> the set of page folders ("", "essay/") each edition has
    site_url: str

    @property
    def is_current(self) -> bool:
        return self.edition.version == self.current.version

    def permanent_url(self, rel: str) -> str:
        return edition_address(self.site_url, self.edition.version) + rel


def page_address(name: str) -> str:
    """The page folder of a file of a site, as an address relative to it:
    "essay/index.html" -> "essay/", "index.html" -> ""."""
    folder = posixpath.dirname(name)
    return folder + "/" if folder else ""


def depth(rel: str) -> int:
    """How many folders down a page folder is: "" -> 0, "institutions/un/" -> 2."""
    return len([part for part in rel.split("/") if part])


def page_slug(rel: str) -> str:
    """A page folder as the Updates page names it in ids: "institutions/un/" -> "institutions-un"."""
    return rel.strip("/").replace("/", "-") or "index"


def page_folder(docs_path: str) -> str:
    """The address of a page of docs/, relative to its site ("essay.md" -> "essay/",
    "institutions/index.md" -> "institutions/", "index.md" -> "")."""
    stem = docs_path.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return f"{stem}/" if stem else ""


def has_page(root: Path, version: str, folder: str) -> bool:
    """Whether a past edition's frozen build has a page at this address."""
    return (archive_folder(root, version) / folder / "index.html").is_file()


class _ArticleText(HTMLParser):
    """The text of a page's article, without its cite panel, its paragraphs' citations
    and an edition banner: what a reader reads as the page."""

    SKIPPED = {"cite-panel", "paragraph-cite", "edition-banner"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the article
        self.skip = 0  # inside a skipped element
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if self.depth and (self.skip or classes & self.SKIPPED):
            self.skip += 1
        if tag == "article" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.depth:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(page: str) -> str:
    """The text of the page's article; kept in the article-text cache by the article's
    digest (parsing the pages took most of a warm build's copying)."""
    start = page.find("<article")  # the rest of the page is the theme's
    article = page[start:page.find("</article>", start) + len("</article>")] if start >= 0 else ""
    folder = cache.folder("article-text")
    entry = folder / f"{text_digest(article)}.json" if folder else None
    if entry is not None and (text := cache.load(entry)) is not None:
        return text
    parser = _ArticleText()
    parser.feed(article)
    text = " ".join(" ".join(parser.parts).split())
    if entry is not None:
        cache.store(entry, json.dumps(text, ensure_ascii=False))
    return text


def relative(from_rel: str, to: str) -> str:
    """A link from a page folder of a copy (depth d inside editions/V/) to a path of the
    site's root."""
    return "../" * (depth(from_rel) + 2) + to


def banner(copy: EditionCopy, rel: str, changed: bool | None) -> str:
    """The note at the top of a copied page. `changed`: whether the current edition's page
    reads differently (None: the current edition has no such page)."""
    edition, current = copy.edition, copy.current
    e = html.escape
    here = copy.permanent_url(rel)
    others = []
    for other in copy.editions:
        if rel not in copy.pages.get(other.version, ()):
            continue
        if other.version == edition.version:
            others.append(f"{e(other.version)} (this one)")
        else:
            others.append(f'<a href="{relative(rel, f"{SITE_FOLDER}/{other.version}/{rel}")}">{e(other.version)}</a>')
    if copy.is_current:
        title = (f"Edition {e(edition.version)} of {long_date(dt.date.fromisoformat(edition.date))}, the current "
                 "edition, at its permanent address")
        body = (f"<p>This copy of the page stays as it is when later editions appear, so a citation of its address, "
                f"<code>{e(here)}</code>, keeps leading to what you read here. The living address, which always "
                f'shows the newest edition, is <a href="{relative(rel, rel)}">{e(copy.site_url + rel)}</a>.</p>')
    else:
        title = (f"Edition {e(edition.version)} of {long_date(dt.date.fromisoformat(edition.date))}: a past "
                 "edition, at its permanent address")
        if changed is None:
            since = "The current edition has no such page."
        else:
            later = [ed for ed in copy.editions if _newer(ed, edition)]
            links = []
            for ed in reversed(later):
                corrected = any(page_folder(page) == rel for page, _ in ed.corrections)
                anchor = f"corrections-{ed.version}-{page_slug(rel)}" if corrected else f"edition-{ed.version}"
                label = f"its corrections in edition {ed.version}" if corrected else f"what edition {ed.version} changed"
                links.append(f'<a href="{relative(rel, "updates/")}#{e(anchor)}">{e(label)}</a>')
            since = ("The page has changed since; see " + ", ".join(links) + "." if changed
                     else "The page reads the same in the current edition.")
            since = (f'<a href="{relative(rel, rel)}">This page in the current edition</a> '
                     f"({e(current.version)} of {long_date(dt.date.fromisoformat(current.date))}). {since}")
        body = (f"<p>This page is kept as edition {e(edition.version)} published it, at the address "
                f"<code>{e(here)}</code>. {since}</p>")
    listing = f"<p>This page in each edition: {', '.join(others)}.</p>" if len(others) > 1 else ""
    return (f'<div class="admonition note edition-banner" role="note">'
            f'<p class="admonition-title">{title}</p>{body}{listing}</div>')


def _newer(one: Edition, other: Edition) -> bool:
    return tuple(int(p) for p in one.version.split(".")) > tuple(int(p) for p in other.version.split("."))


def links_into_editions(page: str, rel: str) -> str:
    """Links of a root page that lead into editions/ (to a page's other editions) made to
    lead there from the page's copy too, two folders deeper. Such a link climbs to the
    site's root, then descends: "../editions/1.0.0/essay/" from essay/."""
    climb = depth(rel)

    def moved(match: re.Match) -> str:
        if len(match[3]) // 3 != climb:  # climbs elsewhere: not to the site's root
            return match[0]
        return f"{match[1]}{match[2]}../../{match[3]}{SITE_FOLDER}/"
    return LINK_INTO_EDITIONS.sub(moved, page)


def site_links_moved(text: str, site_url: str, version: str) -> str:
    """The site's absolute addresses (plain, percent-encoded as in COinS, or with escaped
    colons as in a BibLaTeX file field) moved into editions/VERSION/."""
    for encoded in (str, lambda s: quote(s, safe=""), lambda s: s.replace(":", "\\:")):
        folder = encoded(f"{SITE_FOLDER}/{version}/")
        # An address already inside editions/ stays as it is.
        text = re.sub(re.escape(encoded(site_url)) + f"(?!{re.escape(encoded(SITE_FOLDER + '/'))})",
                      lambda m: m[0] + folder, text)
    return text


def names_living_address(page: str, site_url: str, rel: str) -> bool:
    """Whether a page gives its living address as its own (og:url): pages made before
    editions had permanent addresses do."""
    match = OG_URL.search(page)
    return bool(match) and "".join(v for v in match.groups() if v) == site_url + rel


def copied_page(copy: EditionCopy, page: str, rel: str, current_page: str | None) -> tuple[str, bool]:
    """A page of an edition as its copy shows it, and whether its site links were moved."""
    moved = not copy.is_current and names_living_address(page, copy.site_url, rel)
    if moved:
        page = site_links_moved(page, copy.site_url, copy.edition.version)
    else:
        page = links_into_editions(page, rel)
    # (The current edition's copy is the current page: nothing to compare.)
    changed = None if current_page is None or copy.is_current else article_text(page) != article_text(current_page)
    match = ARTICLE.search(page)
    if match:
        page = page[:match.end()] + banner(copy, rel, changed) + page[match.end():]
    return page, moved


def write_copy(copy: EditionCopy, source: Path, files: list[str], target: Path, current_site: Path) -> None:
    """Write an edition's copy into target: pages with their banners, citation downloads
    with their addresses moved where their page's were, everything else as it is."""
    moved_folders = set()
    # The pages (a 404.html, answering for any address, has no place in an edition's list).
    pages = {f for f in files if f.endswith("index.html")}
    for name in sorted(pages):
        rel = page_address(name)
        text = (source / name).read_text(encoding="utf-8")
        current = current_site / rel / "index.html"
        current_text = current.read_text(encoding="utf-8") if not copy.is_current and current.is_file() else None
        text, moved = copied_page(copy, text, rel, current_text)
        if moved:
            moved_folders.add(rel)
        _write(target / name, text.encode("utf-8"))
    for name in files:
        if name in pages:
            continue
        if page_address(name) in moved_folders and name.endswith(CITATION_FILES) and posixpath.basename(name).startswith("cite"):
            text = (source / name).read_text(encoding="utf-8")
            _write(target / name, site_links_moved(text, copy.site_url, copy.edition.version).encode("utf-8"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, target / name)  # by the kernel, not through Python


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] != "freeze" or len(argv) > 2:
        print("usage: python -m edition.archive freeze [COMMIT]   (default HEAD)", file=sys.stderr)
        return 2
    try:
        print(freeze(Path.cwd(), *argv[1:]), end="")
    except DataError as error:
        print(f"edition.archive: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
