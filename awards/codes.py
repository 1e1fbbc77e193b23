"""Random, typeable identifiers: certificates' verification codes and cases' keys.

Both are random (never derived from a database id) and written in Crockford base32, whose
alphabet has no I, L, O or U, so nothing can be misread; typed input is normalised (case,
spaces, dashes, O→0, I/L→1) before it is looked up.

* A verification code (printed on each award's certificate): 80 random bits, 16 characters,
  shown in groups of four: 7Q2M-4K9X-HC3T-VB8N.
* A case key (案例编号 in workbooks): 55 random bits and a check character, 12 characters,
  shown as 7Q2M-4K9X-HC3T. Random keys let a workbook move between sites: two sites never
  hand out the same key, where database ids overlap. The check character (Luhn mod 32) turns
  a mistyped key (any one wrong character, nearly every swap of neighbours) into an error
  instead of a key some other site may have given out.
"""

import re
import secrets

from stdnum import luhn

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BITS = 80
LENGTH = BITS // 5  # 16 characters of 5 bits each
GROUP = 4
CASE_KEY_LENGTH = 12  # 11 random characters and the check character
CASE_KEY_EXAMPLE = "7Q2M-4K9X-HC34"  # a valid key, for messages and docs

# Crockford's decoding rules: letters people confuse with digits mean those digits.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Anything people put between groups when they copy a code by hand.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_.·・。,,、]+")


def _random(length: int) -> str:
    value = secrets.randbits(5 * length)
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def new_code() -> str:
    """A fresh random verification code in canonical form (16 characters, no dashes)."""
    return _random(LENGTH)


def normalize(typed: str, length: int = LENGTH) -> str:
    """The canonical form of a typed code, or "" when it cannot be one.

    Full-width characters (a Chinese keyboard) are folded to ASCII first.
    """
    text = "".join(
        chr(ord(ch) - 0xFEE0) if "！" <= ch <= "～" else ch for ch in str(typed or "").strip()
    )
    text = _SEPARATORS.sub("", text).upper().translate(_CONFUSABLE)
    if len(text) != length or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def grouped(code: str) -> str:
    """7Q2M4K9XHC3TVB8N -> 7Q2M-4K9X-HC3T-VB8N, the form printed and used in URLs."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


# --- Case keys ------------------------------------------------------------------------


def new_case_key() -> str:
    """A fresh random case key in canonical form (12 characters, the last one a check)."""
    body = _random(CASE_KEY_LENGTH - 1)
    return body + luhn.calc_check_digit(body, ALPHABET)


def case_key(typed) -> str:
    """The canonical form of a typed case key, or "" when it is not one (a typo fails the
    check character)."""
    key = normalize(typed, CASE_KEY_LENGTH)
    if not key or luhn.checksum(key, ALPHABET) != 0:
        return ""
    return key
