"""Every page a role can reach, opened on a 360 × 740 phone: a crawl from the role's home
that follows each same-site link once per URL pattern (one case page stands for all case
pages) and reports every page wider than the screen, with the elements that stick out.

Used by tests/browser/test_phone_width_browser.py on the demo; also runs by hand against a
running system (``python -m tests.browser.phone_crawl http://127.0.0.1:8000 agent1 …``)."""

import re
import sys
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PHONE = {"width": 360, "height": 740}

# Not pages: signing out, switching language, feeds and files, the API, static files.
SKIP = re.compile(r"^/(logout/|i18n/|api/|static/|media/|documents/|calendar/.+\.ics)|\.(pdf|ics|xlsx|docx|zip)$")
# The two back offices of frameworks have hundreds of routes (one per model and view): a
# sample of each stands for the rest.
SAMPLED = {"/admin/": 12, "/cms/": 12}

# The elements whose right edge passes the screen's, deepest first (what to fix).
WIDEST_JS = """() => {
  const w = window.innerWidth, out = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > w + 1 && r.width > 0 && getComputedStyle(e).position !== 'fixed') {
      let p = e.parentElement, inside = false;
      while (p) { const s = getComputedStyle(p); if (['auto','scroll','hidden'].includes(s.overflowX)) { inside = true; break; } p = p.parentElement; }
      if (!inside) out.push(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + (e.id ? '#' + e.id : '') + ' → ' + Math.round(r.right));
    }
  }
  return out.slice(-6);
}"""


@dataclass
class Crawl:
    role: str
    visited: list[str] = field(default_factory=list)
    too_wide: dict[str, list[str]] = field(default_factory=dict)  # url → elements sticking out
    errors: dict[str, int] = field(default_factory=dict)  # url → status of a link that failed


def route_key(path: str) -> str:
    """The URL pattern a path belongs to: digits stand for any id."""
    return re.sub(r"/\d+(?=/|$)", "/<id>", path)


def crawl(page, role: str, start: str = "/", limit: int = 120) -> Crawl:
    """Open ``start`` and every page reachable from it by links (GET), one per pattern, at
    most ``limit``; the page is signed in already and sized to a phone."""
    result = Crawl(role)
    seen_keys: set[str] = set()
    sampled = dict.fromkeys(SAMPLED, 0)
    queue = deque([start])
    while queue and len(result.visited) < limit:
        url = queue.popleft()
        key = route_key(urlsplit(url).path)
        if key in seen_keys:
            continue
        seen_keys.add(key)
        prefix = next((p for p in SAMPLED if key.startswith(p)), None)
        if prefix:
            if sampled[prefix] >= SAMPLED[prefix]:
                continue
            sampled[prefix] += 1
        probe = page.request.get(url, max_redirects=5)
        if probe.status >= 400:
            result.errors[url] = probe.status
            continue
        if not probe.headers.get("content-type", "").startswith("text/html"):
            continue
        page.goto(url)
        page.wait_for_load_state("load")
        here = urlsplit(page.url).path
        result.visited.append(here)
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
            result.too_wide[url] = page.evaluate(WIDEST_JS)
        if route_key(here) != key:
            seen_keys.add(route_key(here))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if route_key(parts.path) not in seen_keys:
                queue.append(link)
    return result


def main(base: str, *users: str, password: str = "demo1234") -> int:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, FLAGS, sign_in

    failures = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        for user in users:
            context = browser.new_context(base_url=base, viewport=PHONE, locale="zh-CN")
            page = context.new_page()
            if user != "anonymous":
                sign_in(page, user, password)
            result = crawl(page, user)
            print(f"{user}: {len(result.visited)} pages, {len(result.too_wide)} too wide, errors {result.errors}")
            for url, elements in result.too_wide.items():
                print(f"  {url}: {elements}")
            failures += len(result.too_wide)
            context.close()
        browser.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *sys.argv[2:]))
