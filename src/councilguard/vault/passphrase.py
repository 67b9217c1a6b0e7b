"""Three random words (B 4.1.1, the NCSC's advice), from the EFF's long word list as shipped by
the xkcdpass package: 7,776 words chosen to be easy to type and hard to confuse, less the four
with a hyphen in them ("yo-yo"), which would read as two words between hyphens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from xkcdpass import xkcd_password

SEPARATORS = {"space": " ", "hyphen": "-", "dot": ".", "none": ""}


@dataclass(frozen=True)
class Options:
    words: int = 3
    separator: str = "hyphen"
    digits: bool = False
    capitals: bool = False


@lru_cache(maxsize=1)
def word_list() -> tuple[str, ...]:
    path = xkcd_password.locate_wordfile("eff-long")
    words = xkcd_password.generate_wordlist(wordfile=path, min_length=3, max_length=9)
    return tuple(sorted({word for word in words if word.isalpha()}))


def generate(options: Options = Options(), *, user=None, attempts: int = 20) -> str:  # noqa: B008
    """A passphrase that also passes the sign-in strength check (a rare draw of three short,
    common words does not, so draw again)."""
    words = word_list()
    separator = SEPARATORS.get(options.separator, "-")
    count = max(3, min(options.words, 6))
    candidate = ""
    for _ in range(attempts):
        chosen = [secrets.choice(words) for _ in range(count)]
        if options.capitals:
            chosen = [word.capitalize() for word in chosen]
        candidate = separator.join(chosen)
        if options.digits:
            candidate += separator + f"{secrets.randbelow(100):02d}"
        try:
            validate_password(candidate, user)
        except ValidationError:
            continue
        return candidate
    return candidate
