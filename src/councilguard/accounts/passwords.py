"""Password strength (C14, B 4.1.1): three random words pass; common and guessable ones fail.

zxcvbn estimates how many guesses an attacker needs, using its dictionaries of common passwords,
names and words, keyboard patterns, dates and substitutions. A phrase of three unrelated words
("purple candle river", even run together as "PurpleCandleRiver") needs billions of guesses;
"towncouncil2026" needs a few hundred million, and is refused with the reason shown.
"""

from __future__ import annotations

import math
import re

from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

# Words a council's own people would guess first; zxcvbn does not know them.
GUESSABLE_WORDS = ("council", "councillor", "parish", "town", "clerk", "mayor", "councilguard")
# A password containing one of these (or the user's own council's name) is refused outright.
FORBIDDEN_PARTS = ("password", "councilguard")

# 10^9 guesses: beyond an online attacker and slow for an offline one against Argon2. Three
# random words clear it comfortably; two dictionary words and a year do not.
MIN_GUESSES_LOG10 = 9.0


class GuessablePasswordValidator:
    """Refuse passwords that zxcvbn thinks fall within ``min_guesses_log10``, or that contain
    the council's own name, and explain why."""

    def __init__(self, min_guesses_log10: float = MIN_GUESSES_LOG10) -> None:
        self.min_guesses_log10 = min_guesses_log10

    def validate(self, password: str, user=None) -> None:
        own_words = _own_words(user)
        squashed = re.sub(r"[^a-z]", "", password.lower())
        council_words = {w for w in own_words["council"] if len(w) >= 4}
        for part in FORBIDDEN_PARTS + tuple(council_words - set(GUESSABLE_WORDS)):
            if part in squashed:
                raise ValidationError(
                    f"The password contains '{part}', one of the first things an attacker "
                    "would try. Try three random words, for example 'purple candle river'.",
                    code="password_guessable",
                )
        # zxcvbn refuses to score more than max_length characters (by raising, which was a
        # 500 for a long password); the first 100 say enough about the rest.
        result = zxcvbn(
            password[:100],
            user_inputs=list(GUESSABLE_WORDS) + own_words["user"] + list(council_words),
            max_length=100,
        )
        if math.log10(max(result["guesses"], 1)) >= self.min_guesses_log10:
            return
        feedback = result["feedback"]
        when = result["crack_times_display"]["offline_slow_hashing_1e4_per_second"]
        reason = feedback.get("warning") or (
            f"This password could be guessed in {when} by someone with a stolen copy of the "
            "password store."
        )
        hints = " ".join(feedback.get("suggestions") or [])
        message = f"{reason} {hints}".strip()
        message += " Try three random words, for example 'purple candle river'."
        raise ValidationError(message, code="password_guessable")

    def get_help_text(self) -> str:
        return (
            "Use three random words, such as 'purple candle river'. Common passwords, names "
            "and patterns are refused."
        )


def _own_words(user) -> dict[str, list[str]]:
    words: dict[str, list[str]] = {"user": [], "council": []}
    if user is None:
        return words
    for value in (getattr(user, "email", ""), getattr(user, "full_name", "")):
        words["user"] += _split(value)
    if user.pk:
        for membership in user.memberships.select_related("council"):
            words["council"] += _split(membership.council.name) + _split(membership.council.slug)
    return words


def _split(value: str) -> list[str]:
    return [part for part in re.split(r"[^a-z0-9]+", value.lower()) if part]
