"""Related-article ranking: candidates from a provider (or the term index), ranked by reuse."""

from __future__ import annotations

from pathlib import Path

from tuiread.compare import RelatedIndex, TermIndex, prepare
from tuiread.corpus import load_corpus, load_rules

ROOT = Path(__file__).resolve().parents[2]


def seeds():
    return load_corpus([ROOT / "seeds"], load_rules(ROOT / "config" / "boilerplate.yaml")).articles


def test_later_event_ranks_below_the_same_day_coverage():
    articles = seeds()
    index = RelatedIndex(articles)
    by_key = {a.id[:3]: a for a in articles}
    for key in ("001", "002", "004"):
        ranked = index.related(by_key[key])
        ids = [r.article.id[:3] for r in ranked]
        assert key not in ids and len(ids) == 4
        assert ids[0] != "003"
        # The order is the order of the figure shown.
        scores = [r.score for r in ranked]
        assert all(0 <= x <= 1 for x in scores) and scores == sorted(scores, reverse=True)
    # 002 and 004 cover 001's day: both rank above the others (their figures differ by little).
    assert {r.article.id[:3] for r in index.related(by_key["001"], limit=2)} == {"004", "002"}


def test_a_candidate_provider_decides_what_is_aligned():
    articles = seeds()
    asked = []

    def provider(article, limit):
        asked.append((article.id, limit))
        return ["003_ecf7c83a1a878012", article.id, "no-such-article", "002_85ea5b5205fa2d42"]

    ranked = RelatedIndex(articles, candidates=provider).related(articles[1], limit=5)
    assert asked and asked[0][0] == articles[1].id
    # Only the provider's real candidates, never the article itself; reuse orders them.
    assert [r.article.id[:3] for r in ranked] == ["002", "003"]


def test_term_index_finds_articles_sharing_rare_words():
    articles = seeds()
    index = TermIndex([prepare(a) for a in articles])
    similar = index.similar(articles[0].id, 10)
    assert articles[0].id not in [i for i, _ in similar]
    assert [score for _, score in similar] == sorted((s for _, s in similar), reverse=True)
    assert index.similar("unknown", 3) == []


def test_copies_of_one_article_are_aligned_once_and_ranked_alike(tmp_path, monkeypatch):
    import tuiread.compare.related as related_module

    originals = sorted((ROOT / "seeds").glob("*.txt"))[:3]
    for copy in ("a", "b", "c"):
        (tmp_path / copy).mkdir()
        for seed in originals:
            (tmp_path / copy / seed.name).write_bytes(seed.read_bytes())
    articles = load_corpus([tmp_path], load_rules(ROOT / "config" / "boilerplate.yaml")).articles
    query = next(a for a in articles if a.id.startswith("a/"))
    # Each article aligned on its own, without the ranking's sharing.
    alone = {a.id: related_module.reuse(prepare(query), prepare(a)) for a in articles
             if a.id != query.id}
    aligned = []
    real_reuse = related_module.reuse

    def counted(a, b, pairs=None):
        aligned.append(b.id)
        return real_reuse(a, b, pairs)

    monkeypatch.setattr(related_module, "reuse", counted)
    ranked = RelatedIndex(articles).related(query)
    assert {r.article.id: r.reuse for r in ranked} == alone
    # Eight others, copies of three texts: three alignments, the copies' figures the same.
    assert len(ranked) == 8 and len(aligned) == 3
    by_name = {}
    for r in ranked:
        by_name.setdefault(r.article.id.split("/", 1)[1], set()).add(r.reuse)
    assert all(len(figures) == 1 for figures in by_name.values())
