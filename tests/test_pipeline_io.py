"""The extractor's spaCy pipeline survives the ways spaCy moves a pipeline between processes
(issue 14, item 2): nlp.to_disk -> spacy.load, and pickling of the pipeline, the Extractor and a
Ranker, each read back in a fresh Python process that has not built anything itself."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from dataclasses import astuple, replace
from pathlib import Path

import pytest
import spacy

from ma_match.extract import Extractor, blank_english, build_pipeline
from ma_match.rank import Ranker
from ma_match.render import extraction_to_dict
from ma_match.taxonomy import load_taxonomy

RESUME = """Dana Quill, CCMA
dana.quill@example.org

EXPERIENCE
Medical Assistant, Fernwood Family Clinic, 03/2020 - Present
- Performed venipuncture and 12-lead EKGs; roomed patients and took vital signs
- Verified insurance eligibility and obtained prior authorizations in Epic
- No phlebotomy complications; CPR certification pending renewal

SKILLS
Injections, point-of-care testing, scheduling, not yet trained on spirometry
"""

POSTING = """Medical Assistant - Fernwood Family Clinic
Requirements:
- CMA, RMA or CCMA required
- Phlebotomy and EKG experience
- Epic experience is a plus
"""


def _fresh(code: str, *args: str) -> str:
    """Run `code` in a new interpreter (argv[1:] = args) and return its standard output."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _json(extractor: Extractor, kind: str = "resume") -> str:
    return json.dumps(extraction_to_dict(extractor.extract(RESUME, kind)), sort_keys=True)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_a_saved_pipeline_loads_with_spacy_load_in_a_fresh_process(
    extractor: Extractor, tmp_path: Path
) -> None:
    """spaCy finds the factories, tokenizer and loader through the package's entry points:
    the fresh process imports nothing of ma_match before spacy.load."""
    extractor.nlp.to_disk(tmp_path / "nlp")
    assert (tmp_path / "nlp" / "ma_concepts" / "taxonomy.json").is_file()
    code = (
        "import json, sys, spacy\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "assert 'ma_match.extract' in sys.modules  # loaded by spaCy through the entry points\n"
        "from ma_match.extract import Extractor\n"
        "from ma_match.render import extraction_to_dict\n"
        "extractor = Extractor(nlp=nlp)\n"
        "for kind in ('resume', 'posting'):\n"
        "    print(json.dumps(extraction_to_dict(extractor.extract(sys.argv[2], kind)), sort_keys=True))\n"
    )
    resume, posting = _fresh(code, str(tmp_path / "nlp"), RESUME).splitlines()
    assert resume == _json(extractor, "resume")
    assert posting == _json(extractor, "posting")


def test_a_saved_pipeline_carries_its_own_taxonomy(tmp_path: Path) -> None:
    """A taxonomy that is not the packaged one (here without the EKG concept) travels with the
    saved pipeline: the loaded pipeline does not fall back to the packaged taxonomy."""
    packaged = load_taxonomy()
    concepts = tuple(c for c in packaged.concepts if c.id != "clinical.ekg")
    own = replace(
        packaged, concepts=concepts, digest="test-no-ekg", by_id={c.id: c for c in concepts}
    )
    Extractor(own).nlp.to_disk(tmp_path / "nlp")
    code = (
        "import sys, spacy\n"
        "from ma_match.extract import Extractor\n"
        "found = Extractor(nlp=spacy.load(sys.argv[1])).extract(sys.argv[2], 'resume')\n"
        "print(' '.join(c.id for c in found.concepts))\n"
    )
    found = _fresh(code, str(tmp_path / "nlp"), RESUME).split()
    assert "clinical.ekg" not in found
    assert "clinical.phlebotomy" in found
    assert "clinical.ekg" in {c.id for c in Extractor().extract(RESUME, "resume").concepts}


