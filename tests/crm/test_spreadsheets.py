"""Excel out (crm.spreadsheets): formula text escaped, dates and numbers kept as such,
Chinese file and sheet names, characters XML cannot hold dropped."""

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from crm.spreadsheets import cell_value, xlsx_bytes, xlsx_response


@pytest.mark.parametrize("text", ["=1+1", "+86 139", "-2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","点")'])
def test_text_that_would_start_a_formula_is_escaped(text):
    assert cell_value(text) == "'" + text


@pytest.mark.parametrize("value", ["盐城精密部件有限公司", "a=b", "13900000001", "", " =1"])
def test_other_text_is_kept(value):
    assert cell_value(value) == value


def test_values_keep_their_kind_and_lose_what_xml_cannot_hold():
    assert cell_value(None) is None
    assert cell_value(3_850_000) == 3_850_000
    assert cell_value(Decimal("12.50")) == Decimal("12.50")
    assert cell_value(dt.date(2026, 3, 2)) == dt.date(2026, 3, 2)
    assert cell_value("甲\x00乙\x1f丙\n丁") == "甲乙丙\n丁"
    assert cell_value(-5) == -5  # a number is not a formula


def test_sheet_reads_back_as_text_dates_and_numbers():
    data = xlsx_bytes(
        "待办事项",
        ["企业", "到期日", "金额"],
        [["=cmd|' /C calc'!A0", dt.date(2026, 3, 2), 3_850_000], ["正常公司", None, Decimal("1.5")]],
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "待办事项"
    assert [c.value for c in sheet[1]] == ["企业", "到期日", "金额"]
    formula, due, amount = sheet[2]
    assert formula.data_type == "s" and formula.value == "'=cmd|' /C calc'!A0"
    assert due.value == dt.datetime(2026, 3, 2) and due.number_format == "yyyy-mm-dd"
    assert amount.value == 3_850_000 and amount.number_format == "#,##0"
    assert sheet["C3"].number_format == "#,##0.00"
    assert sheet["B3"].value is None


def test_sheet_title_excel_refuses_is_cleaned():
    sheet = load_workbook(io.BytesIO(xlsx_bytes("预警/超时[全部]:*?" + "长" * 40, ["a"], []))).active
    assert sheet.title == ("预警超时全部" + "长" * 40)[:31]


def test_download_is_named_in_chinese_with_the_day(settings):
    response = xlsx_response("待办事项", ["企业"], [["甲"]])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and quote("待办事项-") in disposition and ".xlsx" in disposition
    assert response["Cache-Control"] == "private, no-store"
