"""The admin's import page: the template to download (which imports as it is), the
preview, and a bad file's problems by row, column and reason, with nothing written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from crm.accounts.roles import Role
from projects.models import Enterprise
from tests.factories import UserFactory, ZoneFactory, credit_code
from tests.sheets import xlsx

pytestmark = pytest.mark.django_db

IMPORT = "/admin/projects/enterprise/import/"
TEMPLATE = "/admin/projects/enterprise/import-template/"


def upload(admin_client, content: bytes):
    return admin_client.post(IMPORT, {"format": "0", "import_file": SimpleUploadedFile("企业.xlsx", content)})


def test_the_template_explains_each_column_and_imports_once_filled_in(admin_client):
    ZoneFactory(name="盐城高新区")
    response = admin_client.get(TEMPLATE)
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    content = b"".join(response)
    book = load_workbook(io.BytesIO(content))
    sheet, notes = book.worksheets
    headers = [cell.value for cell in sheet[1]]
    example = dict(zip(headers, (cell.value for cell in sheet[2]), strict=True))
    assert headers[:4] == ["统一社会信用代码", "企业名称", "所在区域", "所属行业"]
    assert (example["所在区域"], example["所属行业"]) == ("盐城高新区", "制造业")
    explained = {row[0].value: (row[1].value, row[2].value) for row in notes.iter_rows(min_row=2) if row[0].value}
    assert explained["所属行业"][0] == "必填"
    assert "农、林、牧、渔业" in explained["所属行业"][1]
    assert explained["法定代表人"][0] == "选填"

    # Left as it is, the made-up example is refused on its row; filled in, it imports.
    refused = upload(admin_client, content).content.decode()
    assert "这是导入模板中的示例行，请删除或改为实际数据后再导入" in refused and "第2行" in refused
    rows = [headers, [example[name] for name in headers]]
    rows[1][headers.index("企业名称")] = "盐城新材料科技有限公司"
    preview = upload(admin_client, xlsx(rows))
    assert preview.status_code == 200
    assert "confirm_form" in preview.context and preview.context["confirm_form"] is not None
    confirm = preview.context["confirm_form"]
    done = admin_client.post("/admin/projects/enterprise/process_import/", {**confirm.initial})
    assert done.status_code == 302
    assert Enterprise.objects.get().name == "盐城新材料科技有限公司"


def test_a_bad_file_lists_its_problems_and_writes_nothing(admin_client):
    zone = ZoneFactory(name="盐城高新区")
    bad = credit_code(2)[:17] + ("0" if credit_code(2)[17] != "0" else "1")
    rows = [
        ["统一社会信用代码", "企业名称", "所在区域", "所属行业"],
        [credit_code(1), "甲", zone.name, "制造业"],
        [bad, "乙", "火星开发区", "制造业"],
    ]
    page = upload(admin_client, xlsx(rows)).content.decode()
    assert "文件有 2 处问题，未导入任何数据" in page
    assert "第3行" in page and "所在区域" in page and "找不到园区/区域“火星开发区”" in page
    assert "校验位错误" in page
    assert "Traceback" not in page and "credit_code" not in page
    assert 'name="confirm"' not in page
    assert Enterprise.objects.count() == 0


def test_a_file_that_is_not_a_sheet_gets_a_sentence(admin_client):
    page = upload(admin_client, b"not a zip").content.decode()
    assert "无法读取该文件：请上传Excel（.xlsx）文件" in page
    assert Enterprise.objects.count() == 0


def test_who_may_not_import_gets_no_template(client):
    client.force_login(UserFactory(roles=[Role.AGENT], is_staff=True))
    assert client.get(TEMPLATE).status_code in (302, 403)
    assert client.get(IMPORT).status_code in (302, 403)


def test_what_changed_between_preview_and_confirmation_writes_nothing(admin_client):
    zone = ZoneFactory(name="盐城高新区")
    rows = [["统一社会信用代码", "企业名称", "所在区域", "所属行业"], [credit_code(1), "甲", zone.name, "制造业"]]
    confirm = upload(admin_client, xlsx(rows)).context["confirm_form"]
    zone.name = "盐城高新技术产业开发区"  # renamed by someone else meanwhile
    zone.save()
    done = admin_client.post("/admin/projects/enterprise/process_import/", {**confirm.initial}, follow=True)
    assert done.redirect_chain[-1][0] == IMPORT
    page = done.content.decode()
    assert "未导入任何数据：文件有1处问题（第2行 «所在区域»：找不到园区/区域“盐城高新区”）" in page
    assert Enterprise.objects.count() == 0


def test_a_confirmed_import_says_what_it_did_in_chinese(admin_client):
    zone = ZoneFactory(name="盐城高新区")
    rows = [["统一社会信用代码", "企业名称", "所在区域", "所属行业"], [credit_code(1), "甲", zone.name, "制造业"]]
    confirm = upload(admin_client, xlsx(rows)).context["confirm_form"]
    done = admin_client.post("/admin/projects/enterprise/process_import/", {**confirm.initial}, follow=True)
    assert "导入完成：新增1条，更新0条，无变化0条。" in done.content.decode()


def test_a_file_over_the_preview_limit_goes_to_the_background(admin_client, monkeypatch):
    """Nothing is written while the user waits: the file is queued (test_background.py)."""
    monkeypatch.setattr("crm.imports.admin.ADMIN_MAX_ROWS", 2)
    zone = ZoneFactory(name="盐城高新区")
    rows = [["统一社会信用代码", "企业名称", "所在区域", "所属行业"]]
    rows += [[credit_code(n), f"企业{n}", zone.name, "制造业"] for n in range(3)]
    response = upload(admin_client, xlsx(rows))
    assert response.status_code == 302 and "/admin/crm/sheetimport/" in response["Location"]
    assert Enterprise.objects.count() == 0


def test_a_confirmation_sent_twice_or_altered_gets_a_message_and_imports_once(admin_client, tmp_path):
    zone = ZoneFactory(name="盐城高新区")
    rows = [["统一社会信用代码", "企业名称", "所在区域", "所属行业"], [credit_code(1), "甲", zone.name, "制造业"]]
    confirm = upload(admin_client, xlsx(rows)).context["confirm_form"]
    process = "/admin/projects/enterprise/process_import/"
    first = admin_client.post(process, {**confirm.initial}, follow=True)
    assert "导入完成：新增1条" in first.content.decode()
    again = admin_client.post(process, {**confirm.initial}, follow=True)  # a double click, a re-send
    assert again.redirect_chain[-1][0] == IMPORT
    assert "该文件已经导入或已失效" in again.content.decode()
    assert Enterprise.objects.count() == 1
    # Another file of the server's temporary folder, a path, a long name, a bad format: refused.
    stray = tmp_path / "stray.csv"
    stray.write_text("统一社会信用代码,企业名称\n")
    for changed in (
        {"import_file_name": stray.name},
        {"import_file_name": "../../../etc/passwd"},
        {"import_file_name": "x" * 10_000},
        {"import_file_name": "a\x00b"},
        {"format": "NaN"},
        {"format": "99"},
        {"format": "-1"},
    ):
        response = admin_client.post(process, {**confirm.initial, **changed}, follow=True)
        assert response.status_code == 200, changed
        assert response.redirect_chain[-1][0] == IMPORT, changed
        page = response.content.decode()
        said = ("导入确认已失效", "请重新上传文件并选择文件格式", "不能包含空字符（NUL）")
        assert any(words in page for words in said), changed
    assert Enterprise.objects.count() == 1


def test_a_confirmation_is_only_good_for_the_user_who_uploaded(admin_client, client):
    zone = ZoneFactory(name="盐城高新区")
    rows = [["统一社会信用代码", "企业名称", "所在区域", "所属行业"], [credit_code(1), "甲", zone.name, "制造业"]]
    confirm = upload(admin_client, xlsx(rows)).context["confirm_form"]
    other = UserFactory(username="admin2", is_staff=True, is_superuser=True)
    client.force_login(other)
    response = client.post("/admin/projects/enterprise/process_import/", {**confirm.initial}, follow=True)
    assert "导入确认已失效" in response.content.decode()
    assert Enterprise.objects.count() == 0
