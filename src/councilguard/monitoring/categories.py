"""Web category lists (UT1 / squidGuard directories or archives, hosts files, plain domain lists)
and the lookup that gives a host its category: its own entry or its nearest listed parent.

The lists are public and shared by every council, so they live once in the data directory
(``categories/domains.parquet``: domain, category, list). What a category *means*
(prohibited, social media, personal, business) is each council's decision
(models.CategoryMeaning), as are its own allow and deny entries (models.DomainRule).
"""

from __future__ import annotations

import os
import tarfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from councilguard.core import archives
from councilguard.monitoring import eventstore
from councilguard.monitoring.models import Meaning

# squidGuard lists hold one domain per line; hosts files "0.0.0.0 domain"; comments with #.
_DOMAIN = r"^(?:[a-z0-9_][a-z0-9_-]{0,62}\.)+[a-z0-9-]{2,63}$"
_HOSTS_SINKS = ("0.0.0.0", "127.0.0.1", "::", "::1")  # noqa: S104 (addresses in list files)
# A domain listed in several categories at the same level is ambiguous (a sports streaming
# site can be both "sports" and "warez"): it is given the benefit of the doubt, the least
# serious meaning the council gave any of them, so a finding never rests on an ambiguous
# listing. Categories the council has not mapped come last (facebook.com is listed as a blog
# and a forum as well as a social network).
LEAST_SERIOUS_FIRST = [Meaning.BUSINESS, Meaning.PERSONAL, Meaning.SOCIAL, Meaning.PROHIBITED]


# Vendors whose logs carry their own category of each request (vendorlogs.py). An event
# classified by the vendor stores its category as "<vendor>/<name as the log writes it>"; a
# list category is a directory or file name and never holds "/", so the two cannot be confused
# and a finding can say which classification it rests on. The council gives a vendor's
# category its meaning by the name alone (set_category_meaning), case aside.
VENDORS = {
    "fortigate": "the FortiGate web filter's own rating",
    "umbrella": "Cisco Umbrella's own rating",
    # Any other vendor's log, read through a mapping profile (logprofiles.py).
    "mapped": "the vendor's own rating (read through a log profile)",
}
LISTS = "the category lists"


class CategoryError(ValueError):
    pass


def vendor_category(vendor: str, name: str) -> str:
    return f"{vendor}/{name}"


def split_category(stored: str | None) -> tuple[str | None, str]:
    """(vendor or None for the shared lists, the category's own name)."""
    vendor, _, name = (stored or "").partition("/")
    if name and vendor in VENDORS:
        return vendor, name
    return None, stored or ""


def meaning_key(stored: str | None) -> str:
    """What a stored category is looked up by among the council's meanings."""
    return split_category(stored)[1].lower()


def classified_by(stored: str | None) -> str:
    """Which classification gave an event its category, in words."""
    vendor, _ = split_category(stored)
    return VENDORS[vendor] if vendor else LISTS


def vendor_categories_seen(council) -> list[str]:
    """The names of the vendor categories the council's web and DNS logs carried, from the
    batches' host lists (a batch without one is not scanned for this)."""
    from councilguard.monitoring.models import SourceKind

    names: set[str] = set()
    for kind in (SourceKind.PROXY, SourceKind.DNS):
        for _, category, alternative in eventstore.hosts(council, kind) or []:
            for stored in (category, alternative):
                vendor, name = split_category(stored)
                if vendor:
                    names.add(name)
    return sorted(names, key=str.lower)


def meanings_by_name(pairs) -> dict[str, str]:
    """The council's meanings keyed as meaning_key looks them up."""
    return {category.lower(): meaning for category, meaning in pairs}


def store_path() -> Path:
    return eventstore.root() / "categories" / "domains.parquet"


def domains_of(text: bytes) -> pl.Series:
    """The domains of one list file, whatever its flavour; comments, blank lines, sink addresses
    of hosts files and entries that are not domain names are left out."""
    lines = pl.Series(
        "line", text.decode("utf-8", "replace").splitlines(), dtype=pl.String
    ).str.replace(r"#.*$", "")
    fields = lines.str.strip_chars().str.split(" ")
    # "0.0.0.0 example.com" -> example.com; "example.com" -> example.com
    domain = (
        pl.DataFrame({"f": fields})
        .select(
            pl.when(pl.col("f").list.first().is_in(_HOSTS_SINKS) & (pl.col("f").list.len() > 1))
            .then(pl.col("f").list.get(1, null_on_oob=True))
            .otherwise(pl.col("f").list.first())
            .str.strip_chars()
            .str.to_lowercase()
            .str.strip_chars_end(".")
            .alias("domain")
        )
        .to_series()
    )
    return domain.filter(domain.str.contains(_DOMAIN) & ~domain.is_in(["localhost"])).unique()


