"""Verification codes: the short, random, typeable identifier printed on each award's certificate.

80 random bits (never derived from the database id) written as 16 Crockford base32 characters,
shown in groups of four: 7Q2M-4K9X-HC3T-VB8N. The alphabet has no I, L, O or U, so nothing can
be misread; typed input is normalised (case, spaces, dashes, O→0, I/L→1) before it is looked up.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BITS = 80
LENGTH = BITS // 5  # 16 characters of 5 bits each
GROUP = 4

# Crockford's decoding rules: letters people confuse with digits mean those digits.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Anything people put between groups when they copy a code by hand.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_.·・。,,、]+")


def new_code() -> str:
    """A fresh random code in canonical form (16 characters, no dashes)."""
    value = secrets.randbits(BITS)
    chars = []
    for _ in range(LENGTH):
        value, digit = divmod(value, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def normalize(typed: str) -> str:
    """The canonical form of a typed code, or "" when it cannot be one.

    Full-width characters (a Chinese keyboard) are folded to ASCII first.
    """
    text = "".join(
        chr(ord(ch) - 0xFEE0) if "！" <= ch <= "～" else ch for ch in (typed or "").strip()
    )
    text = _SEPARATORS.sub("", text).upper().translate(_CONFUSABLE)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def grouped(code: str) -> str:
    """7Q2M4K9XHC3TVB8N -> 7Q2M-4K9X-HC3T-VB8N, the form printed and used in URLs."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
