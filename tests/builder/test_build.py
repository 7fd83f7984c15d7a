"""`latarnia build`: what Studio imports, byte for byte the same each time, written atomically."""

from __future__ import annotations

import hashlib
import json
import tarfile
from pathlib import Path

import olxcleaner
import pytest
from latarnia_builder import olx
from latarnia_builder.build import BuildSession
from latarnia_builder.cli import main
from lxml import etree

from tests.builder.courses import FULL, MINIMAL, copy_course

OUR_BLOCKS = list(olx.BLOCK_TYPES)


def olxcleaner_errors(olx_dir: Path) -> list[str]:
    _course, errors, _names = olxcleaner.validate(str(olx_dir), steps=8, allowed_xblocks=OUR_BLOCKS)
    return [
        f"{e.level} {e.name} {e.filename}: {e.description}"
        for e in errors.errors
        if e.level == "ERROR"
    ]


def build(course: Path, out: Path, **kwargs: object) -> dict[str, Path]:
    result = BuildSession(course, out, **kwargs).build()  # type: ignore[arg-type]
    assert result.ok, "\n".join(map(str, result.problems))
    return result.olx_dirs


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def unit(olx_dir: Path, url_name: str) -> etree._Element:
    """The vertical ``url_name``, inline in its lesson's sequential file."""
    lesson = url_name.split("--")[0]
    sequential = etree.parse(str(olx_dir / "sequential" / f"{lesson}.xml")).getroot()
    return sequential.find(f"vertical[@url_name='{url_name}']")


def url_names(olx_dir: Path) -> dict[str, str]:
    """Every url_name in the folder → the tag it names."""
    names = {}
    for path in olx_dir.rglob("*.xml"):
        for element in etree.parse(str(path)).iter():
            if isinstance(element.tag, str) and element.get("url_name"):
                names[element.get("url_name")] = element.tag
    return names


# -- what Studio imports ------------------------------------------------------------------------


def test_minimal_course_passes_olxcleaner(tmp_path: Path) -> None:
    olx_dirs = build(MINIMAL, tmp_path / "out")
    assert olxcleaner_errors(olx_dirs["pl"]) == []


def test_every_language_of_the_full_course_passes_olxcleaner(tmp_path: Path) -> None:
    olx_dirs = build(FULL, tmp_path / "out")
    assert set(olx_dirs) == {"pl", "en"}
    for olx_dir in olx_dirs.values():
        assert olxcleaner_errors(olx_dir) == []


def test_course_settings_follow_the_olx_guide(tmp_path: Path) -> None:
    olx_dir = build(FULL, tmp_path / "out")["en"]
    pointer = etree.parse(str(olx_dir / "course.xml")).getroot()
    assert dict(pointer.attrib) == {"url_name": "2026-en", "org": "KWP-Szczecin", "course": "HL900"}
    course = etree.parse(str(olx_dir / "course" / "2026-en.xml")).getroot()
    assert course.get("start") == "2026-12-01T00:00:00Z"
    assert course.get("end") == "2027-12-31T00:00:00Z"
    assert course.get("language") == "en"
    assert json.loads(course.get("advanced_modules")) == OUR_BLOCKS
    assert (olx_dir / "static" / course.get("course_image")).is_file()
    assert [c.get("url_name") for c in course] == ["praca"]
    policy = json.loads((olx_dir / "policies" / "2026-en" / "policy.json").read_text())
    assert list(policy) == ["course/2026-en"]
    assert (olx_dir / "about" / "overview.html").read_text().count("<strong>every</strong>") == 1


def test_grading_policy_weights_sum_to_one_and_match_graded_lessons(tmp_path: Path) -> None:
    olx_dir = build(FULL, tmp_path / "out")["pl"]
    policy = json.loads((olx_dir / "policies" / "2026-pl" / "grading_policy.json").read_text())
    graders = {g["type"]: g for g in policy["GRADER"]}
    assert set(graders) == {"Test wstępny", "Quiz", "Test końcowy"}
    assert sum(g["weight"] for g in graders.values()) == pytest.approx(1)
    assert policy["GRADE_CUTOFFS"] == {"Pass": 0.6}
    sequential = etree.parse(str(olx_dir / "sequential" / "test-koncowy.xml")).getroot()
    assert sequential.get("graded") == "true"
    assert sequential.get("format") == "Test końcowy"
    quiz = unit(olx_dir, "test-koncowy--test").find("latarnia_quiz")
    assert quiz.get("kind") == "final"


