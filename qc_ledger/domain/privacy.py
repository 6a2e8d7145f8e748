"""Personal data kept out of free text: mainland mobile numbers, resident ID numbers, e-mail addresses.

Git keeps every version for ever, so such a value must be refused before it is committed. Pure: plain
data in, findings out, each value masked so that the message itself does not repeat it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Fields meant for contact details: a unit's contact person and phone, its contact persons' accounts.
CONTACT_FIELDS = frozenset({"contact", "accounts", "office_accounts"})

_MOBILE = re.compile(
    r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9])[- ]?([0-9]{4})[- ]?([0-9]{4})(?![0-9])"
)
_RESIDENT_ID = re.compile(
    r"(?<![0-9])([1-9][0-9]{5})((?:19|20)[0-9]{2}[01][0-9][0-3][0-9])([0-9]{3}[0-9Xx])(?![0-9Xx])"
)
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
# What every value of the three kinds contains, in ASCII or full width (a Chinese input method's
# full-width mode types ０-９, －, ＠); text without it is not searched further.
_CANDIDATE = re.compile(r"[@＠]|[0-9０-９]{3}[-－ 　]?[0-9０-９]{4}")
# Full-width forms (U+FF01-FF5E) and the ideographic space, read as the ASCII they stand for.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: ord(" ")}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


class PersonalData(NamedTuple):
    """One personal value found: where in the record, what kind, and the value masked."""

    loc: tuple
    kind: str
    masked: str


def _valid_resident_id(number: str) -> bool:
    """The 18th character is the GB 11643 check digit of the first 17."""
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def find_in_text(text: str) -> list[tuple[str, str]]:
    """Every personal value in a text, as (kind, masked value); full-width digits count too."""
    text = text.translate(_HALF_WIDTH)
    found: list[tuple[str, str]] = []
    for match in _RESIDENT_ID.finditer(text):
        number = match.group(0)
        if _valid_resident_id(number):
            found.append(("身份证号", f"{number[:4]}{'*' * 10}{number[-4:]}"))
    for match in _MOBILE.finditer(text):
        found.append(("手机号", f"{match.group(1)}****{match.group(3)}"))
    for match in _EMAIL.finditer(text):
        local, domain = match.group(1), match.group(2)
        found.append(("电子邮箱", f"{local[0]}***@{domain}"))
    return found


def find_personal_data(data: object, loc: tuple = ()) -> list[PersonalData]:
    """Walk a record's plain data; report personal values outside the fields meant for contacts."""
    found: list[PersonalData] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in CONTACT_FIELDS:
                found.extend(find_personal_data(value, (*loc, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(find_personal_data(value, (*loc, index)))
    elif isinstance(data, str) and _CANDIDATE.search(data):
        found.extend(PersonalData(loc, kind, masked) for kind, masked in find_in_text(data))
    return found


def describe(item: PersonalData) -> tuple[str, str]:
    """The message and the hint for one personal value."""
    return (
        f"这里含有个人信息（{item.kind} {item.masked}）；git 会永久保存每个版本，不能写进台账",
        "删除这个号码或地址；联系方式只写在 data/units.yaml 中本单位的 contact 下，"
        "或写“详见联系人”",
    )
