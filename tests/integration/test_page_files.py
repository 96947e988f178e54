"""Files are read carefully: `manage.py ingest` refuses what is not a page file by name, before
reading it, names files safely, and `manage.py export` stops quietly when its reader does."""

import os
import subprocess
import sys
import threading

import pytest
from django.core.management import CommandError, call_command

from archive.ingest import IngestError
from archive.models import Page
from archive.page_files import page_file_read
from tests.conftest import fixture_text
from tests.databases import process_env
from tests.server import ROOT, manage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]


def ingest_fails(*paths) -> None:
    with pytest.raises(CommandError, match="未能导入"):  # a non-zero exit
        call_command("ingest", *map(str, paths))


def read_within(path, seconds: float = 10):
    """page_file_read(path) in a thread: a read that would hang fails the test instead."""
    outcome = {}

    def read():
        try:
            outcome["data"] = page_file_read(path)
        except IngestError as error:
            outcome["error"] = str(error)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"reading {path} did not return within {seconds} s"
    return outcome


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_by_name_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(fifo := tmp_path / "pages.txt")
    assert read_within(fifo) == {"error": f"{fifo}: 这是命名管道（FIFO），不是普通文件，没有读取。请导入 OCR 得到的 .txt 文本文件。"}


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_a_device_is_refused_by_name_without_reading_it(capsys):
    with pytest.raises(CommandError, match="1 个文件未能导入"):
        call_command("ingest", "/dev/zero")
    assert capsys.readouterr().err.strip() == "/dev/zero: 这是字符设备，不是普通文件，没有读取。请导入 OCR 得到的 .txt 文本文件。"


def test_size_is_checked_before_reading(tmp_path, settings):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as stream:
        stream.truncate(64 * 1024**3)  # 64 GiB, sparse: reading it whole would never do
    outcome = read_within(huge)
    limit = settings.ARCHIVE_MAX_PAGE_BYTES // 1024
    assert outcome["error"].startswith(f"{huge}: 文件过大（{64 * 1024**2} KB，上限 {limit} KB）")
    settings.ARCHIVE_MAX_PAGE_BYTES = 1000
    (exact := tmp_path / "exact.txt").write_bytes(b"x" * 1000)
    assert read_within(exact) == {"data": b"x" * 1000}
    (over := tmp_path / "over.txt").write_bytes(b"x" * 1001)
    assert "文件过大" in read_within(over)["error"]


def test_a_decode_error_names_the_line_utf8_failed_on(tmp_path, capsys):
    lines = fixture_text("001").splitlines()[:12]
    data = "\n".join(lines[:9]).encode("utf-8") + b"\n\xff\xfe broken\n" + "\n".join(lines[9:]).encode("utf-8")
    with pytest.raises(UnicodeDecodeError) as gb18030:
        data.decode("gb18030")
    assert data[: gb18030.value.start].count(b"\n") + 1 < 10  # GB18030 fails long before line 10
    (tmp_path / "broken.txt").write_bytes(data)
    ingest_fails(tmp_path / "broken.txt")
    assert "broken.txt: 第 10 行无法按 UTF-8 或 GB18030 解码" in capsys.readouterr().err


def test_an_empty_folder_is_a_message_and_a_failure(tmp_path, capsys):
    (empty := tmp_path / "empty").mkdir()
    (empty / ".hidden").write_text("not a page")
    ingest_fails(empty)
    assert capsys.readouterr().err.splitlines()[0] == f"{empty}: 文件夹里没有可导入的文件。请检查路径是否正确。"


def test_file_names_are_printed_on_one_line_with_escapes(tmp_path, capsys):
    page_name = "版面\n07\x1b[2J.txt"
    (tmp_path / page_name).write_text(fixture_text("002") + "\n本报讯 这一版另有一行。\n", encoding="utf-8")
    (tmp_path / "bad\r\x07.txt").write_bytes(b"")
    ingest_fails(tmp_path / page_name, tmp_path / "bad\r\x07.txt")
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [captured.out.strip()]
    assert captured.out.startswith("版面\\n07\\x1b[2J.txt: ")
    assert "bad\\r\\x07.txt: 文件是空的" in captured.err and "\x1b" not in captured.err + captured.out
    assert Page.objects.filter(source_name=page_name).exists()  # stored as it is named


@pytest.fixture(scope="module")
def archive_env(tmp_path_factory):
    """An archive of its own for real processes, holding the fixture pages."""
    env = process_env(tmp_path_factory.mktemp("export-data"))
    manage(env, "migrate", "--noinput")
    manage(env, "ingest", "fixtures/")
    return env


@pytest.mark.parametrize("export_format", ["jsonl", "csv"])
def test_export_into_a_pipe_closed_early_ends_quietly(archive_env, export_format):
    """`manage.py export | head -1`: more than a pipe holds, and the reader leaves after a line."""
    export = subprocess.Popen(
        [sys.executable, "manage.py", "export", "--format", export_format],
        cwd=ROOT, env=archive_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    first = export.stdout.readline()
    export.stdout.close()
    err = export.stderr.read().decode()
    export.wait(timeout=120)
    assert first.strip()
    assert err == ""  # no BrokenPipeError, no traceback, no "Exception ignored"