def test_static_holds_the_used_media_in_each_language(tmp_path: Path) -> None:
    olx_dirs = build(FULL, tmp_path / "out")
    for lang, olx_dir in olx_dirs.items():
        assert sorted(p.name for p in (olx_dir / "static").iterdir()) == ["karta.png", "oferta.svg"]
        assets = json.loads((olx_dir / "policies" / "assets.json").read_text())
        assert assets["oferta.svg"]["contentType"] == "image/svg+xml"
        svg = (olx_dir / "static" / "oferta.svg").read_text()
        assert ("Work in Germany" in svg) == (lang == "en")  # media/en/ overrides media/
    page = unit(olx_dirs["pl"], "oferta--sygnaly")
    text = page.find("latarnia_lesson[@url_name='oferta--sygnaly--text1']/content").text
    assert '<img alt="Ogłoszenie obiecujące' in text and 'src="/static/oferta.svg"' in text


def test_a_course_without_image_gets_a_default_one(tmp_path: Path) -> None:
    olx_dir = build(MINIMAL, tmp_path / "out")["pl"]
    course = etree.parse(str(olx_dir / "course" / "2026-pl.xml")).getroot()
    image = olx_dir / "static" / course.get("course_image")
    assert image.read_bytes().startswith(b"\x89PNG")


def test_each_unit_ends_with_the_help_contacts_unless_it_shows_them(tmp_path: Path) -> None:
    olx_dir = build(FULL, tmp_path / "out")["pl"]
    scenario_unit = unit(olx_dir, "oferta--historia")
    footer = scenario_unit[-1]
    assert footer.tag == "latarnia_lesson"
    assert footer.get("contacts_title") == "Gdzie szukać pomocy"
    assert [c.get("id") for c in footer.findall("contact")] == ["kcik", "112"]
    assert footer.find("contact").get("checked") == "2025-10-31"
    text_unit = unit(olx_dir, "oferta--sygnaly")
    helps = [b for b in text_unit if b.find("contact") is not None]
    assert [[c.get("id") for c in b.findall("contact")] for b in helps] == [["kcik", "la-strada"]]


def test_objectives_open_the_lesson_and_sources_close_it(tmp_path: Path) -> None:
    olx_dir = build(FULL, tmp_path / "out")["pl"]
    first = unit(olx_dir, "oferta--sygnaly")
    assert first[0].get("url_name") == "oferta--sygnaly--objectives"
    assert "Rozpoznasz sygnały" in first[0].find("content").text
    last = unit(olx_dir, "oferta--sprawdz-sie")
    sources = last.find("latarnia_lesson[@url_name='oferta--sprawdz-sie--sources']")
    assert "Krajowy Rejestr Agencji Zatrudnienia" in sources.find("content").text


# -- our blocks' XML --------------------------------------------------------------------------


def _block_classes() -> dict[str, type]:
    from latarnia_xblocks.lesson import LessonBlock
    from latarnia_xblocks.quiz import QuizBlock
    from latarnia_xblocks.scenario import ScenarioBlock

    return {
        "latarnia_lesson": LessonBlock,
        "latarnia_quiz": QuizBlock,
        "latarnia_scenario": ScenarioBlock,
    }


@pytest.mark.parametrize("tag", OUR_BLOCKS)
def test_every_block_element_parses_with_the_real_block_class(tag: str, tmp_path: Path) -> None:
    from xblock.core import XBlock
    from xblock.test.toy_runtime import ToyRuntime

    cls = _block_classes()[tag]
    own_parser = getattr(cls.parse_xml, "__func__", None)
    assert own_parser is not getattr(XBlock.parse_xml, "__func__", None), (
        f"{cls.__name__} must read its OLX itself (a parse_xml of its own)"
    )
    olx_dir = build(FULL, tmp_path / "out")["en"]
    runtime = ToyRuntime()
    elements = [
        element
        for path in sorted((olx_dir / "sequential").glob("*.xml"))
        for element in etree.parse(str(path)).iter(tag)
    ]
    assert elements
    for element in elements:
        block = runtime.get_block(
            runtime.parse_xml_string(etree.tostring(element, encoding="unicode"))
        )
        assert block.display_name == element.get("display_name")
        if tag == "latarnia_quiz":
            assert [q["id"] for q in block.questions] == [
                q.get("id") for q in element.findall("question")
            ]
        elif tag == "latarnia_scenario":
            assert [s["id"] for s in block.steps] == ["s1", "s2"]


# -- reproducible, stable, atomic ------------------------------------------------------------


