"""The django-oscar fixture shop: a customer can log in and find her order, and the state endpoint tells
what the site saw (so the audit's acceptance test can prove it logged out of nothing and bought nothing)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Playwright, expect

from auditor.gather.browser import new_context
from auditor.profile import Profile

if TYPE_CHECKING:
    from oscar_fixture import OscarSite


pytestmark = pytest.mark.slow

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _Client:
    """A cookie-keeping HTTP client for the few requests that set up or break state without a browser."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=30) as response:
            return response.read().decode("utf-8")

    def post_form(self, page_url: str, action_url: str, data: dict[str, str]) -> str:
        token = _CSRF.search(self.get(page_url))
        assert token, f"no CSRF token on {page_url}"
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **data}).encode()
        request = urllib.request.Request(action_url, data=body, headers={"Referer": page_url})
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode("utf-8")

    def log_in(self, site: OscarSite) -> None:
        self.post_form(
            site.login_url,
            site.login_url,
            {"login-username": site.email, "login-password": site.password, "login_submit": "Log In"},
        )


@pytest.mark.browser
def test_customer_logs_in_and_finds_her_order_in_chinese(oscar_clean: OscarSite, browser: Browser,
                                                         playwright: Playwright) -> None:
    site = oscar_clean
    context = new_context(browser, playwright, "desktop")  # the session's browser: one sync_playwright per thread
    try:
        page = context.new_page()
        page.goto(site.login_url)
        expect(page.locator("#login_form")).to_contain_text("登陆")
        page.fill("#id_login-username", site.email)
        page.fill("#id_login-password", site.password)
        page.click('button[name="login_submit"]')
        expect(page).to_have_url(re.compile(r"/zh-hans/accounts/profile/$"))
        expect(page.locator("#logout_link")).to_have_text(re.compile("退出"))

        page.get_by_role("link", name="订单历史").first.click()
        expect(page).to_have_url(site.order_history_url)
        expect(page.locator("h1")).to_have_text("订单历史")
        page.get_by_role("link", name=site.order_number, exact=True).click()

        expect(page).to_have_url(site.order_detail_url)
        expect(page).to_have_title(re.compile(f"订单 #{site.order_number}"))
        expect(page.locator("body")).to_contain_text("王者荣耀点券 100 元")
        expect(page.locator("body")).to_contain_text("已完成")
        assert page.locator("html").get_attribute("lang") == "zh-hans"
    finally:
        context.close()

    state = site.state()
    assert state["non_get"] == [
        {"method": "POST", "path": "/zh-hans/accounts/login/", "status": 302, "user": site.email}
    ]
    assert state["login_posts"] == 1
    assert state["logins"] == 1
    assert state["logouts"] == 0
    assert state["language_switch_requests"] == state["english_requests"] == 0
    assert state["basket_requests"] == state["checkout_requests"] == 0
    assert state["language_cookies"] == []
    assert site.order_detail_url.removeprefix(site.origin) in state["paths"]
    assert state["customer"]["basket_lines"] == 0
    assert state["customer"]["active_sessions"] == 1
    assert state["customer"]["order_numbers"] == [site.order_number]


def test_state_records_logout_language_switch_and_basket_writes(oscar_clean: OscarSite) -> None:
    site = oscar_clean
    client = _Client()
    client.log_in(site)
    client.post_form(site.url("catalogue/wangzhe-100_1/"), site.origin + "/zh-hans/basket/add/1/", {"quantity": "1"})
    client.post_form(site.url("catalogue/"), site.origin + "/i18n/setlang/", {"language": "en", "next": "/"})
    client.get(site.url("accounts/logout/"))

    state = site.state()
    assert [(r["method"], r["path"]) for r in state["non_get"]] == [
        ("POST", "/zh-hans/accounts/login/"),
        ("POST", "/zh-hans/basket/add/1/"),
        ("POST", "/i18n/setlang/"),
    ]
    assert state["customer"]["basket_lines"] == 1
    assert state["side_effects"]["open_basket_lines"] == 1
    assert state["language_switch_requests"] == 1
    assert state["basket_requests"] == 1
    assert state["english_requests"] > 0  # setlang redirects to /, which the cookie sends to /en/
    assert state["last_language_cookie"] == "en"
    assert state["logout_requests"] == 1
    assert state["logouts"] == 1
    assert state["customer"]["active_sessions"] == 0


def test_reset_restores_the_seeded_shop(oscar_clean: OscarSite) -> None:
    oscar_site = oscar_clean
    client = _Client()
    client.log_in(oscar_site)
    client.post_form(oscar_site.url("catalogue/qb-50_2/"), oscar_site.origin + "/zh-hans/basket/add/2/", {"quantity": "2"})
    assert oscar_site.state()["customer"]["basket_quantity"] == 2

    oscar_site.reset()

    state = oscar_site.state()
    assert state["requests"] == 0
    assert state["customer"]["basket_lines"] == 0
    assert state["customer"]["active_sessions"] == 0
    assert state["side_effects"] == {
        "open_basket_lines": 0,
        "users": 1,
        "orders": 1,
        "wishlist_lines": 0,
        "user_addresses": 0,
        "reviews": 0,
        "product_alerts": 0,
        "voucher_applications": 0,
    }


def test_state_endpoint_is_hidden_without_the_token(oscar_clean: OscarSite) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(oscar_clean.origin + "/__admin__/state", timeout=30)
    assert caught.value.code == 404
    assert "__admin__" not in _Client().get(oscar_clean.url("catalogue/"))
    assert oscar_clean.state()["requests"] == 1  # the catalogue page; the probe is not logged


def test_oscar_profile_denies_the_shops_traps(oscar_profile: Profile, oscar_site: OscarSite) -> None:
    assert oscar_profile.name == "oscar"
    assert oscar_profile.base_url == oscar_site.base_url
    assert oscar_profile.login is not None
    assert oscar_profile.url(oscar_profile.login.url) == oscar_site.login_url
    assert oscar_profile.url(oscar_profile.start) == oscar_site.url("accounts/profile/")
    deny = oscar_profile.crawl.deny
    for trap in ("/accounts/logout/", "/i18n/setlang/", "/basket/", "/checkout/", "退出", "添加至购物车", "再次下单"):
        assert trap in deny
