"""How `mkdocs serve` notices a save in data/ (load/watch.py): by the system's file events where
every change comes as one, by polling where that is not known. Either way a save is served, a
build's own reads of data/ start no other build, and nothing is left behind when serve stops.

The real `mkdocs serve` on a copy of the project, with mkdocs.yml's `watch_data` set, so the test
does not depend on the file system its temporary folder happens to be on; which file systems
`auto` trusts is tested on mount tables written here."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import make_project
from test_serve_problems import Served, get, serve

from macros.adapter.mkdocs_plugin import EvidencePlugin
from macros.load import watch
from macros.load.watch import file_system, use_events

SOURCE = "data/sources/example-report.yaml"
EXPLAINER = "data/explainers/example-question.yaml"
SECOND = "title: A second report\npublisher: example-news\n"

MOUNTS = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
30 27 0:40 / /mnt/c rw,noatime - 9p drvfs rw,dirsync,aname=drvfs;path=C:\
31 27 0:41 / /home/me/shared\040work rw shared:5 - nfs4 server:/export rw
32 31 0:42 / /home/me/shared\040work/local rw - xfs /dev/vdb rw
33 27 0:43 / /srv rw - cifs //nas/srv rw
34 27 0:44 / /srv rw - tmpfs tmpfs rw
35 27 0:45 / /work/box rw - fuse.sshfs me@box:/work rw
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/me/site/data", "ext4"),
        ("/", "ext4"),
        ("/mnt/c/Users/me/site/data", "9p"),  # Windows' drive under WSL
        ("/mnt/cat/data", "ext4"),  # a name that starts like a mount point is not under it
        ("/home/me/shared work/site/data", "nfs4"),  # a space in the mount point
        ("/home/me/shared work/local/data", "xfs"),  # the deepest mount point above it
        ("/srv/site/data", "tmpfs"),  # two mounted at one point: the last one
        ("/work/box/data", "fuse.sshfs"),
    ],
)
def test_the_file_system_of_a_folder_is_that_of_the_deepest_mount_above_it(path, kind):
    assert file_system(Path(path), MOUNTS) == kind


def test_a_mount_made_over_a_parent_folder_hides_a_deeper_one():
    # /srv/site was mounted from a network share, then a local disk over /srv: a folder under
    # /srv/site is on the local disk (the device it is on says which mount it is under).
    mounts = "50 1 0:60 / /srv/site rw - nfs server:/site rw\n51 1 8:16 / /srv rw - ext4 /dev/sdb rw\n"
    assert file_system(Path("/srv/site/data"), mounts, "8:16") == "ext4"
    assert file_system(Path("/srv/site/data"), mounts, "0:60") == "nfs"
    assert file_system(Path("/srv/site/data"), mounts) == "nfs"  # no device known: the deepest
    assert file_system(Path("/srv/site/data"), mounts, "9:9") == "nfs"


def test_file_events_are_used_by_auto_only_on_a_file_system_of_the_machine_s_own(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    st = os.stat(tmp_path)  # the mounts below are said to be of the device it is on
    device = f"{os.major(st.st_dev)}:{os.minor(st.st_dev)}"
    mounts = MOUNTS + f"40 27 {device} / {tmp_path}/local rw - btrfs /dev/vdc rw\n"
    mounts += f"41 27 {device} / {tmp_path}/shared rw - virtiofs share rw\n"
    mounts += f"42 27 {device} / {tmp_path}/vm rw - vboxsf share rw\n"
    real_read = Path.read_text

    def read_text(self: Path, *args, **kwargs) -> str:
        return mounts if str(self) == "/proc/self/mountinfo" else real_read(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    for folder, trusted in (("local", True), ("shared", False), ("vm", False)):
        (tmp_path / folder).mkdir()
        assert use_events("auto", tmp_path / folder) is trusted, folder
        assert use_events("events", tmp_path / folder) is True
        assert use_events("polling", tmp_path / folder) is False
    monkeypatch.setattr("sys.platform", "darwin")  # not known there: MkDocs' polling, unless asked
    assert use_events("auto", tmp_path / "local") is False
    assert use_events("events", tmp_path / "local") is True


class _Server:
    """What `on_serve` is given: a server whose `watch` MkDocs polls."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def _plugin_on_serve(project: Path, mode: str, watch: list[str]) -> tuple[EvidencePlugin, _Server]:
    plugin = EvidencePlugin()
    errors, _ = plugin.load_config({"watch_data": mode})
    assert not errors
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"), watch=watch)
    server = _Server()
    plugin.on_serve(server, config=config, builder=None)  # type: ignore[arg-type]
    return plugin, server