def test_the_same_sources_give_a_byte_identical_archive(tmp_path: Path) -> None:
    first = BuildSession(FULL, tmp_path / "one").build()
    second = BuildSession(copy_course(FULL, tmp_path / "copy"), tmp_path / "two").build()
    for lang in ("pl", "en"):
        assert first.archives[lang].read_bytes() == second.archives[lang].read_bytes()
    assert digest(first.olx_dirs["pl"]) == digest(second.olx_dirs["pl"])


def test_the_archive_has_one_top_folder_holding_course_xml(tmp_path: Path) -> None:
    result = BuildSession(MINIMAL, tmp_path / "out").build()
    archive = result.archives["pl"]
    assert archive.name == "latarnia-KWP-Szczecin-HL101-2026-pl.tar.gz"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        assert {n.split("/")[0] for n in names} == {"course"}
        assert "course/course.xml" in names
        assert names == sorted(names)
        assert {(m.mtime, m.uid, m.gid, m.uname) for m in tar.getmembers()} == {
            (946684800, 0, 0, "")
        }
    raw = archive.read_bytes()
    assert raw[4:8] == b"\x00\x00\x00\x00"  # no time in the gzip header


def test_url_names_survive_reordering_units_and_editing_text(tmp_path: Path) -> None:
    course = copy_course(FULL, tmp_path / "course")
    before = url_names(build(course, tmp_path / "before")["pl"])
    lesson = course / "pl" / "lessons" / "oferta.yaml"
    text = lesson.read_text()
    units = text.split("\n  - id: ")
    reordered = "\n  - id: ".join([units[0], units[3].split("\nsources:")[0], units[2], units[1]])
    reordered += "\nsources:" + text.split("\nsources:")[1]
    reordered = reordered.replace(
        "Większość ofert jest uczciwa.", "Większość ofert pracy jest uczciwa."
    )
    lesson.write_text(reordered)
    after_dir = build(course, tmp_path / "after", langs=["pl"])["pl"]
    after = url_names(after_dir)
    moved = {"oferta--sygnaly--objectives", "oferta--sprawdz-sie--objectives"}
    moved |= {"oferta--sprawdz-sie--sources", "oferta--sygnaly--sources"}
    assert {k: v for k, v in before.items() if k not in moved} == {
        k: v for k, v in after.items() if k not in moved
    }
    assert before["oferta--quiz"] == after["oferta--quiz"] == "latarnia_quiz"
    sequential = etree.parse(str(after_dir / "sequential" / "oferta.xml")).getroot()
    assert [v.get("url_name") for v in sequential] == [
        "oferta--sprawdz-sie",
        "oferta--historia",
        "oferta--sygnaly",
    ]


def test_a_build_with_problems_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    course = copy_course(MINIMAL, tmp_path / "course")
    out = tmp_path / "out"
    good = BuildSession(course, out).build()
    before = digest(out)
    lesson = course / "pl" / "lessons" / "praca-sprawdz-oferte.yaml"
    lesson.write_text(lesson.read_text().replace("correct: true", "correct: false"))
    failed = BuildSession(course, out).build()
    assert not failed.ok and failed.problems
    assert digest(out) == before
    assert good.archives["pl"].is_file()


def test_a_build_that_fails_while_writing_restores_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    course = copy_course(MINIMAL, tmp_path / "course")
    BuildSession(course, out).build()
    before = digest(out)
    lesson = course / "pl" / "lessons" / "praca-sprawdz-oferte.yaml"
    lesson.write_text(lesson.read_text().replace("Większość ofert", "Wiele ofert"))
    written = []
    original = Path.write_bytes

    def failing_write(self: Path, data: bytes) -> int:
        written.append(self)
        if len(written) > 3:
            raise OSError(28, "No space left on device")
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError):
        BuildSession(course, out).build()
    monkeypatch.undo()
    assert digest(out) == before  # the archive too, though it had been packed already
    assert sorted(p.name for p in out.iterdir()) == [
        "latarnia-KWP-Szczecin-HL101-2026-pl.tar.gz",
        "pl",
    ]
    assert [p.name for p in (out / "pl").iterdir()] == ["course"]


# -- rebuilding ---------------------------------------------------------------------------------


