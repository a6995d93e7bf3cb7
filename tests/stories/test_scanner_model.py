"""The scanner's model read in plain Python: the same probabilities as scikit-learn, phrases named.

scikit-learn is a development dependency: the tests that compare with it are skipped without it.
"""

import json
from dataclasses import replace

import pytest

from stories.scanner import FLAG_CODES, model, normalise, train
from stories.scanner.evaluation import checked_scan, load_corpus


def _sklearn_probabilities(data, examples):
    """scikit-learn's probabilities for ``examples``, from the parameters written in ``data``."""
    numpy = pytest.importorskip("numpy")
    sparse = pytest.importorskip("scipy.sparse")
    text = pytest.importorskip("sklearn.feature_extraction.text")
    linear = pytest.importorskip("sklearn.linear_model")
    blocks = []
    for block in data["blocks"]:
        if block["analyzer"] == "char_wb":
            analyzer, inputs = "char_wb", [example.text for example in examples]
        else:
            analyzer = model.token_analyzer(*block["ngram_range"])
            inputs = [example.tokens for example in examples]
        vectorizer = text.TfidfVectorizer(
            analyzer=analyzer,
            ngram_range=tuple(block["ngram_range"]),
            lowercase=False,
            sublinear_tf=True,
            vocabulary=block["features"],
        )
        vectorizer.idf_ = numpy.array(block["idf"])
        blocks.append(vectorizer.transform(inputs))
    matrix = sparse.hstack(blocks, format="csr")
    found = {}
    for code in data["codes"]:
        classifier = linear.LogisticRegression()
        classifier.classes_ = numpy.array([False, True])
        classifier.coef_ = numpy.array(
            [[weight for block in data["blocks"] for weight in block["weights"][code]]]
        )
        classifier.intercept_ = numpy.array([data["intercepts"][code]])
        found[code] = classifier.predict_proba(matrix)[:, 1].tolist()
    return found


def _assert_same_probabilities(data, items):
    examples = [train.Example.of(item) for item in items]
    expected = _sklearn_probabilities(data, examples)
    loaded = model.from_data(data)

    for row, item in enumerate(items):
        document = normalise.normalise(item.text, item.lang)
        ours = model.probabilities(document, loaded, loaded.codes)
        for code in loaded.codes:
            assert ours[code] == pytest.approx(expected[code][row], abs=1e-9, rel=1e-9)


@pytest.fixture(scope="module")
def dev():
    return load_corpus("dev")


def test_model__shipped_model_gives_scikit_learns_probabilities(dev):
    pytest.importorskip("sklearn")
    data = json.loads(model.MODEL_FILE.read_text(encoding="utf-8"))
    sample = dev[::40]  # both languages, clean texts and pitches, short and long

    _assert_same_probabilities(data, sample)


def test_model__every_feature_kind_gives_scikit_learns_probabilities(dev):
    pytest.importorskip("sklearn")
    # A small model with both blocks, trained on part of dev, read back on texts it did not see.
    config = replace(train.DEFAULT, token_range=(1, 3), keep=None, folds=3)
    data = train.fit([train.Example.of(item) for item in dev[:240]], config)

    assert [block["analyzer"] for block in data["blocks"]] == ["char_wb", "tokens"]
    assert any(" " in feature for feature in data["blocks"][1]["features"])
    assert any(feature.startswith("#amount") for feature in data["blocks"][1]["features"])
    _assert_same_probabilities(data, dev[240:300])


def test_model__pruned_model_keeps_only_the_ngrams_asked_for(dev):
    pytest.importorskip("sklearn")
    config = replace(train.DEFAULT, token_range=(1, 2), keep=500, folds=3)

    data = train.fit([train.Example.of(item) for item in dev[:200]], config)

    assert sum(len(block["features"]) for block in data["blocks"]) == 500
    _assert_same_probabilities(data, dev[200:230])


def test_model__tokens_are_the_normalisers_with_figures_written_as_their_kind():
    document = normalise.normalise("Titip 2jt, dapat 10% tiap bulan", "id")

    assert model.tokens(document) == ("titip", "#amount", "dapat", "#percent", "tiap", "bulan")
    analyze = model.token_analyzer(1, 3)
    words = ("a", "b", "c", "d")
    assert sorted(analyze(words)) == sorted(gram for gram, _, _ in model.token_ngrams(words, 1, 3))
    assert model.token_ngrams(("a", "b", "c"), 1, 2) == [
        ("a", 0, 0),
        ("b", 1, 1),
        ("c", 2, 2),
        ("a b", 0, 1),
        ("b c", 1, 2),
    ]


def _hand_made(token_weights, char_weights=None, code="upfront_fee"):
    """A model that knows a few features and weighs them for one code only."""
    char_weights = char_weights or {"zz": 0.0}

    def weights(features):
        return {
            each: [features[name] if each == code else 0.0 for name in features]
            for each in FLAG_CODES
        }

    return model.from_data(
        {
            "codes": list(FLAG_CODES),
            "blocks": [
                {
                    "analyzer": "char_wb",
                    "ngram_range": [2, 5],
                    "features": list(char_weights),
                    "idf": [1.0] * len(char_weights),
                    "weights": weights(char_weights),
                },
                {
                    "analyzer": "tokens",
                    "ngram_range": [1, 2],
                    "features": list(token_weights),
                    "idf": [1.0] * len(token_weights),
                    "weights": weights(token_weights),
                },
            ],
            "intercepts": dict.fromkeys(FLAG_CODES, -2.0),
            "thresholds": {code: 0.5},
        }
    )


def test_model__a_flag_found_by_token_ngrams_names_their_words():
    text = "Sebelum mulai kamu bayar aktivasi akun Rp250.000 sekali saja, lalu ikut kelas bersama kami."
    document = normalise.normalise(text, "id")

    with model.using(_hand_made({"aktivasi akun": 6.0, "akun #amount": 4.0})):
        findings = model.find(document)

    assert [finding.code for finding in findings] == ["upfront_fee"]
    phrase = document.text[findings[0].start : findings[0].end]
    assert phrase.split()[:2] == ["aktivasi", "akun"]
    assert "akun" in findings[0].words
    assert set(findings[0].words) <= set(phrase.split())


def test_model__using_replaces_the_shipped_model_and_none_leaves_the_rules():
    text = "Sebelum mulai kamu bayar aktivasi akun Rp250.000 sekali saja, lalu ikut kelas bersama kami."
    # The rules raise upfront_fee here, not recruitment_earnings: only the model can add it.
    hand_made = _hand_made({"kelas bersama": 8.0}, code="recruitment_earnings")

    with model.using(hand_made):
        assert model.active_model() is hand_made
        flags = [flag for flag in checked_scan(text, "id").flags if flag.rule.startswith("model")]
    with model.using(None):
        assert model.active_model() is None
        assert model.find(normalise.normalise(text, "id")) == []

    assert model.active_model() is model.load_model()
    assert [flag.code for flag in flags] == ["recruitment_earnings"]
    assert flags[0].match == "kelas bersama"
    assert "'kelas'" in flags[0].rule and "'bersama'" in flags[0].rule


def test_model__unknown_analyzer_is_refused():
    with pytest.raises(ValueError, match="unknown analyzer"):
        model.from_data(
            {
                "codes": ["income_claim"],
                "blocks": [
                    {
                        "analyzer": "words",
                        "ngram_range": [1, 1],
                        "features": [],
                        "idf": [],
                        "weights": {"income_claim": []},
                    }
                ],
                "intercepts": {"income_claim": 0.0},
                "thresholds": {},
            }
        )