@dataclass
class ImportResult:
    categories: dict[str, int]
    total: int


def _from_tree(path: Path) -> dict[str, pl.Series]:
    """``<category>/domains`` files of a UT1 or squidGuard directory."""
    found = {}
    for domains in sorted(path.glob("*/domains")):
        found[domains.parent.name] = domains_of(domains.read_bytes())
    return found


def _from_archive(path: Path) -> dict[str, pl.Series]:
    """``<category>/domains`` members of a tar archive, plain or compressed, each measured
    before it is read (issue 12: a small archive can unpack to gigabytes)."""
    found: dict[str, pl.Series] = {}
    limits = archives.Limits.of("category_lists")
    try:
        for name, content in archives.tar_members(path, limits, f"{path.name}"):
            parts = Path(name).parts
            if len(parts) >= 2 and parts[-1] == "domains":
                found[parts[-2]] = domains_of(content)
    except archives.ArchiveRefused as refused:
        raise CategoryError(f"{path}: {refused}") from None
    return found


def read_lists(path: Path, category: str | None = None) -> dict[str, pl.Series]:
    if path.is_dir():
        found = _from_tree(path)
        if not found:
            raise CategoryError(f"{path}: no <category>/domains files in this directory")
        return found
    if not path.is_file():
        raise CategoryError(f"{path}: no such file or directory")
    if tarfile.is_tarfile(path):
        found = _from_archive(path)
        if not found:
            raise CategoryError(f"{path}: no <category>/domains files in this archive")
        return found
    if not category:
        raise CategoryError(f"{path}: a single list needs --category NAME")
    domains = domains_of(path.read_bytes())
    if domains.is_empty():
        raise CategoryError(f"{path}: no domain names found")
    return {category: domains}


def import_lists(path: Path, category: str | None = None) -> ImportResult:
    """Adds the lists at ``path`` to the shared store. Entries are kept per list (the file or
    directory name) and category, so several lists can fill one category, and a list imported
    again replaces what it gave before: the same lists twice change nothing. The new store
    replaces the old in one rename."""
    found = read_lists(path, category)
    source = path.name
    new = pl.concat(
        [
            pl.DataFrame({"domain": d}).with_columns(
                pl.lit(name, pl.String).alias("category"), pl.lit(source, pl.String).alias("list")
            )
            for name, d in found.items()
        ]
    )
    target = store_path()
    if target.exists():
        kept = pl.read_parquet(target).filter(
            ~((pl.col("list") == source) & pl.col("category").is_in(list(found)))
        )
        new = pl.concat([kept, new])
    new = new.unique().sort("domain", "category", "list")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".parquet.partial")
    new.write_parquet(partial)
    os.replace(partial, target)
    _cache.clear()
    return ImportResult({name: d.len() for name, d in found.items()}, new.height)


def known_categories() -> dict[str, int]:
    path = store_path()
    if not path.exists():
        return {}
    counts = pl.scan_parquet(path).group_by("category").len().collect().sort("category")
    return dict(counts.iter_rows())


_cache: dict[str, tuple[float, pl.DataFrame]] = {}


def _store() -> pl.DataFrame:
    path = store_path()
    if not path.exists():
        return pl.DataFrame(schema={"domain": pl.String, "category": pl.String})
    mtime = path.stat().st_mtime
    cached = _cache.get("store")
    if cached and cached[0] == mtime:
        return cached[1]
    # (A domain in one category from two lists appears twice; the lookup keeps the first.)
    frame = pl.read_parquet(path, columns=["domain", "category"])
    # Sorted by domain (import_lists writes it so): hosts are found by binary search.
    if not frame["domain"].is_sorted():
        frame = frame.sort("domain")
    _cache["store"] = (mtime, frame)
    return frame


