"""How the taxonomy reaches the rule components, the way spaCy's own rule components get their
data (EntityRuler, AttributeRuler): a component is made empty by its factory and filled by
`initialize(taxonomy=...)`, whose default comes from a registered loader in the pipeline config
(`[initialize.components.NAME.taxonomy]` = `{"@misc": "ma_match.taxonomy.v1", "path": ""}`);
`to_disk`/`to_bytes` write the taxonomy into the component's own folder or bytes and
`from_disk`/`from_bytes` rebuild from it, so `nlp.to_disk` -> `spacy.load` works in a fresh
process. Pickling keeps the taxonomy and rebuilds the component on its first doc, so nothing that
holds object identities (caches, spaCy matchers' bound state) travels.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from .taxonomy import Taxonomy, load_taxonomy

TAXONOMY_LOADER = "ma_match.taxonomy.v1"
TAXONOMY_FILE = "taxonomy.json"


@spacy.registry.misc(TAXONOMY_LOADER)
def taxonomy_loader(path: str = "") -> Callable[[], Taxonomy]:
    """What loads the taxonomy at `path` (YAML, validated by load_taxonomy; TaxonomyError if
    malformed), or the packaged one when `path` is empty. A loader, not the taxonomy: spaCy
    validates initialize settings through pydantic, which would turn a dataclass into a dict."""
    return partial(load_taxonomy, path or None)


def loader_config(taxonomy: Taxonomy) -> dict[str, str]:
    """The config block that loads this taxonomy again: its file when it came from one that
    exists, else the packaged taxonomy (a pipeline saved with to_disk carries its own copy)."""
    source = Path(taxonomy.source)
    path = str(source.resolve()) if source.is_absolute() and source.is_file() else ""
    return {"@misc": TAXONOMY_LOADER, "path": path}


class TaxonomyComponent:
    """Base of the rule components: the taxonomy plumbing, with `setup(nlp, taxonomy)` left to
    each component (build its matchers and word lists from the taxonomy).

    A component without a taxonomy raises ValueError when called: initialise the pipeline
    (`nlp.initialize()`, or `extract.build_pipeline`) or load one saved with its data."""

    taxonomy: Taxonomy | None
    built: bool

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.taxonomy = None
        self.built = False

    def setup(self, nlp: Language, taxonomy: Taxonomy) -> None:
        raise NotImplementedError

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        taxonomy: Any = None,
    ) -> None:
        """Build the component from `taxonomy`: a Taxonomy, a loader returning one (what the
        registered "ma_match.taxonomy.v1" gives), or None for the packaged one. spaCy calls this
        from nlp.initialize() with the `[initialize.components.NAME]` settings."""
        if taxonomy is None:
            taxonomy = load_taxonomy()
        elif not isinstance(taxonomy, Taxonomy):
            taxonomy = taxonomy()
        self.use(taxonomy)

    def use(self, taxonomy: Taxonomy) -> None:
        """Build the component from this taxonomy now."""
        self.setup(self.nlp, taxonomy)
        self.taxonomy = taxonomy
        self.built = True

    def ready(self) -> None:
        """Build the component from the taxonomy it was unpickled with; ValueError if it has
        none. Called by the component's `__call__` while `self.built` is false."""
        if self.taxonomy is None:
            raise ValueError(
                f"the '{self.name}' component has no taxonomy: call nlp.initialize() first, "
                "or build the pipeline with ma_match.extract.build_pipeline"
            )
        self.use(self.taxonomy)

    # --- serialisation ----------------------------------------------------------------------

    def _data(self) -> Taxonomy:
        if self.taxonomy is None:
            raise ValueError(f"the '{self.name}' component has no taxonomy to save")
        return self.taxonomy

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The taxonomy as JSON (Taxonomy.to_dict)."""
        return json.dumps(self._data().to_dict(), ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> TaxonomyComponent:
        """Rebuild from to_bytes' output; TypeError if it is no taxonomy (Taxonomy.from_dict)."""
        self.use(Taxonomy.from_dict(json.loads(data.decode("utf-8"))))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the taxonomy into the component's folder (taxonomy.json)."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / TAXONOMY_FILE).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TaxonomyComponent:
        """Rebuild from the folder to_disk wrote."""
        return self.from_bytes((Path(path) / TAXONOMY_FILE).read_bytes())

    def __getstate__(self) -> dict[str, Any]:
        # the taxonomy travels, the built matchers and caches do not: rebuilt on the first doc
        return {"nlp": self.nlp, "name": self.name, "taxonomy": self._data()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.nlp = state["nlp"]
        self.name = state["name"]
        self.taxonomy = state["taxonomy"]
        self.built = False
