"""In-process runtimes for the Latarnia blocks: learners, recorded events, chosen languages."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from latarnia_xblocks.mixins import catalogue, to_locale
from webob import Request
from xblock.fields import ScopeIds
from xblock.runtime import DictKeyValueStore, KvsFieldData, MemoryIdManager
from xblock.test.tools import TestRuntime

from tests.support import servers


class LanguageService:
    """An i18n service that reports a language, as the workbench's does (through Django)."""

    def __init__(self, language: str):
        self.language = language

    def get_language(self) -> str:
        return self.language


class OpenEdxLikeService:
    """An i18n service holding a translator, as Open edX's XBlockI18nService does."""

    def __init__(self, language: str):
        self.translator = catalogue(to_locale(language))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.translator, "gettext" if name == "ugettext" else name)


class StaffUserService:
    """A user service saying the current user is course staff, as Open edX's does for them."""

    def get_current_user(self) -> SimpleNamespace:
        return SimpleNamespace(opt_attrs={"edx-platform.user_is_staff": True})


class RecordingRuntime(TestRuntime):
    """A runtime that records what blocks publish and answers handler and resource URLs."""

    def __init__(
        self, store: DictKeyValueStore, ids: MemoryIdManager, services: dict, mixins: tuple = ()
    ):
        services = {**services, "field-data": KvsFieldData(store)}
        super().__init__(id_reader=ids, id_generator=ids, services=services, mixins=mixins)
        self.events: list[tuple[str, dict]] = []

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        return f"/handler/{block.scope_ids.usage_id}/{handler_name}"

    def local_resource_url(self, block, uri):
        return f"/resource/{block.scope_ids.block_type}/{uri}"

    def resource_url(self, resource):
        return f"/static/{resource}"

    def publish(self, block, event_type, event_data):
        self.events.append((event_type, event_data))


@dataclass
class Response:
    status: int
    data: Any


class Course:
    """Blocks parsed once (author data), seen by any number of learners (their own state)."""

    def __init__(
        self, language: str | None = None, service: type = LanguageService, mixins: tuple = ()
    ):
        self.mixins = mixins  # as Open edX mixes its InheritanceMixin (due, graceperiod …) in
        self.store = DictKeyValueStore()
        self.ids = MemoryIdManager()
        self.language = language
        self.service = service
        self.author = self.runtime()

    def runtime(self, staff: bool = False) -> RecordingRuntime:
        services: dict[str, Any] = {"i18n": self.service(self.language)} if self.language else {}
        if staff:
            services["user"] = StaffUserService()
        return RecordingRuntime(self.store, self.ids, services, self.mixins)

    def add(self, xml: str) -> str:
        """Import ``xml`` (one block) and return its usage id."""
        return self.author.parse_xml_string(xml)

    def learner(self, usage_id: str, user_id: str = "ala", runtime: RecordingRuntime | None = None):
        """The block as ``user_id`` sees it (a fresh instance over the same stored fields)."""
        runtime = runtime or self.runtime()
        def_id = self.ids.get_definition_id(usage_id)
        block_type = self.ids.get_block_type(def_id)
        keys = ScopeIds(user_id, block_type, def_id, usage_id)
        return runtime.construct_xblock(block_type, keys)

    def editor(self, usage_id: str):
        """The block as course staff see it (Studio's settings may be changed)."""
        return self.learner(usage_id, "staff", runtime=self.runtime(staff=True))


def call(block, handler: str, body: Any = None, raw: bytes | None = None, method: str = "POST"):
    """Call a handler as the browser does; ``raw`` sends bytes as they are."""
    payload = raw if raw is not None else json.dumps(body if body is not None else {}).encode()
    request = Request.blank("/", method=method, body=payload if method == "POST" else None)
    if method == "POST":
        request.content_type = "application/json"
    response = block.runtime.handle(block, handler, request)
    data = json.loads(response.body.decode("utf-8")) if response.body else None
    return Response(response.status_code, data)


@pytest.fixture
def course() -> Course:
    return Course()


@pytest.fixture(scope="session")
def workbench_pl_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The workbench with LANGUAGE_CODE = "pl" (tests/xblocks/workbench_pl.py)."""
    workdir = tmp_path_factory.mktemp("workbench-pl")
    (workdir / "var").mkdir()
    env = {
        **servers.WORKBENCH_ENV,
        "DJANGO_SETTINGS_MODULE": "tests.xblocks.workbench_pl",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(servers.REPO), os.environ.get("PYTHONPATH")])
        ),
    }
    python = str(servers.BIN / "python")
    subprocess.run(
        [python, "-m", "django", "migrate", "--run-syncdb", "-v", "0"],
        cwd=workdir,
        env={**os.environ, **env},
        check=True,
    )
    port = servers.free_port()
    cmd = [python, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with servers.running(cmd, workdir, port, env) as url:
        yield url
