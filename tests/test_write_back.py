"""Commands that read a file early and write it back late (``import metrics``,
``import ciso-assistant``) take the file's lock and write only over the bytes they read: an
editor's save in between is kept, the command stops with exit 2 and one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lotscert.atomic import FileChangedError, write_back
from lotscert.metricsimport import import_metrics
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

EDITOR = "# saved by an editor in the meantime\n"


def test_write_back_replaces_only_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"one\n")
    write_back(path, b"one\n", b"two\n")
    assert path.read_bytes() == b"two\n"
    path.write_bytes(b"edited\n")
    with pytest.raises(FileChangedError):
        write_back(path, b"two\n", b"three\n")
    assert path.read_bytes() == b"edited\n"
    assert not (tmp_path / "a.yaml.lock").exists()


def test_import_metrics_keeps_an_editors_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path
    (folder / CONTRACT_CATALOG.name).write_bytes(CONTRACT_CATALOG.read_bytes())
    target = folder / "9901-2026.yaml"
    target.write_bytes(CONTRACT_ASSESSMENT.read_bytes())
    csv = folder / "m.csv"
    csv.write_text(
        "kommunkod;nyckel;värde;period;antal_svar;källa\n9901;nki_foretag;72;2025;143;Insikt\n",
        encoding="utf-8",
    )
    import lotscert.excel.merge as merge

    real = merge.merge_text

    def editor_saves_meanwhile(text: str, old: object, new: object) -> str:
        merged = real(text, old, new)  # type: ignore[arg-type]
        target.write_text(EDITOR + target.read_text(encoding="utf-8"), encoding="utf-8")
        return merged

    monkeypatch.setattr(merge, "merge_text", editor_saves_meanwhile)
    with pytest.raises(FileChangedError):
        import_metrics(csv, [folder])
    assert target.read_text(encoding="utf-8").startswith(EDITOR)