def test_pickled_pipeline_extractor_and_ranker_work_in_a_fresh_process(
    extractor: Extractor, tmp_path: Path
) -> None:
    ranker = Ranker(POSTING)
    rows = [
        astuple(ranker.row("one", e))
        for e in ranker.extractor.pipe([RESUME], "resume", evidence=False)
    ]
    (tmp_path / "nlp.pickle").write_bytes(pickle.dumps(extractor.nlp))
    (tmp_path / "extractor.pickle").write_bytes(pickle.dumps(extractor))
    (tmp_path / "ranker.pickle").write_bytes(pickle.dumps(ranker))
    code = (
        "import json, pickle, sys\n"
        "from dataclasses import astuple\n"
        "from pathlib import Path\n"
        "folder, text = Path(sys.argv[1]), sys.argv[2]\n"
        "from ma_match.extract import Extractor\n"
        "from ma_match.render import extraction_to_dict\n"
        "nlp = pickle.loads((folder / 'nlp.pickle').read_bytes())\n"
        "extractor = pickle.loads((folder / 'extractor.pickle').read_bytes())\n"
        "ranker = pickle.loads((folder / 'ranker.pickle').read_bytes())\n"
        "for each in (Extractor(nlp=nlp), extractor):\n"
        "    print(json.dumps(extraction_to_dict(each.extract(text, 'resume')), sort_keys=True))\n"
        "rows = [astuple(ranker.row('one', e)) for e in ranker.extractor.pipe([text], 'resume', evidence=False)]\n"
        "print(json.dumps(rows))\n"
    )
    from_nlp, from_extractor, ranked = _fresh(code, str(tmp_path), RESUME).splitlines()
    assert from_nlp == from_extractor == _json(extractor)
    assert json.loads(ranked) == json.loads(json.dumps(rows))


def test_initialize_reads_the_registered_loader_from_the_config(extractor: Extractor) -> None:
    """spaCy's own route: components made empty by their factories, filled by nlp.initialize()
    from `[initialize.components.NAME.taxonomy]`; an empty component refuses to run."""
    nlp = blank_english()
    nlp.add_pipe("ma_lines")
    nlp.add_pipe("ma_concepts")
    with pytest.raises(ValueError, match="no taxonomy"):
        nlp("phlebotomy")
    block = extractor.nlp.config["initialize"]["components"]["ma_concepts"]["taxonomy"]
    assert block["@misc"] == "ma_match.taxonomy.v1"
    nlp.config["initialize"]["components"]["ma_concepts"] = {"taxonomy": block}
    nlp.initialize()
    ids = {m.concept_id for m in nlp("Performed venipuncture and EKGs")._.mentions}
    assert {"clinical.phlebotomy", "clinical.ekg"} <= ids


def test_components_declare_what_they_assign() -> None:
    nlp = build_pipeline(load_taxonomy())
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values())
    assert "doc._.mentions" in analysis["summary"]["ma_concepts"]["assigns"]
    assert "token.is_sent_start" in analysis["summary"]["ma_lines"]["assigns"]
    assert spacy.registry.misc.get("ma_match.taxonomy.v1")


def test_glue_points_find_the_word_they_stand_in_searching_each_stretch_once() -> None:
    """split_glued's word starts, found by searching back only to the previous glue point, are
    those of the plain definition (last space, tab or line break before the point), on texts
    with and without line breaks; the protected brand is left whole wherever it stands."""
    from ma_match.segment import _glue_points, _word_start, split_glued

    texts = [
        "Skills: EpicSpecialist eClinicalWorks\tcertifiedMedical AssistantEXPERIENCE 2019",
        "aaBb ccDd\neeFfGgHh  iiJj\tkkLL mmNN",
        "noGlue here " * 50 + "but hereIt isEPIC",
        "x" * 20 + "yyZz",
    ]
    for text in texts:
        since, before = 0, 0
        for point in _glue_points(text):
            plain = max(text.rfind(c, 0, point) for c in " \n\t") + 1
            before = _word_start(text, point, since, before)
            since = point
            assert before == plain, (text, point)
    glued = split_glued("Used eClinicalWorks dailyScheduled visits", frozenset({"eclinicalworks"}))
    assert glued == "Used eClinicalWorks daily\nScheduled visits"
