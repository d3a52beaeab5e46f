"""Chinese text for the search index: Chinese is written without spaces, so a full-text
index (PostgreSQL's, SQLite's) sees "建筑工程施工许可证核发" as one word and never
finds "施工许可" in it. Pages index their text as overlapping character pairs (the
CJK bigrams that search engines use) and a query is cut the same way, all pairs
required: "施工许可" → "施工 工许 许可", each of which the item's name holds."""

import re

from django.utils.html import strip_tags

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")


def bigrams(text: str) -> str:
    """The words of ``text`` as the index holds them: each run of Chinese characters
    as its overlapping pairs (a lone character as itself), other words as they are."""
    out = []
    for word in WORD.findall(strip_tags(text or "")):
        if HAN.fullmatch(word) and len(word) > 1:
            out += [word[i : i + 2] for i in range(len(word) - 1)]
        else:
            out.append(word.lower())
    return " ".join(out)
