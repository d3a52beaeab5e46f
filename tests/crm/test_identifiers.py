import pytest
from django.core.exceptions import ValidationError

from crm.identifiers import (
    credit_code_check_character,
    validate_credit_code,
    validate_division_code,
    validate_project_code,
)

# Published codes of real organisations (check characters as issued).
REAL_CREDIT_CODES = ["91350100M000100Y43", "91110000600037341L", "911100001000044477"]


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes_pass(code):
    validate_credit_code(code)
    assert credit_code_check_character(code[:17]) == code[17]


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y4", "credit_code_length"),
        ("91350100M000100Y433", "credit_code_length"),
        ("91350100M000100Y4I", "credit_code_characters"),  # I is not in the GB 32100 set
        ("9135A100M000100Y43", "credit_code_characters"),  # positions 3-8 are a division code
        ("91350100M000100Y44", "credit_code_check"),
    ],
)
def test_bad_credit_codes_say_why(code, error):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    assert caught.value.code == error


def test_wrong_check_character_names_the_right_one():
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("91350100M000100Y44")
    assert "3" in caught.value.messages[0]


@pytest.mark.parametrize("code", ["320903", "110101", "650102"])
def test_division_codes(code):
    validate_division_code(code)


@pytest.mark.parametrize("code", ["32090", "3209031", "99ABCD", "990101", ""])
def test_bad_division_codes(code):
    with pytest.raises(ValidationError):
        validate_division_code(code)


@pytest.mark.parametrize("code", ["2024-320903-04-01-123456", "2019-320900-89-01-000127", "2026-3209AB-99-02-654321"])
def test_project_code_shapes_accepted_leniently(code):
    validate_project_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "2024-320903-04-01-12345",
        "2024320903040112345",
        "2024-320903-4-01-123456",
        "1999-320903-04-01-123456",
        "2024-320903-04-01-12345X",
    ],
)
def test_project_code_bad_shapes(code):
    with pytest.raises(ValidationError):
        validate_project_code(code)
