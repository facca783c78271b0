"""Build docs/ARTICLES.md, the map from each article of the award's rules to the code and tests that cite it.

    .venv/bin/python scripts/article_map.py

It reads the articles (numbers and short titles) from docs/articles.json and the citations from the code:
- reviewapp/**.py: docstrings, comments and string literals (the messages a rule gives carry its article),
  each credited to the function, class or module-level name it belongs to (found with `ast`);
- reviewapp/domain/coi/policy-*.json: the recusal rules (data), by the legal basis each one states;
- templates/**.html: the pages that cite an article;
- tests/**/test_*.py: the test functions, by their names (`test_art16_...`), docstrings and comments, and each
  test module by its docstring (what the file tests).
tests/test_article_map.py rebuilds the map in memory and fails when docs/ARTICLES.md differs, so a rename, a
move or a new citation shows up there: run this script and commit its output."""
import ast
import io
import json
import re
import sys
import tokenize
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = "docs/articles.json"
OUTPUT = "docs/ARTICLES.md"

LAYERS = ("domain", "operation", "view", "model", "other", "page", "test")
LAYER_NAMES = {"domain": "domain", "operation": "operation", "view": "view", "model": "model",
               "other": "other code", "page": "page", "test": "test"}
ROUTE_METHODS = {"route", "get", "post", "put", "patch", "delete"}

# "Art. 16", "Art. 11(3)", "Art. 16, 21", "Art. 4 and 12", "Art. 30-32", "Art. 11(1), (3)-(5)", "Norm Art. 16(1)"
CITATION = re.compile(r"(?P<norm>\bNorm\s+)?\b(?:Art\.|Arts\.|Articles?)\s*"
                      r"(?P<list>\d+(?:\(\d+\))?(?:\s*(?:,|and|-|–)\s*(?:\d+(?:\(\d+\))?|\(\d+\)))*)")
TEST_NAME = re.compile(r"def test_(?:\w*_)?(?:art|norm)\d")
LIST_PART = re.compile(r"(?P<number>\d+)(?:\((?P<item>\d+)\))?|\((?P<bare_item>\d+)\)|(?P<dash>[-–])")
# The recusal policy's "basis": "财库〔2016〕198号 第十六条第（一）项；本办法第十条、第三十三条"
CHINESE_NUMERALS = "一二三四五六七八九"
CHINESE_CITATION = re.compile(r"第(?P<article>[一二三四五六七八九十]+)条(?:第（(?P<item>[一二三四五六七八九十]+)）项)?")


@dataclass(frozen=True, order=True)
class Cite:
    """One article (and item, 0 for the whole article) of one document ("award" or "norm")."""
    document: str
    article: int
    item: int = 0

    def label(self, prefix: str) -> str:
        return f"{prefix} {self.article}" + (f"({self.item})" if self.item else "")


@dataclass(frozen=True, order=True)
class Place:
    """Where a citation sits: layer, file, and the function, class or name in it ("" for the file itself)."""
    layer: str
    path: str
    name: str = ""

    def link(self) -> str:
        text = f"{self.path}::{self.name}" if self.name else self.path
        return f"[`{text}`](../{self.path})"


def citations(text: str) -> list[Cite]:
    """The citations written in English prose; Chinese ones (第十六条) are user-facing text and data, not read."""
    found = []
    for match in CITATION.finditer(text):
        document = "norm" if match.group("norm") else "award"
        found += _list_citations(document, match.group("list"))
    return found


def _list_citations(document: str, text: str) -> list[Cite]:
    found: list[Cite] = []
    article, item, dash = 0, 0, False
    for part in LIST_PART.finditer(text):
        if part.group("dash"):
            dash = True
        elif part.group("number"):
            number, item_to = int(part.group("number")), int(part.group("item") or 0)
            if found and number >= 100:
                break  # "Art. 4, 2026 ...": a year, not an article
            first = article + 1 if dash and number > article else number
            found += [Cite(document, n) for n in range(first, number)]
            article, item, dash = number, item_to, False
            found.append(Cite(document, article, item))
        else:
            item_to = int(part.group("bare_item"))
            first = item + 1 if dash and item_to > item else item_to
            found += [Cite(document, article, k) for k in range(first, item_to + 1)]
            item, dash = item_to, False
    return found


def citations_in_test_name(name: str, documents: dict) -> list[Cite]:
    """`test_art16_art21_...` cites Art. 16 and 21; `art11_2` is Art. 11(2) (a smaller number after an article
    is its item), `art31_32` is Art. 31 and 32; `norm16_1` is Norm Art. 16(1)."""
    by_prefix = {document["test_prefix"]: document["id"] for document in documents.values()}
    found: list[Cite] = []
    document, article = None, 0
    for word in name.split("_"):
        tagged = re.fullmatch(r"([a-z]+)(\d+)", word)
        if tagged and tagged.group(1) in by_prefix:
            document, article = by_prefix[tagged.group(1)], int(tagged.group(2))
            found.append(Cite(document, article))
        elif document and word.isdigit():
            number = int(word)
            found.append(Cite(document, article, number) if number < article else Cite(document, number))
            article = article if number < article else number
        else:
            document = None
    return found


