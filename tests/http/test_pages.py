"""Pages over HTTP: who can reach what, and what each page shows."""

import re

from tests.conftest import PASSCODE


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_facilitator_pages_send_a_stranger_to_sign_in(client, workshop):
    for path in ["/facilitator/", f"/facilitator/w/{workshop.code}"]:
        response = client.get(path)
        assert response.status_code == 302 and "/facilitator/" in response.location


def test_the_first_visit_from_the_laptop_chooses_the_passcode(client):
    page = client.get("/facilitator/setup", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert page.status_code == 200
    token = csrf_from(page.get_data(as_text=True))
    response = client.post(
        "/facilitator/setup",
        data={"passcode": "a good passcode", "confirm": "a good passcode", "csrf_token": token},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert response.status_code == 302
    assert client.get("/facilitator/").status_code == 200  # and is signed in


def test_the_passcode_cannot_be_chosen_from_a_phone_on_the_network(client):
    response = client.get("/facilitator/setup", environ_base={"REMOTE_ADDR": "192.168.1.40"})
    assert response.status_code == 403
    assert "facilitator init" in response.get_data(as_text=True)


def test_mismatched_or_short_passcodes_are_refused_with_a_reason(client):
    token = csrf_from(client.get("/facilitator/setup").get_data(as_text=True))
    response = client.post("/facilitator/setup", data={"passcode": "short", "confirm": "short", "csrf_token": token})
    assert response.status_code == 400 and "at least 8" in response.get_data(as_text=True)
    response = client.post("/facilitator/setup", data={"passcode": "longenough1", "confirm": "different1", "csrf_token": token})
    assert "different" in response.get_data(as_text=True)


def test_sign_in_needs_the_right_passcode_and_a_form_token(app, facilitator_client):
    client = app.test_client()
    page = client.get("/facilitator/signin")
    token = csrf_from(page.get_data(as_text=True))
    assert client.post("/facilitator/signin", data={"passcode": PASSCODE}).status_code == 400  # no CSRF token
    wrong = client.post("/facilitator/signin", data={"passcode": "not it at all", "csrf_token": token})
    assert wrong.status_code == 401 and "not right" in wrong.get_data(as_text=True)
    right = client.post("/facilitator/signin?next=/facilitator/", data={"passcode": PASSCODE, "csrf_token": token})
    assert right.status_code == 302 and right.location.endswith("/facilitator/")


def test_sign_in_never_redirects_to_another_site(app, facilitator_client):
    client = app.test_client()
    token = csrf_from(client.get("/facilitator/signin").get_data(as_text=True))
    response = client.post("/facilitator/signin?next=//evil.example/", data={"passcode": PASSCODE, "csrf_token": token})
    assert response.location.endswith("/facilitator/")


def test_session_cookies_are_http_only_and_same_site(app, facilitator_client):
    client = app.test_client()
    client.get("/facilitator/signin")
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_creating_a_workshop_from_the_console(facilitator_client):
    page = facilitator_client.get("/facilitator/")
    token = csrf_from(page.get_data(as_text=True))
    response = facilitator_client.post(
        "/facilitator/workshops",
        data={"template": "adaptive-action", "title": "Belonging in Plymouth", "question": "What helps?", "date": "2026-03-04", "venue": "", "csrf_token": token},
    )
    assert response.status_code == 302
    console = facilitator_client.get(response.location).get_data(as_text=True)
    assert "Belonging in Plymouth" in console and "/board/" in console and "/facilitator/co/" in console


def test_a_bad_workshop_form_keeps_what_was_typed(facilitator_client):
    token = csrf_from(facilitator_client.get("/facilitator/").get_data(as_text=True))
    response = facilitator_client.post(
        "/facilitator/workshops",
        data={"template": "adaptive-action", "title": "", "question": "Keep this question", "csrf_token": token},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Please give the workshop a title" in html and "Keep this question" in html


def test_the_board_opens_with_its_secret_and_shows_the_qr_code(client, workshop):
    page = client.get(f"/board/{workshop.code}/{workshop.board_secret}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html and workshop.code[:3] in html
    assert workshop.cofacilitator_token not in html  # nothing a participant could not see
    assert client.get(f"/board/{workshop.code}/wrong-secret").status_code == 404


def test_the_qr_code_points_phones_at_the_laptops_network_address(client, workshop, app, monkeypatch):
    monkeypatch.setattr("facilitator.web.urls.lan_address", lambda: "192.168.1.23")
    app.config["SETTINGS"].public_url = None
    html = client.get(f"/board/{workshop.code}/{workshop.board_secret}", base_url="http://127.0.0.1:5000").get_data(as_text=True)
    assert re.search(r'class="join-url"[^>]*>([^<]+)<', html).group(1) == f"http://192.168.1.23:5000/j/{workshop.code}"  # the join view shows the full address
    app.config["SETTINGS"].public_url = "http://10.0.0.5:5000"
    html = client.get(f"/board/{workshop.code}/{workshop.board_secret}").get_data(as_text=True)
    assert "10.0.0.5:5000" in html


def test_the_lan_address_is_never_loopback_when_the_machine_has_another():
    import socket

    from facilitator.core.config import lan_address

    others = [a for a in socket.gethostbyname_ex(socket.gethostname())[2] if not a.startswith("127.")]
    if others:
        assert not lan_address().startswith("127.")


def test_a_co_facilitator_link_opens_that_workshop_only(app, client, service, workshop):
    other = service.create_workshop("adaptive-action", title="Another workshop")
    response = client.get(f"/facilitator/co/{workshop.code}/{workshop.cofacilitator_token}")
    assert response.status_code == 302
    assert client.get(f"/facilitator/w/{workshop.code}").status_code == 200
    assert client.get(f"/facilitator/w/{other.code}").status_code == 302
    assert client.get("/facilitator/").status_code == 302
    assert app.test_client().get(f"/facilitator/co/{workshop.code}/guess").status_code == 404


def test_a_co_facilitator_can_steer_their_workshop_over_the_socket(app, client, socketio, workshop):
    client.get(f"/facilitator/co/{workshop.code}/{workshop.cofacilitator_token}")
    console = socketio.test_client(app, flask_test_client=client)
    assert console.emit("console:join", {"code": workshop.code}, callback=True)["ok"]
    assert console.emit("phases:open", {"phases": ["so-what"]}, callback=True)["ok"]


def test_the_phone_page_and_the_code_form(client, workshop):
    assert client.get(f"/j/{workshop.code.lower()}").status_code == 200
    response = client.get("/join", query_string={"code": f"{workshop.code[:3].lower()} {workshop.code[3:]}"})
    assert response.status_code == 302 and response.location.endswith(f"/j/{workshop.code}")
    missing = client.get("/join", query_string={"code": "ZZZ ZZZ"})
    assert missing.status_code == 404 and "check the code" in missing.get_data(as_text=True)


def test_every_page_forbids_inline_script(client, workshop):
    for path in ["/", f"/j/{workshop.code}", f"/board/{workshop.code}/{workshop.board_secret}", "/facilitator/signin"]:
        response = client.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "<script>" not in response.get_data(as_text=True)


def test_a_phone_in_arabic_gets_the_phase_prompts_in_arabic(client, workshop):
    import json
    from html import unescape

    html = client.get(f"/j/{workshop.code}?lang=ar").get_data(as_text=True)
    phases = json.loads(unescape(re.search(r'data-phase-text="([^"]*)"', html).group(1)))
    assert phases["what"]["title"] == "ماذا؟"
    assert phases["what"]["prompt"] == "ماذا ترى يحدث؟ ما الذي تعرفه بالتأكيد؟"
    assert phases["what"]["guidance"].startswith("حقائق وملاحظات")
    english = client.get(f"/j/{workshop.code}?lang=en").get_data(as_text=True)
    assert re.search(r'data-phase-text="([^"]*)"', english).group(1) == "{}"
