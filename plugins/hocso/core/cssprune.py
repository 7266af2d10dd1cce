"""Drop the rules of a stylesheet that no built page can use.

Material's main stylesheet (about 23 KB compressed) styles every feature Material has: search,
tabs, code blocks, tooltips, palettes. Our pages use a small part of it, and the whole file is
render-blocking, so on weak 3G the lesson title waits for rules it never needs. After the build,
every page is read for the element names, classes and ids it really contains; a style rule is
kept only when each class, id and element name that its selector requires is among them (or in
a safelist of classes that our script adds at run time).

The check is deliberately one-sided: only what a selector *requires* at its top level counts.
Anything inside :not(), :is(), :where() or :has(), attribute selectors and pseudo-classes are
never a reason to drop a rule. So a rule can be kept needlessly, never dropped wrongly for a
page that was built. The stylesheet is parsed with tinycss2 (the CSS parser WeasyPrint already
brings), not with regular expressions, so strings, escapes and nested blocks cannot fool it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import tinycss2
from tinycss2 import ast

# Classes that templates/site/assets/hocso.js adds or looks for at run time, which no built
# page contains: presenter mode, the current slide, the step a link points at, the drawer
# button the script makes, and moved-step notes.
RUNTIME_CLASSES = frozenset({
    "hs-presenting", "hs-presenting-root", "is-current", "hs-step--target",
    "hs-drawer-button", "hs-moved",
})

# At-rules whose contents are rules that apply (or not) as a whole.
_GROUPING = frozenset({"media", "supports", "container", "layer", "document"})


@dataclass
class UsedNames:
    """Element names, classes and ids that appear in built pages."""

    elements: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    # Custom properties read by CSS outside the pruned file: other stylesheets, style
    # attributes and <style> elements. Their declarations must stay.
    properties_read: set[str] = field(default_factory=set)

    def add_css(self, text: str, declarations_only: bool = False) -> None:
        tokens = (tinycss2.parse_blocks_contents(text) if declarations_only
                  else tinycss2.parse_stylesheet(text))
        self.properties_read.update(_properties_read(tokens))

    def add_html(self, text: str) -> None:
        collector = _Collector(self)
        collector.feed(text)
        collector.close()


class _Collector(HTMLParser):
    def __init__(self, used: UsedNames) -> None:
        super().__init__(convert_charrefs=True)
        self.used = used

        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.used.elements.add(tag.lower())
        self.in_style = tag.lower() == "style"
        for name, value in attrs:
            if name == "class" and value:
                self.used.classes.update(value.split())
            elif name == "id" and value:
                self.used.ids.add(value)
            elif name == "style" and value:
                self.used.add_css(value, declarations_only=True)

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.used.add_css(data)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def used_in_pages(pages: Iterable[Path], extra_classes: Iterable[str] = ()) -> UsedNames:
    used = UsedNames()
    for page in pages:
        used.add_html(page.read_text(encoding="utf-8"))
    used.classes.update(extra_classes)
    # Elements every page has even when a parser would not report them.
    used.elements.update({"html", "head", "body"})
    return used


def _split_selectors(prelude: list[ast.Node]) -> list[list[ast.Node]]:
    selectors: list[list[ast.Node]] = [[]]
    for token in prelude:
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [selector for selector in selectors if any(
        not isinstance(t, ast.WhitespaceToken | ast.Comment) for t in selector)]


def required_names(selector: list[ast.Node]) -> tuple[set[str], set[str], set[str]]:
    """Element names, classes and ids a selector needs at its top level to match anything."""
    elements: set[str] = set()
    classes: set[str] = set()
    ids: set[str] = set()
    previous: ast.Node | None = None
    before_previous: ast.Node | None = None
    for token in selector:
        if isinstance(token, ast.IdentToken):
            if isinstance(previous, ast.LiteralToken) and previous.value == ".":
                classes.add(token.value)
            elif isinstance(previous, ast.LiteralToken) and previous.value == ":":
                pass  # a pseudo-class or pseudo-element (::before has two colons)
            elif (isinstance(previous, ast.LiteralToken) and previous.value == "|") or (
                    isinstance(before_previous, ast.LiteralToken)
                    and before_previous.value == "|"):
                pass  # a namespace: too rare to judge
            else:
                elements.add(token.lower_value)
        elif isinstance(token, ast.HashToken) and token.is_identifier:
            ids.add(token.value)
        before_previous, previous = previous, token
    return elements, classes, ids


def selector_can_match(selector: list[ast.Node], used: UsedNames) -> bool:
    elements, classes, ids = required_names(selector)
    return elements <= used.elements and classes <= used.classes and ids <= used.ids


def _serialize_selectors(selectors: list[list[ast.Node]]) -> str:
    return ",".join(tinycss2.serialize(selector).strip() for selector in selectors)


@dataclass
class PruneResult:
    css: str
    rules_before: int = 0
    rules_kept: int = 0


def _prune_rules(rules: list[ast.Node], used: UsedNames, result: PruneResult,
                 keyframes: list[ast.AtRule]) -> list[str]:
    """The kept rules as CSS text; keyframes are set aside until we know which are used."""
    kept: list[str] = []
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            result.rules_before += 1
            selectors = [s for s in _split_selectors(rule.prelude)
                         if selector_can_match(s, used)]
            if selectors:
                result.rules_kept += 1
                kept.append(f"{_serialize_selectors(selectors)}"
                            f"{{{tinycss2.serialize(rule.content).strip()}}}")
        elif isinstance(rule, ast.AtRule):
            if rule.lower_at_keyword == "keyframes" or rule.lower_at_keyword.endswith(
                    "-keyframes"):
                keyframes.append(rule)
            elif rule.lower_at_keyword in _GROUPING and rule.content is not None:
                inner = _prune_rules(
                    tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                             skip_whitespace=True),
                    used, result, keyframes)
                if inner:
                    kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}"
                                f"{{{''.join(inner)}}}")
            else:
                kept.append(rule.serialize())  # @charset, @font-face, @page, @property...
    return kept


def _properties_read(nodes: Iterable[ast.Node]) -> set[str]:
    """The custom properties that ``var()`` reads anywhere in these nodes."""
    names: set[str] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionBlock):
            if node.lower_name == "var":
                first = next((t for t in node.arguments if isinstance(t, ast.IdentToken)), None)
                if first is not None and first.value.startswith("--"):
                    names.add(first.value)
            stack.extend(node.arguments)
        elif isinstance(node, ast.QualifiedRule | ast.AtRule):
            stack.extend(node.prelude)
            stack.extend(node.content or [])
        elif isinstance(node, ast.Declaration):
            stack.extend(node.value)
        elif isinstance(node, ast.CurlyBracketsBlock | ast.SquareBracketsBlock
                        | ast.ParenthesesBlock):
            stack.extend(node.content)
    return names


def _rules_in(css: str) -> list[ast.Node]:
    return list(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _declarations(rule: ast.QualifiedRule) -> list[ast.Declaration]:
    return [d for d in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                      skip_whitespace=True)
            if isinstance(d, ast.Declaration)]


def _all_declarations(rules: list[ast.Node]) -> Iterator[ast.Declaration]:
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            yield from _declarations(rule)
        elif isinstance(rule, ast.AtRule) and rule.lower_at_keyword in _GROUPING \
                and rule.content is not None:
            yield from _all_declarations(_rules_in(tinycss2.serialize(rule.content)))


def drop_unused_custom_properties(css: str, read_elsewhere: set[str]) -> str:
    """Without the custom properties nothing reads (Material's icons for unused features are
    most of them, each an SVG in a data: URL). A property read only by another dropped one goes
    too: what is read is followed from the ordinary declarations and from outside, to a fixed
    point."""
    rules = _rules_in(css)
    custom: dict[str, list[ast.Declaration]] = {}
    read = set(read_elsewhere)
    for declaration in _all_declarations(rules):
        if declaration.name.startswith("--"):
            custom.setdefault(declaration.name, []).append(declaration)
        else:
            read |= _properties_read(declaration.value)
    while True:
        more = set().union(*(_properties_read(d.value) for name in read & custom.keys()
                             for d in custom[name])) - read
        if not more:
            break
        read |= more
    return "".join(_without_unread(rules, read))


def _without_unread(rules: list[ast.Node], read: set[str]) -> list[str]:
    kept: list[str] = []
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            declarations = [d.serialize() for d in _declarations(rule)
                            if not d.name.startswith("--") or d.name in read]
            if declarations:
                kept.append(f"{tinycss2.serialize(rule.prelude).strip()}"
                            f"{{{';'.join(declarations)}}}")
        elif isinstance(rule, ast.AtRule) and rule.lower_at_keyword in _GROUPING \
                and rule.content is not None:
            inner = _without_unread(_rules_in(tinycss2.serialize(rule.content)), read)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}"
                            f"{{{''.join(inner)}}}")
        else:
            kept.append(rule.serialize())
    return kept


def _keyframes_name(rule: ast.AtRule) -> str:
    return "".join(t.value for t in rule.prelude
                   if isinstance(t, ast.IdentToken | ast.StringToken)).strip()


def prune(css: str, used: UsedNames) -> PruneResult:
    """``css`` without the rules no page can use, and without unused @keyframes."""
    result = PruneResult(css="")
    keyframes: list[ast.AtRule] = []
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = _prune_rules(rules, used, result, keyframes)
    text = "".join(kept)
    # An animation is named in a declaration ("animation: md-fade ..."); keep only those.
    names_in_use = {token.value for token in tinycss2.parse_component_value_list(text)
                    if isinstance(token, ast.IdentToken)} | _idents_in_blocks(text)
    text += "".join(rule.serialize() for rule in keyframes
                    if _keyframes_name(rule) in names_in_use)
    result.css = drop_unused_custom_properties(text, used.properties_read)
    return result


def _idents_in_blocks(text: str) -> set[str]:
    names: set[str] = set()
    stack: list[ast.Node] = list(tinycss2.parse_component_value_list(text))
    while stack:
        token = stack.pop()
        if isinstance(token, ast.IdentToken):
            names.add(token.value)
        elif isinstance(token, ast.CurlyBracketsBlock | ast.SquareBracketsBlock
                        | ast.ParenthesesBlock | ast.FunctionBlock):
            stack.extend(token.arguments if isinstance(token, ast.FunctionBlock)
                         else token.content)
    return names


def prune_file(path: Path, source: Path, used: UsedNames) -> PruneResult:
    """Write the pruned ``source`` stylesheet to ``path`` (they may be the same file)."""
    result = prune(source.read_text(encoding="utf-8"), used)
    path.write_text(result.css, encoding="utf-8")
    return result


# Material's JavaScript adds its own classes at run time (search, tabs, the header shadow):
# a site that loads it keeps Material's stylesheet whole.
_MATERIAL_SCRIPT = "assets/javascripts/bundle."
MATERIAL_CSS = "assets/stylesheets"


def prune_material_css(site_dir: Path, theme_dirs: Iterable[Path]) -> list[PruneResult]:
    """Prune Material's main stylesheet in a built site against all its pages.

    The original comes from the theme each time, so building again (or a second language's
    build adding pages) never prunes an already pruned file. Nothing is pruned when a page
    loads Material's JavaScript.
    """
    pages = sorted(site_dir.rglob("*.html"))
    used = UsedNames()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if _MATERIAL_SCRIPT in text:
            return []
        used.add_html(text)
    used.classes.update(RUNTIME_CLASSES)
    used.elements.update({"html", "head", "body"})
    targets = sorted((site_dir / MATERIAL_CSS).glob("main.*.min.css"))
    for stylesheet in sorted(site_dir.rglob("*.css")):
        if stylesheet not in targets:
            used.add_css(stylesheet.read_text(encoding="utf-8"))
    results: list[PruneResult] = []
    for built in targets:
        sources = [folder / MATERIAL_CSS / built.name for folder in theme_dirs]
        source = next((path for path in sources if path.is_file()), built)
        results.append(prune_file(built, source, used))
        # Its source map describes the whole file: stale now, so it goes.
        built.with_name(built.name + ".map").unlink(missing_ok=True)
    return results
