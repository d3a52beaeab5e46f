"""Validators for the national identifiers the system stores.

- unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, check character;
- investment project code (投资项目代码, GB/T 40058-2021): ``YYYY-RRRRRR-DD-TT-NNNNNN``;
- administrative division code (行政区划代码, GB/T 2260): 6 digits.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# GB 32100 uses 31 characters: digits and capitals without I, O, S, V, Z.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_RE = re.compile(rf"^[{CREDIT_CODE_CHARSET}]{{2}}\d{{6}}[{CREDIT_CODE_CHARSET}]{{10}}$")

# First two digits of GB/T 2260 codes: the provinces, regions and municipalities.
PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)

PROJECT_CODE_RE = re.compile(
    r"^(?P<year>\d{4})-(?P<region>[0-9A-Za-z]{6})-(?P<dept>\d{2})-(?P<type>\d{2})-(?P<serial>\d{6})$"
)


def credit_code_check_character(first17: str) -> str:
    """The 18th character of a unified social credit code, from its first 17."""
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    if not isinstance(value, str) or len(value) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位（当前为%(length)s位）"),
            code="credit_code_length",
            params={"length": len(value or "")},
        )
    if not CREDIT_CODE_RE.match(value):
        raise ValidationError(
            _("统一社会信用代码只能包含数字和大写字母（不含I、O、S、V、Z），第3至8位为行政区划代码"),
            code="credit_code_characters",
        )
    expected = credit_code_check_character(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位错误：第18位应为“%(expected)s”，请核对后重新输入"),
            code="credit_code_check",
            params={"expected": expected},
        )


def validate_division_code(value: str) -> None:
    if not re.fullmatch(r"\d{6}", value or ""):
        raise ValidationError(_("行政区划代码应为6位数字"), code="division_code_shape")
    if value[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(
            _("行政区划代码前两位“%(prefix)s”不是有效的省级代码"),
            code="division_code_province",
            params={"prefix": value[:2]},
        )


def validate_project_code(value: str) -> None:
    """Shape only, and leniently: some zones use non-standard region codes and the
    check digit algorithm is not public, so neither is enforced."""
    match = PROJECT_CODE_RE.match(value or "")
    if not match:
        raise ValidationError(
            _("投资项目代码格式应为“年份-区划代码-部门代码-项目类型-六位序号”，例如 2024-320903-04-01-123456"),
            code="project_code_shape",
        )
    year = int(match["year"])
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError(
            _("投资项目代码中的年份“%(year)s”不合理"), code="project_code_year", params={"year": match["year"]}
        )
