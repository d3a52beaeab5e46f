"""A file that reached storage as HTML or SVG (planted past the upload checks) is
opened by a supervisor in chromium: its script never runs on the app's origin."""

import datetime as dt

import pytest
from playwright.sync_api import Error as PlaywrightError

from crm.accounts.roles import Role
from projects.cases.services import case_authorise, case_open
from projects.models import ProxyAuthorisation
from tests.browser.conftest import sign_in
from tests.factories import EnterpriseFactory, ProxyAgentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory
# What an attacker would put in a "scan": read the cookie, call the app, deface the page.
SCRIPT = "document.title='pwned';fetch('/probe/?c='+encodeURIComponent(document.cookie));"
HOSTILE = {
    "html": f"<!doctype html><html><body><script>{SCRIPT}</script>scan</body></html>".encode(),
    "svg": f'<svg xmlns="http://www.w3.org/2000/svg" onload="{SCRIPT}"><script>{SCRIPT}</script></svg>'.encode(),
    # starts like a PNG, so it is the one kind shown in place: the sandbox must hold
    "png_polyglot": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + f"<html><script>{SCRIPT}</script></html>".encode(),
}
STATE = """() => {
  let cookie;
  try { cookie = document.cookie; } catch (error) { cookie = error.name; }
  return {origin: self.origin, cookie, title: document.title};
}"""


@pytest.fixture
def authorised_case():
    agent = ProxyAgentFactory(user=UserFactory(username="upload_agent", roles=[Role.AGENT]))
    ProxyAgentFactory(centre=agent.centre, user=UserFactory(username="upload_sup", roles=[Role.SUPERVISOR, Role.AGENT]))
    enterprise = EnterpriseFactory(zone=agent.centre.zone, assigned_agent=agent)
    case = case_open(enterprise=enterprise, agent=agent, channel="visit", summary="咨询", by=agent.user)
    case_authorise(case=case, signed_on=dt.date.today(), signatory="王总", scope="代办", by=agent.user)
    return case


def plant(case, settings, name: str, content: bytes) -> None:
    path = settings.MEDIA_ROOT / "private" / "authorisations" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    ProxyAuthorisation.objects.filter(case=case).update(document=f"private/authorisations/{name}", document_name=name)


def test_an_uploaded_file_never_runs_script_on_the_app_origin(page, live_server, settings, tmp_path, authorised_case):
    settings.MEDIA_ROOT = tmp_path
    probes = []
    page.on("request", lambda request: probes.append(request.url) if "/probe/" in request.url else None)
    sign_in(page, "upload_sup", PASSWORD)
    page.context.add_cookies([{"name": "probe", "value": "secret", "url": live_server.url}])
    url = f"/projects/cases/{authorised_case.pk}/authorisation/document/"

    for kind in ("html", "svg"):
        plant(authorised_case, settings, f"scan.{kind}", HOSTILE[kind])
        page.goto("/")
        try:
            page.goto(url)
        except PlaywrightError as error:  # served as a download: nothing was rendered
            assert "Download is starting" in str(error)
        page.wait_for_timeout(300)
        assert page.evaluate(STATE)["title"] != "pwned" and probes == []

    plant(authorised_case, settings, "scan.png", HOSTILE["png_polyglot"])
    response = page.goto(url)
    assert response.headers["content-type"] == "image/png"
    state = page.evaluate(STATE)
    # a sandboxed document: opaque origin, no cookie, no script of its own
    assert state["origin"] == "null" and state["cookie"] == "SecurityError" and state["title"] != "pwned"

    page.wait_for_timeout(300)
    assert probes == []
