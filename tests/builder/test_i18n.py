"""The `latarnia` command speaks Polish or English: the catalogue is complete and compiled, the
language follows LATARNIA_LANG or the system's, and the positions stay the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from latarnia_builder import i18n

from devtools import i18n as i18n_tools
from tests.builder.courses import BAD, MINIMAL, bad_course, copy_course

ROOT = Path(__file__).resolve().parents[2]


def latarnia(argv: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command, in a fresh process, with only the language variables given."""
    clean = {k: v for k, v in os.environ.items() if k not in i18n.ENVIRONMENT}
    clean["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), clean.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "latarnia_builder.cli", *argv],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_catalogue_holds_every_string_translated_and_compiled():
    """Extract from builder/ again and compare: `make translations` fixes it."""
    assert i18n_tools.check((i18n_tools.BUILDER,)) == []


def test_the_catalogue_is_shipped():
    for suffix in ("po", "mo"):
        assert (i18n.TRANSLATIONS_DIR / "pl" / "LC_MESSAGES" / f"latarnia.{suffix}").is_file()


def test_every_translation_keeps_the_placeholders():
    for message in i18n_tools.read("pl", i18n_tools.BUILDER):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(set(_placeholders(source)))
        for string in strings:
            assert sorted(set(_placeholders(string))) == wanted, (source, string)


def _placeholders(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "en"),
        ({"LANG": "pl_PL.UTF-8"}, "pl"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "pl_PL.UTF-8", "LANG": "en_US.UTF-8"}, "pl"),
        ({"LANGUAGE": "en:pl", "LANG": "pl_PL.UTF-8"}, "en"),
        ({"LANGUAGE": "pl", "LANG": "C.UTF-8"}, "pl"),
        ({"LATARNIA_LANG": "en", "LANG": "pl_PL.UTF-8"}, "en"),
        ({"LATARNIA_LANG": "pl", "LANG": "en_US.UTF-8"}, "pl"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
    ],
)
def test_the_language_follows_latarnia_lang_then_the_system(
    environment: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
):
    for name in i18n.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.language() == expected


POLISH = {
    "unknown-key": [
        "course/pl/lessons/lekcja.yaml:3:1: nieznany klucz 'objetives' (lekcja)"
        " — czy chodziło o 'objectives'?",
        "course/pl/lessons/lekcja.yaml:11:11: nieznany klucz 'questoins' (quiz)"
        " — czy chodziło o 'questions'?",
        "Znaleziono 2 problemy.",
    ],
    "no-correct-answer": [
        "course/pl/lessons/lekcja.yaml:13:17: pytanie 'pytanie' nie ma poprawnej odpowiedzi"
        " — oznacz poprawną odpowiedź przez 'correct: true'",
    ],
    "yaml-syntax": [
        "course/pl/lessons/lekcja.yaml:4:12: błąd składni YAML: ten tekst w cudzysłowie"
        " nie jest zamknięty — dodaj cudzysłów zamykający",
        "Znaleziono 1 problem.",
    ],
    "too-few-items": [
        "course/pl/lessons/lekcja.yaml:13:17: 'choices' musi mieć co najmniej 2 elementy",
    ],
}


@pytest.mark.parametrize("name", sorted(POLISH))
def test_polish_problems_at_the_same_places(name: str, tmp_path: Path):
    bad_course(name, tmp_path / "course")
    polish = latarnia(["check", "course"], tmp_path, LATARNIA_LANG="pl")
    assert polish.returncode == 1
    lines = polish.stdout.splitlines()
    for line in POLISH[name]:
        assert line in lines
    english = (BAD / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    positions = [line.split(": ", 1)[0] for line in lines]
    assert positions[:-1] == [line.split(": ", 1)[0] for line in english][:-1]


def test_the_system_language_is_followed(tmp_path: Path):
    bad_course("unknown-key", tmp_path / "course")
    polish = latarnia(["check", "course"], tmp_path, LANG="pl_PL.UTF-8")
    assert "nieznany klucz 'objetives' (lekcja)" in polish.stdout
    english = latarnia(["check", "course"], tmp_path, LANG="pl_PL.UTF-8", LATARNIA_LANG="en")
    assert english.stdout == (BAD / "unknown-key" / "expected.txt").read_text(encoding="utf-8")


def test_polish_usage_error_exits_2(tmp_path: Path):
    copy_course(MINIMAL, tmp_path / "course")
    result = latarnia(["new"], tmp_path, LATARNIA_LANG="pl")
    assert result.returncode == 2
    assert result.stderr == (
        "latarnia: błąd: napisz, co utworzyć, np. 'latarnia new lesson praca-umowa'\n"
    )
    result = latarnia(["check", "nie-ma"], tmp_path, LATARNIA_LANG="pl")
    assert result.returncode == 2
    assert "nie ma takiego folderu: nie-ma" in result.stderr


def test_polish_clean_check(tmp_path: Path):
    copy_course(MINIMAL, tmp_path / "course")
    result = latarnia(["check", "course"], tmp_path, LATARNIA_LANG="pl")
    assert result.returncode == 0
    assert result.stdout.startswith("Brak problemów w course (pl; 1 lekcja")


def test_polish_help(tmp_path: Path):
    result = latarnia(["check", "--help"], tmp_path, LATARNIA_LANG="pl")
    assert result.returncode == 0
    assert "Sprawdza każdy plik kursu" in result.stdout
    assert "tylko ten język" in result.stdout
