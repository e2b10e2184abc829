"""Site profiles: YAML in, frozen dataclasses out.

Precedence is defaults (the dataclass fields below, the only place they are written) < the profile file
< command-line flags (applied with :func:`dataclasses.replace` by the CLI). Unknown keys, wrong types and
environment variables that are missing without a default fail at load time with one line naming the
file and the key path.

``${VAR}`` and ``${VAR:-default}`` expand from the environment in every string value:

>>> expand_env("${NO_SUCH_VAR_X:-alice}", "login.fields.#user", {})
'alice'
>>> expand_env("user-${WHO}", "k", {"WHO": "bob"})
'user-bob'
"""

from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from urllib.parse import urljoin, urlsplit

import yaml

from .errors import ProfileError

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")

# Bounds on string values (after ${VAR} expansion). A value past them is a profile mistake (a pasted
# file, a runaway variable), and left alone it would surface later as the site's fault: a textarea
# that truncates the description, a fill that times out. Keyed by path; every other string gets MAX_STRING.
MAX_STRING = 10_000
MAX_STRING_AT = {"flow.description": 2_000}


@dataclass(frozen=True)
class SuccessCheck:
    """How to tell the login worked: one of a URL substring, a selector that appears, or a text."""

    url_contains: str | None = None
    selector: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class LoginSettings:
    """A scripted login form, or a saved Playwright storage state (cookies + localStorage)."""

    url: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # CSS selector -> value
    submit: str | None = None
    success: SuccessCheck = field(default_factory=SuccessCheck)
    storage_state: str | None = None


@dataclass(frozen=True)
class CrawlSettings:
    """Bounds and safety of exploration."""

    max_depth: int = 6
    max_states: int = 400
    max_seconds: float = 300.0
    max_actions: int = 20000
    allow_origins: list[str] = field(default_factory=list)  # other origins the crawl may enter
    deny: list[str] = field(default_factory=list)  # URL substrings or labels never activated
    # URL paths (or substrings) of read-only data endpoints the site calls with POST (order lists,
    # badges): allowed while exploring. Every other non-GET request stays refused.
    read_only_posts: list[str] = field(default_factory=list)
    politeness_ms: int = 0  # pause after each action, for live sites
    quick: bool = False  # stop at the first refund application found
    search_terms: list[str] = field(default_factory=lambda: ["退单", "退款"])
    block_resources: bool = True  # images, fonts and media are not needed to map the site
    screenshots: bool = False  # a screenshot of every state too (the entry path is always pictured)


@dataclass(frozen=True)
class FlowSettings:
    """The refund flow: dry run unless ``submit`` is true."""

    submit: bool = False
    order: str | None = None  # order number to refund; default: the first eligible order
    reason: str | None = None  # default: the best match from the reason lexicon
    description: str = "卡密未到账，请退单"
    request_type: str | None = None  # where a form merges 退单 / 换货 / 投诉
    evidence: list[str] = field(default_factory=list)  # files to upload


@dataclass(frozen=True)
class Thresholds:
    """What passes. ``fail_on`` lists the finding severities that fail the audit."""

    max_depth: int = 3
    max_ambiguity: float = 0.5
    require_flow: bool = True
    max_flow_actions: int | None = None
    fail_on: list[Literal["critical", "high", "medium", "low", "info"]] = field(default_factory=lambda: ["critical", "high"])


@dataclass(frozen=True)
class LexiconExtension:
    """Extra labels a profile adds to the built-in lexicon, by kind."""

    exact: list[str] = field(default_factory=list)
    synonym: list[str] = field(default_factory=list)
    vague: list[str] = field(default_factory=list)
    decoy: list[str] = field(default_factory=list)
    navigation: list[str] = field(default_factory=list)
    form: list[str] = field(default_factory=list)
    confirmation: list[str] = field(default_factory=list)
    danger: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Profile:
    """One site to audit. ``source`` is the file it came from (not a YAML key)."""

    name: str
    base_url: str
    device: str = "desktop"
    login: LoginSettings | None = None
    start: str | None = None
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    flow: FlowSettings = field(default_factory=FlowSettings)
    thresholds: Thresholds = field(default_factory=Thresholds)
    lexicon: LexiconExtension = field(default_factory=LexiconExtension)
    source: str = field(default="", metadata={"internal": True})

    def url(self, path: str | None) -> str:
        """Resolve a profile path (``/home``) against ``base_url``; absolute URLs pass through."""
        if not path:
            return self.base_url
        if _is_absolute(path):
            return path
        # "/home" resolves under base_url's own path, so a base of http://h/zh-hans/ keeps its prefix.
        return urljoin(self.base_url.rstrip("/") + "/", path.lstrip("/"))

    @property
    def login_url(self) -> str:
        """The login form's URL ('' without one): a page that lands there has lost its session."""
        return self.url(self.login.url) if self.login and self.login.url else ""

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def redacted(self) -> dict[str, Any]:
        """The profile as a dict with every login field value replaced, for reports and bundles."""
        data = to_dict(self)
        if data.get("login"):
            data["login"]["fields"] = {k: "***" for k in data["login"]["fields"]}
        return data