def suffixes(hosts: list[str]) -> pl.DataFrame:
    """Each host with itself and each parent domain, and how many labels up that is."""
    host_col, candidate, level = [], [], []
    for host in hosts:
        if not host:
            continue
        labels = host.split(".")
        # An IP address is looked up whole; a name, at each level up to (not) its top level.
        last = 1 if host.replace(".", "").isdigit() or ":" in host else len(labels) - 1
        for i in range(max(last, 1)):
            host_col.append(host)
            candidate.append(".".join(labels[i:]))
            level.append(i)
    return pl.DataFrame(
        {"host": host_col, "domain": candidate, "level": level},
        schema={"host": pl.String, "domain": pl.String, "level": pl.Int32},
    )


def _lookup(candidates: pl.DataFrame) -> pl.DataFrame:
    """The candidates joined with their store entries, found by binary search in the sorted
    store: a chunk's new hosts cost a few look-ups each, not a pass over the whole store."""
    store = _store()
    domains = candidates["domain"]
    first = store["domain"].search_sorted(domains, side="left").to_numpy()
    counts = store["domain"].search_sorted(domains, side="right").to_numpy() - first
    rows = np.repeat(np.arange(len(domains)), counts)
    # Each candidate's run of entries: its first position, then the next ones.
    starts = np.cumsum(counts) - counts
    positions = np.repeat(first, counts) + np.arange(len(rows)) - np.repeat(starts, counts)
    return candidates[rows].with_columns(store["category"].gather(positions).alias("category"))


def categorise(hosts: list[str], meanings: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    """host -> (category, alt_category) for the listed ones of distinct hosts. The nearest
    listed level wins; among categories listed at that level, ``category`` is the one the
    council treats least seriously and ``alt_category`` the most seriously (None when they
    agree), so a rule can give an ambiguous site the benefit of the doubt unless the proxy
    itself blocked it."""
    candidates = suffixes(hosts)
    if candidates.is_empty():
        return {}
    nearest: dict[str, tuple[int, list[str]]] = {}
    for host, level, category in _lookup(candidates).select("host", "level", "category").rows():
        found = nearest.get(host)
        if found is None or level < found[0]:
            nearest[host] = (level, [category])
        elif level == found[0]:
            found[1].append(category)
    return {host: choose(listed, meanings) for host, (_, listed) in nearest.items()}


_RANK = {m.value: i for i, m in enumerate(LEAST_SERIOUS_FIRST)}


def choose(listed: list[str], meanings: dict[str, str]) -> tuple[str, str | None]:
    """(category, alt_category) among the categories a site is listed in: the one the council
    treats least seriously, unmapped ones last, and the most seriously (None when they agree).
    ``meanings`` is keyed by meaning_key."""
    unmapped = len(_RANK)

    def seriousness(category: str) -> tuple[int, int, str]:
        # (least-serious order with unmapped categories last, most-serious order, name)
        weight = _RANK.get(meanings.get(meaning_key(category), ""), -1)
        return (weight if weight >= 0 else unmapped, weight, category)

    least = min(listed, key=seriousness)
    most = min(listed, key=lambda c: (-seriousness(c)[1], c))
    return least, most if most != least else None


def vendor_choice(vendor: str, field: str, meanings: dict[str, str]) -> tuple[str, str | None]:
    """(category, alt_category) from the category field of a vendor's log line: one name
    (FortiGate) or several separated by commas (Umbrella), chosen among as a listing is."""
    if vendor == "umbrella":
        names = [n.strip() for n in field.split(",")]
    elif vendor == "mapped":
        # A profile's reader keeps several categories apart with this character.
        names = [n.strip() for n in field.split("\x1f")]
    else:
        names = [field.strip()]
    names = [vendor_category(vendor, n) for n in dict.fromkeys(n for n in names if n)]
    return choose(names, meanings)


class Categoriser:
    """Categories of hosts for one ingest, remembering hosts already seen (a log has far fewer
    distinct hosts than lines)."""

    def __init__(self, meanings: dict[str, str]):
        self.meanings = meanings
        self.seen: dict[str, tuple[str | None, str | None]] = {}

    def __call__(self, hosts: list[str]) -> tuple[list[str | None], list[str | None]]:
        """(category, alt_category) of each host."""
        new = [h for h in dict.fromkeys(hosts) if h not in self.seen]
        if new:
            for host in new:
                self.seen[host] = (None, None)
            self.seen.update(categorise(new, self.meanings))
        pairs = [self.seen[h] for h in hosts]
        return [c for c, _ in pairs], [a for _, a in pairs]
