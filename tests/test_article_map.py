"""docs/ARTICLES.md, the map from the award's articles to the code and tests citing them, is up to date, and the
script that builds it reads citations as the map's header says. (Docstrings here cite no article on purpose:
they would show up in the map.)"""
import ast
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_script():
    spec = importlib.util.spec_from_file_location("article_map", ROOT / "scripts" / "article_map.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["article_map"] = module
    spec.loader.exec_module(module)
    return module


article_map = _load_script()
Cite = article_map.Cite


@pytest.fixture(scope="module")
def collected():
    return article_map.collect(ROOT)


def test_the_article_map_is_up_to_date(collected):
    written = (ROOT / article_map.OUTPUT).read_text(encoding="utf-8")
    assert written == article_map.render(*collected), (
        "docs/ARTICLES.md is out of date: run `.venv/bin/python scripts/article_map.py` and commit it")


def test_the_readme_table_is_up_to_date(collected):
    """README's table (article, where it is enforced, its tests) is the script's, between its two markers."""
    readme = (ROOT / article_map.README).read_text(encoding="utf-8")
    assert readme.count(article_map.README_START) == 1 and readme.count(article_map.README_END) == 1
    assert readme == article_map.with_readme_table(readme, article_map.readme_table(*collected)), (
        "README.md's article table is out of date: run `.venv/bin/python scripts/article_map.py` and commit it")


def test_the_readme_table_names_every_article_once(collected):
    table = article_map.readme_table(*collected).splitlines()[2:]
    numbers = [int(line.split("]")[0].split()[-1]) for line in table]
    assert numbers == list(range(1, 38))


def test_every_cited_article_is_in_the_list(collected):
    documents, by_article = collected
    assert article_map.unknown_citations(documents, by_article) == []


def test_the_award_lists_its_articles_in_order():
    award = json.loads((ROOT / article_map.ARTICLES).read_text(encoding="utf-8"))["documents"][0]
    assert award["id"] == "award"
    assert [article["number"] for article in award["articles"]] == list(range(1, 38))
    assert all(article["title"] and article["title_en"] for article in award["articles"])


@pytest.mark.parametrize("text, cited", [
    ("Art. 16", [("award", 16, 0)]),
    ("(Art. 11(3))", [("award", 11, 3)]),
    ("Art. 16, 21", [("award", 16, 0), ("award", 21, 0)]),
    ("Art. 4 and 12", [("award", 4, 0), ("award", 12, 0)]),
    ("Art. 30-32", [("award", 30, 0), ("award", 31, 0), ("award", 32, 0)]),
    ("Art. 11(1), (3)-(5)", [("award", 11, 1), ("award", 11, 3), ("award", 11, 4), ("award", 11, 5)]),
    ("Art. 8(3), 8(5), 17", [("award", 8, 3), ("award", 8, 5), ("award", 17, 0)]),
    ("Norm Art. 16(1)", [("norm", 16, 1)]),
    ("Norm Art. 16(3); Art. 10", [("norm", 16, 3), ("award", 10, 0)]),
    ("Art. 25, third paragraph", [("award", 25, 0)]),
    ("Art. 4, 2026 cycle", [("award", 4, 0)]),
    ("第十六条; the article; Part 16", []),
])
def test_citations_in_prose(text, cited):
    assert article_map.citations(text) == [Cite(*c) for c in cited]


@pytest.mark.parametrize("name, cited", [
    ("test_art16_a_rejection_needs_a_reason", [("award", 16, 0)]),
    ("test_art11_2_registered_in_benxi", [("award", 11, 0), ("award", 11, 2)]),
    ("test_art31_32_a_revoked_award", [("award", 31, 0), ("award", 32, 0)]),
    ("test_art16_art21_the_notice_form", [("award", 16, 0), ("award", 21, 0)]),
    ("test_r1_norm16_1_employment", [("norm", 16, 0), ("norm", 16, 1)]),
    ("test_restart16_times", []),
])
def test_citations_in_test_names(name, cited):
    documents = article_map.load_documents(ROOT)
    assert article_map.citations_in_test_name(name, documents) == [Cite(*c) for c in cited]


@pytest.mark.parametrize("basis, cited", [
    ("财库〔2016〕198号 第十六条第（一）项；本办法第三十三条", [("norm", 16, 1), ("award", 33, 0)]),
    ("财库〔2016〕198号 第十六条第（三）项；本办法第十条、第十五条、第三十三条",
     [("norm", 16, 3), ("award", 10, 0), ("award", 15, 0), ("award", 33, 0)]),
    ("本办法第二十条、第三十七条", [("award", 20, 0), ("award", 37, 0)]),
])
def test_citations_in_the_recusal_policys_basis(basis, cited):
    assert article_map.citations_in_basis(basis) == [Cite(*c) for c in cited]


SOURCE = '''"""Module docstring (Art. 1)."""
# above a constant (Art. 2)
LIMIT = 3


class Panel:
    """Class docstring (Art. 3)."""

    def leader(self):
        """Method docstring (Art. 4)."""

        def inner():
            return "message (Art. 5)"  # comment (Art. 6)
        return inner


# above a decorated function (Art. 7)

@decorated
def rule():
    pass
'''


def test_each_citation_belongs_to_the_name_around_it():
    tree = ast.parse(SOURCE)
    module = article_map.Module("reviewapp/x.py", SOURCE, tree, article_map.named_scopes(tree))
    owners = {article_map.citations(text)[0].article: scope.name if scope else ""
              for scope, text in article_map.module_texts(module) if article_map.citations(text)}
    assert owners == {1: "", 2: "LIMIT", 3: "Panel", 4: "Panel.leader", 5: "Panel.leader", 6: "Panel.leader",
                      7: "rule"}
