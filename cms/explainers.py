"""The five seed documents (public government texts in cms/seeds/) as structured
policy explainers: the scraped page around each text is cut off, the traditional-
character one is converted to simplified Chinese with OpenCC and its pinyin brackets
("區(qū)") removed, numbered headings become sections, and a heading followed by
"答：" becomes a question/answer block."""

import datetime as dt
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
HEADING = re.compile(r"^[一二三四五六七八九十]+、")
# A pinyin reading in brackets after a character, as some sites print rare characters.
PINYIN = re.compile(r"\([a-zü\u00e0-\u01dc]+\)")
# Lines the scraper garbled beyond repair (mis-decoded bytes show as "?").
GARBLED = re.compile(r"[?？][。（）ㄒ-ㄩ]|[ㄅ-ㄩ]")


@dataclass(frozen=True)
class Seed:
    file: str
    slug: str
    title: str
    issuing_body: str
    issued_on: dt.date
    summary: str
    first_line: str  # the text starts at the first line starting with this
    stop_line: str  # …and ends before the first line starting with this
    document_number: str = ""
    traditional: bool = False
    key_figures: list[tuple[str, str, str]] = field(default_factory=list)
    item_codes: list[str] = field(default_factory=list)


SEEDS = [
    Seed(
        file="000_3ea732177af2f0e1.txt",
        slug="yandu-bujianmian",
        title="《盐都区加快推进不见面审批(服务)改革实施方案》解读",
        issuing_body="盐都区人民政府办公室",
        issued_on=dt.date(2017, 9, 13),
        summary="网上办、集中批、联合审、区域评、代办制、不见面：企业开办3个工作日、不动产登记5个工作日、"
        "工业建设项目施工许可50个工作日内完成，并推行全程免费代办。",
        first_line="近日",
        stop_line="编辑",
        key_figures=[
            ("3", "个工作日", "企业开办（注册登记至具备经营条件）"),
            ("5", "个工作日", "不动产登记"),
            ("50", "个工作日", "工业建设项目施工许可"),
        ],
        item_codes=["320903-XK-0701"],
    ),
    Seed(
        file="001_306cc986e1443358.txt",
        slug="xixian-baban",
        title="西咸新区推行政务服务“八办”改革的实施意见",
        issuing_body="西咸新区",
        issued_on=dt.date(2019, 8, 14),
        summary="马上办、网上办、就近办、一次办、帮代办、预约办、延时办、承诺办：事项办理环节不超过4个，"
        "承诺时限不超过法定时限的一半。",
        first_line="为进一步深化",
        stop_line="附件下载",
        key_figures=[("4", "个", "单个事项办理环节上限"), ("1/2", "", "承诺时限不超过法定时限的比例")],
    ),
    Seed(
        file="002_6648bd554db7bc55.txt",
        slug="zibo-yingshang",
        title="淄博市深度优化营商环境实施方案",
        issuing_body="淄博市人民政府办公厅",
        issued_on=dt.date(2017, 11, 14),
        summary="以企业和群众办事便利为导向，推行首问负责、无偿代办、一次性告知和限时办结。",
        first_line="为深度优化",
        stop_line="分享",  # the portal's share buttons and footer (copyright, ICP number) follow
    ),
    Seed(
        file="003_1f2f110a16dc5532.txt",
        slug="shenbao-biaozhun",
        title="地区审批申报标准运作机制意见",
        issuing_body="区人民政府",
        issued_on=dt.date(2022, 8, 7),
        summary="统一审批事项的申报材料、办理流程和时限标准，公开办事指南，让申请人一次性知晓所需材料。",
        first_line="为进一步转变",
        stop_line="被举报",
    ),
    Seed(
        file="004_7717580a8c16b30c.txt",
        slug="luzhou-shenpi-gaige",
        title="泸州市深化行政审批制度改革的通知",
        issuing_body="泸州市人民政府办公室",
        issued_on=dt.date(2018, 1, 25),
        summary="以“一网通办”为目标，推进行政审批标准化、制度化、信息化，三级四同，减环节、减材料、减时限。",
        first_line="为深入",
        stop_line="附件",
        traditional=True,
    ),
]


def simplified(text: str) -> str:
    """Traditional characters to simplified (OpenCC, Taiwan/HK-neutral t2s), and the
    pinyin brackets removed."""
    import opencc

    return PINYIN.sub("", opencc.OpenCC("t2s").convert(text))


def seed_lines(seed: Seed) -> list[str]:
    text = (SEEDS_DIR / seed.file).read_text(encoding="utf-8")
    if seed.traditional:
        text = simplified(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith(seed.first_line))
    stop = next((i for i, line in enumerate(lines) if i > start and line.startswith(seed.stop_line)), len(lines))
    return [line for line in lines[start:stop] if not GARBLED.search(line)]


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def explainer_body(seed: Seed) -> list[tuple[str, dict | str]]:
    """The StreamField value of the seed's explainer."""
    lines = seed_lines(seed)
    blocks: list[tuple[str, dict | str]] = [
        ("key_figure", {"figure": figure, "unit": unit, "caption": caption})
        for figure, unit, caption in seed.key_figures
    ]
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        if HEADING.match(line):
            sections.append((line, []))
        else:
            sections[-1][1].append(line)
    for heading, body in sections:
        if not heading:
            if body:
                blocks.append(("text", _paragraphs(body)))
        elif body and re.match(r"^答[:：]", body[0]):
            body = [re.sub(r"^答[:：]", "", body[0]), *body[1:]]
            blocks.append(("question_answer", {"question": HEADING.sub("", heading), "answer": _paragraphs(body)}))
        else:
            blocks.append(("text", f"<h3>{escape(heading)}</h3>{_paragraphs(body)}"))
    blocks += [("catalogue_link", {"item_code": code, "text": ""}) for code in seed.item_codes]
    return blocks