def test_a_rebuild_reads_only_the_changed_lesson(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from latarnia_builder import read as reader

    course = copy_course(FULL, tmp_path / "course")
    session = BuildSession(course, tmp_path / "out")
    assert session.build(archive=False).ok
    read = []
    original = reader.read_lesson
    monkeypatch.setattr(
        reader,
        "read_lesson",
        lambda path, *rest: read.append(path.name) or original(path, *rest),
    )
    lesson = course / "en" / "lessons" / "oferta.yaml"
    lesson.write_text(
        lesson.read_text().replace("Most offers are honest.", "Most offers are fair.")
    )
    result = session.build(archive=False)
    assert result.ok
    assert read == ["oferta.yaml"]
    page = (result.olx_dirs["en"] / "sequential" / "oferta.xml").read_text()
    assert "Most offers are fair." in page


def test_the_cli_builds_quietly(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_course(MINIMAL, in_tmp / "course")
    assert main(["build", "course", "-o", "out"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "pl: out/pl/course  out/latarnia-KWP-Szczecin-HL101-2026-pl.tar.gz"
    assert lines[1].startswith("Built in ")
    assert len(lines) == 2


def test_a_rebuild_writes_only_what_changed_and_removes_what_is_gone(tmp_path: Path) -> None:
    course = copy_course(FULL, tmp_path / "course")
    session = BuildSession(course, tmp_path / "out", langs=["pl"])
    olx_dir = session.build(archive=False).olx_dirs["pl"]
    stamps = {p: p.stat().st_mtime_ns for p in olx_dir.rglob("*") if p.is_file()}
    lesson = course / "pl" / "lessons" / "oferta.yaml"
    lesson.write_text(lesson.read_text().replace("Większość ofert", "Większość ogłoszeń"))
    (course / "pl" / "course.yaml").write_text(
        (course / "pl" / "course.yaml").read_text().replace(", test-koncowy]", "]")
    )
    (course / "pl" / "lessons" / "test-koncowy.yaml").unlink()
    (course / "en" / "lessons" / "test-koncowy.yaml").unlink()
    (course / "en" / "course.yaml").write_text(
        (course / "en" / "course.yaml").read_text().replace(", test-koncowy]", "]")
    )
    (course / "course.yaml").write_text(
        (course / "course.yaml")
        .read_text()
        .replace("final: {weight: 0.7", "final: {weight: 0")
        .replace("quiz: {weight: 0.3", "quiz: {weight: 1")
    )
    result = session.build(archive=False)
    assert result.ok or pytest.fail("\n".join(map(str, result.problems)))
    changed = {
        str(p.relative_to(olx_dir))
        for p in olx_dir.rglob("*")
        if p.is_file() and stamps.get(p) != p.stat().st_mtime_ns
    }
    assert "sequential/oferta.xml" in changed
    assert "sequential/test-wstepny.xml" not in changed
    assert not (olx_dir / "sequential" / "test-koncowy.xml").exists()
    assert not list(olx_dir.rglob(".*"))  # no partial files left behind
    fresh = BuildSession(course, tmp_path / "fresh", langs=["pl"]).build(archive=False)
    assert digest(olx_dir) == digest(fresh.olx_dirs["pl"])


def test_images_of_the_about_page_are_checked_and_shipped(tmp_path: Path) -> None:
    course = copy_course(MINIMAL, tmp_path / "course")
    text = course / "pl" / "course.yaml"
    text.write_text(
        text.read_text().replace(
            "  Ma dwie ścieżki:", "  ![Logo projektu](media/logo.svg)\n\n  Ma dwie ścieżki:"
        )
    )
    problems = BuildSession(course).check()[1]
    assert [p.message for p in problems] == ["image 'media/logo.svg' not found"]
    (course / "media").mkdir(exist_ok=True)
    (course / "media" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    olx_dir = build(course, tmp_path / "out")["pl"]
    assert (olx_dir / "static" / "logo.svg").is_file()
    assert 'src="/static/logo.svg"' in (olx_dir / "about" / "overview.html").read_text()


def test_objectives_are_rendered_once(tmp_path: Path) -> None:
    """Markdown in an objective shows as formatting, and '&' as '&' (not '&amp;amp;')."""
    course = copy_course(MINIMAL, tmp_path / "course")
    lesson = course / "pl" / "lessons" / "praca-sprawdz-oferte.yaml"
    text = lesson.read_text()
    first = text.split("objectives:\n", 1)[1].split("\n", 1)[0]
    lesson.write_text(text.replace(first, '  - "**Sprawdzisz** ofertę & umowę"', 1))
    olx_dir = build(course, tmp_path / "out")["pl"]
    page = unit(olx_dir, "praca-sprawdz-oferte--" + first_unit_id(olx_dir))
    content = page.find("latarnia_lesson[@url_name]/content").text
    assert "<li><strong>Sprawdzisz</strong> ofertę &amp; umowę</li>" in content
    assert "**" not in content and "&lt;" not in content and "&amp;amp;" not in content


def first_unit_id(olx_dir: Path) -> str:
    sequential = etree.parse(str(olx_dir / "sequential" / "praca-sprawdz-oferte.xml")).getroot()
    return sequential[0].get("url_name").split("--", 1)[1]
