"""One Markdown parse: the checks see the images and links the renderer found, however they
are written, and the rule "images only from media/" holds for all of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from latarnia_builder.build import BuildSession
from latarnia_builder.cli import main
from latarnia_builder.render import Renderer

from tests.builder.courses import BAD, copy_course

REMOTE = (
    "images must come from the course's media folder, not from the web — "
    "save the image in media/ and write media/<file>"
)


@pytest.fixture
def course(in_tmp: Path) -> Path:
    course = copy_course(BAD / "_base", in_tmp / "course")
    (course / "media").mkdir()
    (course / "media" / "plan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return course


def write_text(course: Path, *lines: str) -> None:
    """The lesson's first text block becomes ``lines`` (the first of them on line 8)."""
    lesson = course / "pl" / "lessons" / "lekcja.yaml"
    body = "\n".join(f"          {line}" if line else "" for line in lines)
    lesson.write_text(
        lesson.read_text().replace("      - text: Tekst lekcji.", f"      - text: |\n{body}")
    )


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "course"])
    return code, capsys.readouterr().out.splitlines()


def test_a_reference_style_remote_image_is_refused(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_text(course, "Zobacz ![Logo][logo].", "", "[logo]: https://example.org/logo.png")
    code, out = check(capsys)
    assert code == 1
    assert out[0] == f"course/pl/lessons/lekcja.yaml:10:19: {REMOTE}"


def test_a_raw_html_remote_image_is_refused(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_text(course, 'Zobacz <img src="https://example.org/x.png" alt="x">.')
    code, out = check(capsys)
    assert code == 1
    assert out[0] == f"course/pl/lessons/lekcja.yaml:8:18: {REMOTE}"


def test_a_raw_html_image_without_alt_is_reported(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_text(course, '<img src="media/plan.png">')
    code, out = check(capsys)
    assert code == 1
    assert out[0].startswith(
        "course/pl/lessons/lekcja.yaml:8:11: image 'media/plan.png' has no alt text"
    )


def test_an_image_inside_code_is_not_an_image(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_text(
        course,
        "Obrazek wstawia się tak: `![Opis](obrazki/plan.png)`.",
        "",
        "    ![Opis](https://example.org/kod.png)",
    )
    code, out = check(capsys)
    assert (code, out[-1]) == (0, "No problems found in course (pl; 1 lesson).")


@pytest.mark.parametrize("path", ["media/../course.yaml", "media/./../../etc/passwd"])
def test_a_media_path_climbing_out_of_media_is_refused(
    path: str, course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_text(course, f"![Plan]({path})")
    code, out = check(capsys)
    assert code == 1
    assert out[0] == f"course/pl/lessons/lekcja.yaml:8:11: '{path}' must name a file inside media/"


def test_a_link_into_media_is_checked_and_shipped(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_text(course, "Pobierz [ulotkę](media/ulotka.pdf) i [plan](media/plan.png).")
    code, out = check(capsys)
    assert code == 1
    assert out[0].startswith(
        "course/pl/lessons/lekcja.yaml:8:19: linked file 'media/ulotka.pdf' not found"
    )
    (course / "media" / "ulotka.pdf").write_bytes(b"%PDF-1.4\n")
    result = BuildSession(course, tmp_path / "out").build()
    assert result.ok, result.problems
    static = result.olx_dirs["pl"] / "static"
    assert sorted(p.name for p in static.iterdir()) == [
        "latarnia-course-image.png",
        "plan.png",
        "ulotka.pdf",
    ]
    lesson = (result.olx_dirs["pl"] / "sequential" / "lekcja.xml").read_text()
    assert 'href="/static/ulotka.pdf"' in lesson


def test_the_renderer_shows_images_from_media_only() -> None:
    """The same rule again where the HTML is written: no remote image reaches a learner."""
    renderer = Renderer()
    html = renderer.block(
        '![a][r] <img src="https://example.org/x.png" alt="x"> ![b](media/b.png)\n\n'
        "[r]: //example.org/r.png"
    )
    assert "example.org" not in html
    assert '<img alt="b" src="/static/b.png">' in html
    found = renderer.parse("![a][r]\n\n[r]: //example.org/r.png").references
    assert [(r.target, r.image, r.alt) for r in found] == [("//example.org/r.png", True, "a")]


def test_the_svg_of_a_link_is_checked_too(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Opened from a link, an SVG runs its scripts as much as when shown."""
    (course / "media" / "plakat.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>'
    )
    write_text(course, "[Plakat](media/plakat.svg)")
    code, out = check(capsys)
    assert code == 1
    assert "course/media/plakat.svg:2 has a <script>" in out[0]