def _is_absolute(url: str) -> bool:
    return bool(urlsplit(url).scheme)


def expand_env(value: str, key_path: str, env: Mapping[str, str], source: str = "") -> str:
    """Expand ``${VAR}`` / ``${VAR:-default}``; a missing variable without default is a ProfileError."""

    def substitute(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in env:
            return env[name]
        if default is not None:
            return default
        raise ProfileError(f"{source or 'profile'}: {key_path}: environment variable {name} is not set and has no default")

    return _ENV.sub(substitute, value)


def load_profile(path: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> Profile:
    """Read and validate a site profile; raises :class:`ProfileError` with one line on any problem."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"{source}: cannot read profile: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ProfileError(f"{source}: YAML syntax error{where}: {problem}") from exc
    return profile_from_dict(data, source=source, env=os.environ if env is None else env)


def profile_from_dict(data: Any, *, source: str = "profile", env: Mapping[str, str] | None = None) -> Profile:
    """Validate an already-parsed profile mapping (used by tests and by ``load_profile``)."""
    if not isinstance(data, dict):
        raise ProfileError(f"{source}: the profile must be a mapping of keys, got {_type_name(data)}")
    profile = _build(Profile, data, "", source, os.environ if env is None else env)
    base = urlsplit(profile.base_url)
    if base.scheme not in ("http", "https") or not base.netloc:
        raise ProfileError(f"{source}: base_url: must be an http(s) URL, got {profile.base_url!r}")
    login = profile.login
    if login is not None and login.storage_state is None and (not login.url or not login.submit):
        raise ProfileError(f"{source}: login: needs url and submit (or storage_state)")
    return dataclasses.replace(profile, source=source)


def to_dict(obj: Any) -> Any:
    """Dataclasses to plain JSON-ready data (``source`` and other internal fields left out)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: to_dict(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if not f.metadata.get("internal")
        }
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_dict(v) for v in obj]
    return obj


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "an integer",
            float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)


def _build(cls: type, data: Any, path: str, source: str, env: Mapping[str, str]) -> Any:
    if not isinstance(data, dict):
        raise ProfileError(f"{source}: {path or '(top)'}: expected a mapping, got {_type_name(data)}")
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    for key in data:
        if key not in known:
            where = f"{path}.{key}" if path else str(key)
            raise ProfileError(f"{source}: {where}: unknown key (allowed: {', '.join(known)})")
    values = {}
    for name, f in known.items():
        where = f"{path}.{name}" if path else name
        if name in data:
            values[name] = _convert(hints[name], data[name], where, source, env)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise ProfileError(f"{source}: {where}: required key is missing")
    return cls(**values)


def _convert(hint: Any, value: Any, path: str, source: str, env: Mapping[str, str]) -> Any:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _convert(options[0], value, path, source, env)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value if value is not None else {}, path, source, env)  # type: ignore[arg-type]
    if origin is list:
        if not isinstance(value, list):
            raise ProfileError(f"{source}: {path}: expected a list, got {_type_name(value)}")
        (item,) = get_args(hint)
        return [_convert(item, v, f"{path}[{i}]", source, env) for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ProfileError(f"{source}: {path}: expected a mapping, got {_type_name(value)}")
        return {str(k): _convert(str, v, f"{path}.{k}", source, env) for k, v in value.items()}
    if origin is Literal:
        allowed = get_args(hint)
        if value not in allowed:
            raise ProfileError(f"{source}: {path}: expected one of {', '.join(map(str, allowed))}, got {value!r}")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise ProfileError(f"{source}: {path}: expected true or false, got {_type_name(value)}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProfileError(f"{source}: {path}: expected an integer, got {_type_name(value)}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ProfileError(f"{source}: {path}: expected a number, got {_type_name(value)}")
        return float(value)
    if hint is str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ProfileError(f"{source}: {path}: expected a string, got {_type_name(value)}")
        text = expand_env(str(value), path, env, source)
        limit = MAX_STRING_AT.get(path, MAX_STRING)
        if len(text) > limit:
            raise ProfileError(f"{source}: {path}: too long ({len(text)} characters, at most {limit})")
        return text
    raise ProfileError(f"{source}: {path}: unsupported type {hint}")  # pragma: no cover - schema bug
