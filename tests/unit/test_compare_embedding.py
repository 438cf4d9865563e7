"""The meaning vectors behind the scorer's meaning cosine: shipped model, no download."""

import requests

from tuiread.compare import embedding


def test_model_loads_from_the_wheel_without_any_download(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the model must not be fetched")

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(requests.Session, "request", refuse)
    embedding._model.cache_clear()
    embedding.vector.cache_clear()
    assert embedding.cosine("Oil prices rose.", "Oil prices rose.") > 0.99


def test_a_paraphrase_in_other_words_is_closer_than_an_unrelated_sentence():
    said = "declines in the dollar have also contributed to the rising oil price"
    reworded = "fresh falls in the value of the dollar helped carry oil prices higher"
    unrelated = "the striker scored twice in the second half of the cup final"
    assert embedding.cosine(said, reworded) > embedding.cosine(said, unrelated) + 0.1


def test_cosine_is_symmetric_and_empty_text_is_unrelated():
    a, b = "the court rejected the claim", "judges threw the case out"
    assert embedding.cosine(a, b) == embedding.cosine(b, a)
    assert embedding.cosine("", "anything") == 0.0
    assert abs(float((embedding.vector(a).astype(float) ** 2).sum()) - 1.0) < 1e-6
