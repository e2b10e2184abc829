"""Site profiles load strictly: every bad input names the file, the key path and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli import main
from auditor.errors import ProfileError
from auditor.profile import load_profile, profile_from_dict

GOOD = """
name: shop
base_url: http://127.0.0.1:8801
login:
  url: /login
  fields: {"#u": "${U:-alice}", "#p": "${P}"}
  submit: "#go"
  success: {url_contains: /home}
crawl: {max_depth: 4, deny: [/logout]}
flow: {submit: false}
thresholds: {max_depth: 3, max_ambiguity: 0.4}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_profile_expands_env_and_keeps_defaults(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, GOOD), env={"P": "s3cret"})
    assert profile.login is not None
    assert profile.login.fields == {"#u": "alice", "#p": "s3cret"}
    assert profile.crawl.max_states == 400  # default
    assert profile.url("/home") == "http://127.0.0.1:8801/home"


def test_redacted_profile_never_shows_login_values(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, GOOD), env={"P": "s3cret"})
    assert "s3cret" not in str(profile.redacted()) and "alice" not in str(profile.redacted())


@pytest.mark.parametrize(("text", "needle"), [
    ("name: x\nbase_url: [unclosed", "YAML syntax error at line 2"),
    ("name: x\nbase_url: http://h\ncrawl: {max_dept: 3}\n", "crawl.max_dept: unknown key"),
    ("name: x\nbase_url: http://h\ncrawl: {max_depth: three}\n", "crawl.max_depth: expected an integer"),
    ("name: x\nbase_url: http://h\nflow: {submit: maybe}\n", "flow.submit: expected true or false"),
    ("name: x\nbase_url: http://h\nlogin: {url: /l, submit: b, fields: {'#u': '${NOPE}'}}\n",
     "login.fields.#u: environment variable NOPE is not set"),
    ("base_url: http://h\n", "name: required key is missing"),
    ("name: x\nbase_url: ftp://h\n", "base_url: must be an http(s) URL"),
    ("- just\n- a list\n", "must be a mapping"),
    ("name: x\nbase_url: http://h\nthresholds: {fail_on: [urgent]}\n", "thresholds.fail_on[0]: expected one of"),
])
def test_bad_profile_fails_with_one_line_naming_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as err:
        load_profile(path, env={})
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(path)) and needle in message, message


def test_bad_profile_exits_2_with_the_message_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "name: x\nbase_url: http://h\ncrawl: {max_dept: 3}\n")
    assert main(["audit", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "crawl.max_dept: unknown key" in err[0]


def test_missing_profile_file_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", str(tmp_path / "nope.yaml"), "--out", str(tmp_path)]) == 2
    assert "cannot read profile" in capsys.readouterr().err


def test_login_needs_a_url_and_a_submit_or_a_storage_state() -> None:
    with pytest.raises(ProfileError, match="login: needs url and submit"):
        profile_from_dict({"name": "x", "base_url": "http://h", "login": {"fields": {"#u": "a"}}})
    profile = profile_from_dict({"name": "x", "base_url": "http://h", "login": {"storage_state": "s.json"}})
    assert profile.login is not None and profile.login.storage_state == "s.json"


@pytest.mark.parametrize(("flow", "env", "needle"), [
    ({"description": "退" * 2001}, {}, "flow.description: too long (2001 characters, at most 2000)"),
    ({"reason": "x" * 10_001}, {}, "flow.reason: too long (10001 characters, at most 10000)"),
    ({"evidence": ["a.png", "p" * 10_001]}, {}, "flow.evidence[1]: too long"),
    ({"description": "${BIG}"}, {"BIG": "y" * 5000}, "flow.description: too long (5000 characters"),  # after expansion
])
def test_oversized_profile_value_is_a_profile_error_naming_the_key(flow: dict[str, object], env: dict[str, str],
                                                                   needle: str) -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_dict({"name": "x", "base_url": "http://h", "flow": flow}, source="p.yaml", env=env)
    assert str(err.value).startswith("p.yaml: ") and needle in str(err.value), str(err.value)


def test_values_at_the_bounds_load() -> None:
    profile = profile_from_dict({"name": "x", "base_url": "http://h",
                                 "flow": {"description": "退" * 2000, "reason": "x" * 10_000}}, env={})
    assert len(profile.flow.description) == 2000 and profile.flow.reason == "x" * 10_000


def test_oversized_profile_value_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, f"name: x\nbase_url: http://h\nflow:\n  description: {'z' * 3000}\n")
    assert main(["audit", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "flow.description: too long (3000 characters, at most 2000)" in err[0]
    assert "z" * 100 not in err[0]  # the value itself is not echoed back


def test_every_bundled_profile_loads() -> None:
    root = Path(__file__).resolve().parents[2] / "site_profiles"
    env = {"SHOP_USER": "u", "SHOP_PASS": "p"}
    names = [load_profile(p, env=env).name for p in sorted(root.glob("*.yaml"))]
    assert "example-live" in names and len(names) >= 11


def test_help_and_version_work(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("audit", "crawl", "demo", "verify", "compare", "login"):
        assert command in out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert "refund-audit 0.1.0" in capsys.readouterr().out