def citations_in_basis(basis: str) -> list[Cite]:
    """The legal basis of a recusal rule, in Chinese: the part naming 198号 cites the norm, 本办法 the award."""
    found = []
    for part in basis.split("；"):
        document = "norm" if "198号" in part else "award"
        found += [Cite(document, _chinese_number(match.group("article")),
                       _chinese_number(match.group("item")) if match.group("item") else 0)
                  for match in CHINESE_CITATION.finditer(part)]
    return found


def _chinese_number(text: str) -> int:
    """一 .. 九十九."""
    if "十" not in text:
        return CHINESE_NUMERALS.index(text) + 1
    tens, _, units = text.partition("十")
    return (CHINESE_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (
        CHINESE_NUMERALS.index(units) + 1 if units else 0)


# --- reading Python -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    start: int
    end: int
    name: str
    node: ast.AST


def named_scopes(tree: ast.Module) -> list[Scope]:
    """Every function and class with its qualified name; a function nested in a function belongs to the outer
    one. Module-level assignments are scopes too, named after their first target."""
    scopes = []

    def visit(node, prefix, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not in_function:
                name = f"{prefix}{child.name}"
                scopes.append(Scope(_first_line(child), child.end_lineno, name, child))
                visit(child, f"{name}.", not isinstance(child, ast.ClassDef))
            elif node is tree and isinstance(child, (ast.Assign, ast.AnnAssign)):
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                if isinstance(targets[0], ast.Name):
                    scopes.append(Scope(child.lineno, child.end_lineno, targets[0].id, child))
    visit(tree, "", False)
    return scopes


def _scope_at(scopes: list[Scope], line: int) -> Scope | None:
    inside = [scope for scope in scopes if scope.start <= line <= scope.end]
    return max(inside, key=lambda scope: scope.start) if inside else None


def _comments(source: str) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [(token.start[0], token.string) for token in tokens if token.type == tokenize.COMMENT]


def _first_line(node: ast.AST) -> int:
    return min([node.lineno] + [decorator.lineno for decorator in getattr(node, "decorator_list", [])])


def _next_top_level(tree: ast.Module, scopes: list[Scope], line: int) -> Scope | None:
    """A module-level comment belongs to the definition or assignment that follows it, if one does."""
    following = [statement for statement in tree.body if _first_line(statement) > line]
    if not following:
        return None
    statement = min(following, key=_first_line)
    return next((scope for scope in scopes if scope.node is statement), None)


@dataclass(frozen=True)
class Module:
    path: str
    source: str
    tree: ast.Module
    scopes: list[Scope]


def read_module(root: Path, file: Path) -> Module:
    source = file.read_text(encoding="utf-8")
    tree = ast.parse(source)
    return Module(file.relative_to(root).as_posix(), source, tree, named_scopes(tree))


def module_texts(module: Module, strings: bool = True) -> list[tuple[Scope | None, str]]:
    """(scope, text) for the comments, the docstrings and (if `strings`) every string literal of a module; scope
    None is the module itself."""
    texts: list[tuple[Scope | None, str]] = []
    if strings:
        texts += [(_scope_at(module.scopes, node.lineno), node.value) for node in ast.walk(module.tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    else:
        texts.append((None, ast.get_docstring(module.tree, clean=False) or ""))
        texts += [(scope, ast.get_docstring(scope.node, clean=False) or "") for scope in module.scopes
                  if not isinstance(scope.node, (ast.Assign, ast.AnnAssign))]
    for line, comment in _comments(module.source):
        scope = _scope_at(module.scopes, line) or _next_top_level(module.tree, module.scopes, line)
        texts.append((scope, comment))
    return texts


def _is_route(node: ast.AST) -> bool:
    return any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in ROUTE_METHODS
               for d in getattr(node, "decorator_list", []))


def _code_layer(module: Module, scope: Scope | None) -> str:
    parts = Path(module.path).with_suffix("").parts
    if parts[1] == "domain":
        return "domain"
    if parts[1] == "models":
        return "model"
    if scope is not None and _is_route(scope.node):
        return "view"
    if "operations" in parts[1:] or parts[-1].endswith("_operations"):
        return "operation"
    views = ("routes" in parts[1:] or parts[-1] == "views" or parts[-1].endswith("_routes")
             or any(_is_route(scope.node) for scope in module.scopes))
    return "view" if views else "other"


def places_in_code(root: Path) -> dict[Place, set[Cite]]:
    found: dict[Place, set[Cite]] = defaultdict(set)
    for file in sorted((root / "reviewapp").rglob("*.py")):
        if not CITATION.search(file.read_text(encoding="utf-8")):
            continue
        module = read_module(root, file)
        for scope, text in module_texts(module):
            cites = citations(text)
            if cites:
                found[Place(_code_layer(module, scope), module.path, scope.name if scope else "")].update(cites)
    return found


def places_in_pages(root: Path) -> dict[Place, set[Cite]]:
    found: dict[Place, set[Cite]] = defaultdict(set)
    for file in sorted((root / "templates").rglob("*.html")):
        cites = citations(file.read_text(encoding="utf-8"))
        if cites:
            found[Place("page", file.relative_to(root).as_posix())].update(cites)
    return found


def places_in_policy(root: Path) -> dict[Place, set[Cite]]:
    """The recusal policy's rules (data, in reviewapp/domain/coi), by the legal basis each one states."""
    found: dict[Place, set[Cite]] = {}
    for file in sorted((root / "reviewapp" / "domain").rglob("policy-*.json")):
        path = file.relative_to(root).as_posix()
        for rule in json.loads(file.read_text(encoding="utf-8")).get("rules", []):
            found[Place("domain", path, rule["id"])] = set(citations_in_basis(rule["basis"]))
    return found


def _is_test(scope: Scope | None) -> bool:
    return scope is not None and scope.name.split(".")[-1].startswith("test_") and isinstance(
        scope.node, (ast.FunctionDef, ast.AsyncFunctionDef))


def places_in_tests(root: Path, documents: dict) -> dict[Place, set[Cite]]:
    """The test functions, and the test modules by their docstrings (what the file tests); fixtures and helpers
    say what a test uses, not what it tests."""
    found: dict[Place, set[Cite]] = defaultdict(set)
    for file in sorted((root / "tests").rglob("test_*.py")):
        source = file.read_text(encoding="utf-8")
        if not (CITATION.search(source) or TEST_NAME.search(source)):
            continue
        module = read_module(root, file)
        found[Place("test", module.path)].update(citations(ast.get_docstring(module.tree, clean=False) or ""))
        for scope, text in module_texts(module, strings=False):
            if _is_test(scope):
                found[Place("test", module.path, scope.name)].update(citations(text))
        for scope in filter(_is_test, module.scopes):
            found[Place("test", module.path, scope.name)].update(
                citations_in_test_name(scope.name.split(".")[-1], documents))
    return {place: cites for place, cites in found.items() if cites}


# --- the map --------------------------------------------------------------------------------------------------

ByArticle = dict[tuple[str, int], dict[Place, set[Cite]]]  # (document, article) -> place -> its exact citations


def load_documents(root: Path) -> dict:
    data = json.loads((root / ARTICLES).read_text(encoding="utf-8"))
    return {document["id"]: document for document in data["documents"]}


def collect(root: Path) -> tuple[dict, ByArticle]:
    """The documents of docs/articles.json, and the places that cite each article."""
    documents = load_documents(root)
    by_article: ByArticle = defaultdict(lambda: defaultdict(set))
    found = (places_in_code(root), places_in_policy(root), places_in_pages(root), places_in_tests(root, documents))
    for places in found:
        for place, cites in places.items():
            for cite in cites:
                by_article[(cite.document, cite.article)][place].add(cite)
    return documents, by_article


def _anchor(document: dict, number: int) -> str:
    return f"{document['test_prefix']}-{number}"


def _overview(document: dict, by_article: ByArticle) -> list[str]:
    lines = ["| article | title | domain | operations | views | tests |", "|---|---|---|---|---|---|"]
    for article in document["articles"]:
        places = by_article.get((document["id"], article["number"]), {})
        count = {layer: sum(1 for place in places if place.layer == layer) for layer in LAYERS}
        number = f"[{document['prefix']} {article['number']}](#{_anchor(document, article['number'])})"
        cells = [str(count[layer]) if count[layer] else "–" for layer in ("domain", "operation", "view", "test")]
        lines.append(f"| {number} | {article['title']} · {article['title_en']} | " + " | ".join(cells) + " |")
    return lines


def _gaps(document: dict, by_article: ByArticle) -> list[str]:
    def without(layers):
        return [f"{article['number']}" for article in document["articles"]
                if not any(place.layer in layers for place in by_article.get((document["id"], article["number"]),
                                                                              {}))]
    prefix = document["prefix"]
    return [f"- No domain function or module: {prefix} " + ", ".join(without({"domain"})) + ".",
            f"- No test names or describes it: {prefix} " + ", ".join(without({"test"})) + ".",
            f"- Cited nowhere in the code, the pages or the tests: {prefix} " + ", ".join(without(set(LAYERS)))
            + "."]


def _article_section(document: dict, article: dict, places: dict[Place, set[Cite]]) -> list[str]:
    lines = [f'<a id="{_anchor(document, article["number"])}"></a>',
             f"### {document['prefix']} {article['number']} {article['title']} · {article['title_en']}", ""]
    if not places:
        return lines + ["Cited nowhere.", ""]
    lines += ["| layer | where | cited as |", "|---|---|---|"]
    tests: dict[str, list[tuple[str, set[Cite]]]] = defaultdict(list)
    for place in sorted(places, key=lambda place: (LAYERS.index(place.layer), place.path, place.name)):
        if place.layer == "test":
            tests[place.path].append((place.name, places[place]))
            continue
        lines.append(f"| {LAYER_NAMES[place.layer]} | {place.link()} | {_cited_as(document, places[place])} |")
    for path, named in tests.items():
        names = ", ".join("the file's docstring" if not name else f"`{name}`" for name, _ in named)
        cited = _cited_as(document, set().union(*(cites for _, cites in named)))
        lines.append(f"| test | {Place('test', path).link()}: {names} | {cited} |")
    return lines + [""]


def _cited_as(document: dict, cites: set[Cite]) -> str:
    """The citations, an article's items standing for the article."""
    itemised = {cite.article for cite in cites if cite.item}
    shown = [cite for cite in sorted(cites) if cite.item or cite.article not in itemised]
    return ", ".join(cite.label(document["prefix"]) for cite in shown)


def unknown_citations(documents: dict, by_article: ByArticle) -> list[str]:
    known = {(doc_id, article["number"]) for doc_id, document in documents.items()
             for article in document["articles"]}
    lines = []
    for (doc_id, number), places in sorted(by_article.items()):
        if (doc_id, number) not in known:
            where = ", ".join(place.link() for place in sorted(places))
            lines.append(f"- {documents[doc_id]['prefix']} {number} (not in {ARTICLES}): {where}")
    return lines


def render(documents: dict, by_article: ByArticle) -> str:
    award, norm = documents["award"], documents["norm"]
    lines = [
        "# Article map",
        "",
        f"Generated by `.venv/bin/python scripts/article_map.py` from the code and {ARTICLES}; do not edit it by "
        "hand. tests/test_article_map.py fails when it is out of date.",
        "",
        f"**Citations.** `Art. N` is 第N条 of the award's rules, {award['title']}; `Art. N(k)` is its item (k). "
        f"`Norm Art. N` is 第N条 of the national norm for government review experts, {norm['title']}, which "
        "the default recusal policy follows where Art. 33 leaves open what counts as an interest. Test names "
        "write them `art16`, `art11_2` (Art. 11(2): a smaller number after an article is its item), `art31_32` "
        "(Art. 31 and 32), `art16_art21`, and `norm16_1`. Chinese citations (第十六条) are read only in the "
        "recusal policy's data, from the legal basis of each rule (`policy-2026.1.json::R1`); elsewhere they are "
        "user-facing text (pages, demo data).",
        "",
        "**Layers.** domain: reviewapp/domain (the rules, and the recusal policy's data); operation: operations "
        "modules (the writes); view: functions under a blueprint route and the modules that hold them; model: "
        "reviewapp/models; other code: the rest of reviewapp (forms, queries, commands, demo); page: templates; "
        "test: test functions, by name, docstring and comments, and test modules by their docstring. A "
        "citation in a docstring, a comment or a message belongs to the function, class or module-level name "
        "around it (a comment above a definition to that definition), otherwise to the module.",
        "",
        "## Overview",
        "",
        *_overview(award, by_article),
        "",
        "## Gaps",
        "",
        *_gaps(award, by_article),
        "",
        "## The award's articles",
        "",
    ]
    for article in award["articles"]:
        lines += _article_section(award, article, by_article.get(("award", article["number"]), {}))
    lines += ["## The norm's articles", ""]
    for article in norm["articles"]:
        lines += _article_section(norm, article, by_article.get(("norm", article["number"]), {}))
    unknown = unknown_citations(documents, by_article)
    if unknown:
        lines += ["## Citations of articles not in the list", "", *unknown, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> None:
    documents, by_article = collect(ROOT)
    text = render(documents, by_article)
    (ROOT / OUTPUT).write_text(text, encoding="utf-8")
    award = documents["award"]
    cited = sum(1 for article in award["articles"] if ("award", article["number"]) in by_article)
    print(f"wrote {OUTPUT}: {len(text.splitlines())} lines, {cited} of the award's {len(award['articles'])} "
          "articles cited")
    for line in _gaps(award, by_article):
        print(line)


if __name__ == "__main__":
    sys.exit(main())
