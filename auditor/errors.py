"""The exception tree of refund-audit, and the exit code each maps to.

::

    AuditError (exit 2: the audit could not run)
    ├── ProfileError        bad profile: YAML syntax, unknown key, wrong type, missing env var
    ├── BrowserNotFound     no Chromium to launch
    ├── BrowserFailed       Chromium started but crashed or would not launch
    ├── SiteUnreachable     the start or login URL does not answer
    ├── LoginFailed         the login form did not lead to the success check
    ├── BundleError         an evidence bundle is altered, incomplete or has extra files
    └── InputError          any other bad command-line input (missing file, bad report)

    KeyboardInterrupt
    └── Interrupted         SIGINT or SIGTERM (exit 128 + signal: 130, 143); the partial report is written

Exit code 1 is not an error: it means the audit ran and a threshold failed. Any other exception is a
crash: exit 2 with its traceback in ``error.log``. Every message is one line, meant for a person reading
stderr.
"""

from __future__ import annotations

import signal


class AuditError(Exception):
    """Base of every error the tool reports; ``exit_code`` is what the CLI returns."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        # One line, always: a multi-line message would break CI logs and the one-line contract.
        super().__init__(" ".join(str(message).split()))


class ProfileError(AuditError):
    """The site profile cannot be loaded: names the file, the key path and what is wrong."""


class BrowserNotFound(AuditError):
    """No Chromium is installed where we look; the message says how to get one."""


class BrowserFailed(AuditError):
    """Chromium was found but failed to start or crashed."""


class SiteUnreachable(AuditError):
    """The site does not answer at its start or login URL."""


class LoginFailed(AuditError):
    """Logging in did not reach the profile's success check."""


class BundleError(AuditError):
    """An evidence bundle does not match its manifest."""


class InputError(AuditError):
    """A command-line input (file, directory, option) is unusable."""


class Interrupted(KeyboardInterrupt):
    """A stop signal arrived. A KeyboardInterrupt, so that ``except Exception`` in gatherers and checks
    lets it through; ``exit_code`` follows the shell's convention (130 for SIGINT, 143 for SIGTERM)."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(signal.Signals(signum).name)

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name
