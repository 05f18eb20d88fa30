"""Join codes and secrets.

A join code is read off a projector from the back of a hall and typed on a phone, so
it uses only characters that cannot be mistaken for one another (no 0/O/Q, 1/I/L, 2/Z,
5/S, 6/G, 8/B, U/V) and is shown in two halves of three.
"""

from __future__ import annotations

import secrets

JOIN_ALPHABET = "ACDEFHJKMNPRTWXY3479"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    """A random join code, e.g. 'KX7P3M' (about 6.4 × 10⁷ possibilities)."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(typed: str) -> str:
    """What a person typed, as a stored code: upper case, spaces and dashes removed."""
    if not isinstance(typed, str):
        return ""
    return "".join(ch for ch in typed.upper() if ch.isalnum())[:16]


def display_join_code(code: str) -> str:
    """The code as shown on the board: 'KX7 P3M'."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code


def new_secret() -> str:
    """A URL-safe secret with 192 random bits, for board and co-facilitator links."""
    return secrets.token_urlsafe(24)
