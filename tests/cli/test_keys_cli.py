"""``csp keys``: every key by its id, with the user's keys where their settings file
moves them; a bad settings file is one line on stderr and exit 2."""

from __future__ import annotations

import subprocess
import sys


def csp(*args: str) -> subprocess.CompletedProcess[str]:
    # $CSP_CONFIG (set for every test by conftest) names the settings file.
    return subprocess.run([sys.executable, "-m", "csp_tui", *args], capture_output=True,
                          text=True, timeout=120)


def row(stdout: str, binding_id: str) -> str:
    (line,) = [line for line in stdout.splitlines() if line.split()[:1] == [binding_id]]
    return " ".join(line.split())


def test_keys_lists_every_id_with_its_keys_and_what_it_does(no_user_settings):
    result = csp("keys")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"# keys by id; yours from {no_user_settings} (no such file)")
    assert row(result.stdout, "meeting.next-item") == "meeting.next-item PgDn Next item"
    assert row(result.stdout, "meeting.undo") == "meeting.undo ctrl+z Undo"
    assert row(result.stdout, "agenda.move-up") == "agenda.move-up K / ctrl+↑ Move up"
    from csp_tui.app import CspApp
    from csp_tui.keymap import binding_ids

    listed = {line.split()[0] for line in result.stdout.splitlines()[1:]}
    assert listed == binding_ids(CspApp)


def test_keys_shows_the_users_keys_where_changed(no_user_settings):
    no_user_settings.write_text('[keymap]\n"meeting.next-item" = "ctrl+n,f12"\n',
                                encoding="utf-8")
    result = csp("keys")
    assert result.returncode == 0, result.stderr
    assert f"yours from {no_user_settings}" in result.stdout.splitlines()[0]
    assert row(result.stdout, "meeting.next-item") == (
        "meeting.next-item ctrl+n / f12 Next item (yours; by default PgDn)")
    assert row(result.stdout, "meeting.undo") == "meeting.undo ctrl+z Undo"


def test_a_bad_entry_is_one_line_on_stderr_and_exit_2(no_user_settings):
    for text, named in (('[keymap]\n"meeting.nxt" = "ctrl+n"\n',
                         "[keymap] meeting.nxt: no such key id"),
                        ('[keymap]\n"meeting.undo" = "ctrl+zz"\n',
                         "[keymap] meeting.undo = 'ctrl+zz': 'zz' is no key"),
                        ("[keymap\n", "not TOML")):
        no_user_settings.write_text(text, encoding="utf-8")
        result = csp("keys")
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith(f"csp: {no_user_settings}: ")
        assert named in result.stderr
