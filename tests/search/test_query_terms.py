"""A query as full-text units with the synonyms file's groups (pure logic)."""

from search.engines.fulltext import SqliteFullText
from search.query_terms import highlight_terms, query_units


def test_multi_word_synonym_is_one_unit():
    units = query_units("Chaleur perdue des fours")
    assert len(units) == 2
    assert units[0][0] == "chaleur perdue"
    assert "chaleur fatale" in units[0] and "chaleur de récupération" in units[0]
    assert units[1] == ("fours",)


def test_acronym_expands_to_its_phrases():
    units = query_units("REX palettes")
    assert "retour d'expérience" in units[0]
    assert units[1] == ("palettes",)


def test_elision_stop_words_and_accents():
    assert query_units("l'eau de l’usine") == [("eau",), ("usine",)]
    assert query_units("ÉNERGIE") == [("energie",)]
    assert query_units("le la les") == []


def test_sqlite_query_is_plain_phrases():
    query = SqliteFullText()._fts_query(query_units('chaleur" OR title:* NEAR(x'))
    assert query.count('"') % 2 == 0 and "*" not in query and ":" not in query
    assert SqliteFullText()._fts_query([]) == '""'
    assert "experienc" in highlight_terms(query_units("REX"))  # the light stem, a prefix