def test_data_is_polled_when_its_events_cannot_be_watched_and_nothing_is_left_behind(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    made: list[Path] = []
    real_mkdtemp = watch.tempfile.mkdtemp

    def mkdtemp(**kwargs) -> str:
        made.append(Path(real_mkdtemp(**kwargs)))
        return str(made[-1])

    def no_watches(*args) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watch.tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(watch, "FileEvents", no_watches)
    plugin, server = _plugin_on_serve(tmp_path, "events", [])
    assert server.watched == [str((tmp_path / "data").resolve())]
    assert made and not made[0].exists()
    plugin.on_shutdown()


def test_a_missing_data_folder_is_not_watched(tmp_path):
    """MkDocs' watch of a folder that is not there stops serve with a traceback; the site shows
    the problem instead (test_serve_problems.py)."""
    for mode in ("auto", "events", "polling"):
        plugin, server = _plugin_on_serve(tmp_path, mode, [])
        assert server.watched == [] and plugin.relay is None, mode
        plugin.on_shutdown()


def test_data_under_a_folder_of_watch_is_left_to_mkdocs(tmp_path):
    """mkdocs.yml's `watch:` or `serve -w` naming data/ or a folder holding it: MkDocs polls it
    already, and events as well would build twice for a save."""
    (tmp_path / "data").mkdir()
    for mode in ("events", "polling"):
        for listed in (tmp_path / "data", tmp_path):
            plugin, server = _plugin_on_serve(tmp_path, mode, [str(listed)])
            assert server.watched == [] and plugin.relay is None, (mode, listed)
            plugin.on_shutdown()
    plugin, server = _plugin_on_serve(tmp_path, "polling", [str(tmp_path / "macros")])
    assert server.watched == [str((tmp_path / "data").resolve())]


def _until(check, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _quiet(folder: Path) -> list[Path]:
    """The folder's files once they have not changed for half a second."""
    last, since = sorted(folder.iterdir()), time.monotonic()
    while time.monotonic() - since < 0.5:
        time.sleep(0.05)
        if (now := sorted(folder.iterdir())) != last:
            last, since = now, time.monotonic()
    return last


def test_a_relay_tells_each_change_as_a_new_file_and_says_when_data_is_gone(tmp_path):
    data, said = tmp_path / "data", []
    (data / "sources").mkdir(parents=True)
    relay = watch.Relay(data, said.append)
    try:
        told = sorted(relay.folder.iterdir())
        (data / "sources" / "a.yaml").write_text("title: A\n", encoding="utf-8")
        assert _until(lambda: sorted(relay.folder.iterdir()) != told), "a save is told"
        told = _quiet(relay.folder)  # a save is a few events, each told in turn
        assert len(told) == 1, "the folder holds one file"
        (data / "sources" / "a.yaml").read_text(encoding="utf-8")  # a read is not a save
        time.sleep(0.5)
        assert sorted(relay.folder.iterdir()) == told and not said
        os.utime(data / "sources" / "a.yaml")  # `touch`: polling would see it, so events do too
        assert _until(lambda: sorted(relay.folder.iterdir()) != told), "a touch is told"
        told = _quiet(relay.folder)
        shutil.rmtree(data)
        assert _until(lambda: bool(said)), "removing data/ is said"
        assert "data/ was removed" in said[0]
        assert sorted(relay.folder.iterdir()) != told, "and the build that shows it is asked for"
    finally:
        relay.stop()
    assert not relay.folder.exists()


def _with_watch(project: Path, mode: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = re.search(r"^( +)deploy: .*$", text, re.M)
    assert line, "the plugin's options in mkdocs.yml"
    config.write_text(text.replace(line.group(0), f"{line.group(0)}\n{line.group(1)}watch_data: {mode}"), "utf-8")


def _builds(served: Served) -> int:
    return served.terminal().count("Reloading browsers")


def _save_atomically(path: Path, text: str) -> None:
    """As many editors save: the new text into a file beside it, renamed over it."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _settled(served: Served, seconds: float = 2.0) -> int:
    """The builds so far, once none has come for `seconds`; if builds never stop (each one's
    reads of data/ starting another), after a minute."""
    count, quiet_since, deadline = _builds(served), time.monotonic(), time.monotonic() + 60
    while time.monotonic() - quiet_since < seconds and time.monotonic() < deadline:
        time.sleep(0.25)
        if _builds(served) != count:
            count, quiet_since = _builds(served), time.monotonic()
    return count


@pytest.mark.parametrize("mode", ["events", "polling"])
def test_every_kind_of_save_is_served_and_a_build_starts_no_other(tmp_path, mode):
    project = make_project(tmp_path, {"sources/second-report.yaml": SECOND})
    _with_watch(project, mode)
    with serve(project) as served:
        served.wait_for("/explainers/example-question/", lambda t: "Is this an example?" in t, "the site")
        terminal = served.terminal()
        watched = re.search(r"Watching paths for changes: (.*)", terminal)
        assert watched, terminal
        assert ("'data'" in watched.group(1)) is (mode == "polling"), watched.group(1)
        signals = re.search(r"a save is told to MkDocs in (\S+)", terminal)
        assert (signals is not None) is (mode == "events"), terminal
        assert get(served.url + "/sources/second-report/")[0] == 200
        builds = _settled(served)

        def one_build(what: str) -> None:
            """The save made one build: the build's own reads of data/ start none (another would
            hold back every page asked for while it runs)."""
            nonlocal builds
            now = _settled(served)
            assert now - builds == 1, f"{now - builds} builds for {what}:\n{served.terminal()[-3000:]}"
            builds = now

        source = project / SOURCE
        source.write_text(source.read_text(encoding="utf-8").replace("title:", "title: Saved in place", 1), "utf-8")
        served.wait_for("/sources/example-report/", lambda t: "Saved in place" in t, "a save in place")
        one_build("a save in place")
        explainer = project / EXPLAINER
        text = explainer.read_text(encoding="utf-8")
        _save_atomically(explainer, text.replace("Is this an example?", "Is this saved atomically?", 1))
        served.wait_for("/explainers/example-question/", lambda t: "Is this saved atomically?" in t, "a renamed save")
        one_build("a save renamed over the file")
        (project / "data" / "sources" / "second-report.yaml").unlink()
        deadline = time.monotonic() + 120
        while get(served.url + "/sources/second-report/")[0] != 404:
            assert time.monotonic() < deadline, f"a removed source is still served:\n{served.terminal()[-3000:]}"
            time.sleep(0.3)
        one_build("a removed file")
    if signals is not None:
        assert not Path(signals.group(1)).exists(), (
            f"the folder MkDocs polled is removed when serve stops:\n{served.terminal()[-3000:]}"
        )
