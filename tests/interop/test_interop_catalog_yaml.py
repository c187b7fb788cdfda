"""A catalogue read from another format is written as YAML that reads back as the same model."""

from __future__ import annotations

import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotscert.interop.catalogyaml import dump_catalog, write_catalog
from lotscert.loading import bundled_catalog_paths, load_catalog
from tests.paths import CONTRACT_CATALOG

# Printable text and line breaks (control and bidi characters are refused by the loader).
texts = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn")), st.just("\n")
    ),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=texts, text=texts)
def test_any_text_reads_back_through_lotscerts_loader(
    tmp_path: Path, title: str, text: str
) -> None:
    catalog = load_catalog(CONTRACT_CATALOG)
    first = catalog.requirements[0]
    changed = first.model_copy(
        update={
            "title": first.title.model_copy(update={"sv": title}),
            "guidance": first.guidance.model_copy(update={"en": text}),
        }
    )
    catalog = catalog.model_copy(update={"requirements": [changed, *catalog.requirements[1:]]})
    out = tmp_path / f"k-{uuid.uuid4().hex}.yaml"  # a new file each time: no cached reading
    write_catalog(catalog, out)  # refuses itself if the text would not read back
    assert load_catalog(out) == catalog


def test_the_bundled_catalogue_reads_back(tmp_path: Path) -> None:
    catalog = load_catalog(bundled_catalog_paths()[0])
    out = write_catalog(catalog, tmp_path / "k.yaml", header=["Rad ett", "Rad två"])
    assert out.read_text(encoding="utf-8").startswith("# Rad ett\n# Rad två\n")
    assert load_catalog(out) == catalog
    assert dump_catalog(catalog) == dump_catalog(load_catalog(out))
