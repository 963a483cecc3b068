from pathlib import Path

import pytest

from tests.support.export_files import write_export


@pytest.fixture
def export(tmp_path: Path):
    exports = iter(range(1000))

    def make(**files: str) -> Path:
        return write_export(tmp_path / f"export{next(exports)}", **files)

    return make
