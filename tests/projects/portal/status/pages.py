"""Reading the status page as sent (a good pair's page comes from the cache, with no
template rendered in the request, so the tests read the HTML, not the context)."""

import re

_ANSWER = re.compile(r'<section class="status-answer".*?</section>', re.DOTALL)


def answer_shown(response) -> str:
    """The answer section of the page, or "" when the page shows none."""
    found = _ANSWER.search(response.content.decode())
    return found.group(0) if found else ""
