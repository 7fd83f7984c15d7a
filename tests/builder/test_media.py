"""SVG files in media/ are served from the site's origin: one that could run a script or load
another file is refused where a lesson shows it, naming the SVG's line."""

from __future__ import annotations

from pathlib import Path

import pytest
from latarnia_builder.build import BuildSession
from latarnia_builder.cli import main
from latarnia_builder.media import unsafe_svg

from tests.builder.courses import BAD, copy_course

REPO = Path(__file__).resolve().parents[2]
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
UNSAFE = {  # case: (line of the finding, the SVG, the finding)
    "script": (2, SVG + "<script>alert(1)</script></svg>", "a <script>"),
    "script-in-namespace": (
        2,
        SVG + '<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script></svg>',
        "a <script>",
    ),
    "onload": (
        1,
        SVG.replace("<svg ", '<svg onload="alert(1)" ') + "</svg>",
        "an event handler 'onload'",
    ),
    "foreignObject": (
        2,
        SVG + "<foreignObject><p>x</p></foreignObject></svg>",
        "a <foreignObject>",
    ),
    "remote-image": (
        2,
        SVG + '<image href="https://example.org/a.png"/></svg>',
        "a link to 'https://example.org/a.png'",
    ),
    "xlink-to-another-file": (
        2,
        SVG + '<use xlink:href="other.svg#a"/></svg>',
        "a link to 'other.svg#a'",
    ),
    "javascript-link": (
        2,
        SVG + '<a href="javascript:alert(1)"><text>x</text></a></svg>',
        "a link to 'javascript:alert(1)'",
    ),
    "style-url": (
        2,
        SVG + "<style>rect { fill: url(https://example.org/x.svg#p) }</style></svg>",
        "a style that loads another file",
    ),
    "style-attribute": (
        2,
        SVG + "<rect style=\"background: url('//example.org/t.png')\"/></svg>",
        "a style that loads another file",
    ),
    "stylesheet": (
        1,
        '<?xml-stylesheet href="https://example.org/s.css"?>\n' + SVG + "</svg>",
        "a style sheet from another file",
    ),
    "animated-href": (
        2,
        SVG + '<a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
        "an animation that changes 'href'",
    ),
    "entities": (
        1,
        '<!DOCTYPE svg [<!ENTITY x "lol">]>\n' + SVG + "<text>&x;</text></svg>",
        "entity declarations (<!ENTITY>)",
    ),
}


@pytest.fixture
def course(in_tmp: Path) -> Path:
    course = copy_course(BAD / "_base", in_tmp / "course")
    (course / "media").mkdir()
    lesson = course / "pl" / "lessons" / "lekcja.yaml"
    lesson.write_text(
        lesson.read_text().replace(
            "      - text: Tekst lekcji.",
            "      - text: |\n          ![Rysunek](media/rysunek.svg)",
        )
    )
    return course


@pytest.mark.parametrize("case", sorted(UNSAFE))
def test_an_unsafe_svg_is_refused_where_the_lesson_shows_it(
    case: str, course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line, svg, finding = UNSAFE[case]
    (course / "media" / "rysunek.svg").write_text(svg)
    assert main(["check", "course"]) == 1
    out = capsys.readouterr().out
    assert (
        "course/pl/lessons/lekcja.yaml:8:11: image 'media/rysunek.svg' is not safe to show: "
        f"course/media/rysunek.svg:{line} has {finding} — "
        "remove scripts, event handlers (on…), foreignObject and links to other files; "
        "in Inkscape, save as Plain SVG"
    ) in out.splitlines()
    assert not BuildSession(course, tmp_path / "out").build().ok


def test_pictures_fragments_and_embedded_images_pass(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "media" / "rysunek.svg").write_text(
        SVG + '<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/>'
        '<use href="#g"/><image xlink:href="data:image/png;base64,iVBORw0KGgo="/>'
        "<style>rect { fill: url(#g) }</style><title>Rysunek</title></svg>"
    )
    assert main(["check", "course"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "course" / "media").rglob("*.svg")),
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_the_course_s_own_svgs_pass(path: Path) -> None:
    assert unsafe_svg(path) == []
