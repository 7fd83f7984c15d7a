"""Run by the wheel test inside the clean venv (``python -I render_installed.py OLX_DIR...``).

Parses every ``latarnia_*`` element of the built OLX with the block class that the installed
package registers under the ``xblock.v1`` entry points, renders its student_view, and prints one
JSON report on stdout. It imports nothing from the repository.
"""

import importlib.util
import json
import sys
from pathlib import Path

from lxml import etree
from xblock.core import XBlock
from xblock.test.toy_runtime import ToyRuntime


def main(olx_dirs: list[str]) -> None:
    runtime = ToyRuntime("learner")
    blocks = []
    classes = {}
    for olx_dir in olx_dirs:
        for path in sorted(Path(olx_dir).rglob("*.xml")):
            for element in etree.parse(str(path)).iter():
                if not isinstance(element.tag, str) or not element.tag.startswith("latarnia_"):
                    continue
                cls = XBlock.load_class(element.tag)
                classes[element.tag] = {
                    "class": f"{cls.__module__}.{cls.__qualname__}",
                    "file": sys.modules[cls.__module__].__file__,
                }
                usage_id = runtime.parse_xml_string(etree.tostring(element, encoding="unicode"))
                block = runtime.get_block(usage_id)
                fragment = block.render("student_view", {})
                blocks.append(
                    {
                        "tag": element.tag,
                        "url_name": element.get("url_name"),
                        "file": str(path),
                        "html": fragment.body_html(),
                        "resources": len(fragment.resources),
                    }
                )
    report = {
        "sys_path": sys.path,
        "classes": classes,
        "blocks": blocks,
        "importable": {
            name: importlib.util.find_spec(name) is not None
            for name in ("builder", "xblocks", "latarnia_builder", "latarnia_xblocks")
        },
    }
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
