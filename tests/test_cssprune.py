"""Pruning Material's stylesheet: a rule goes only when no built page can use it."""

from __future__ import annotations

from pathlib import Path

from hocso.core.cssprune import RUNTIME_CLASSES, UsedNames, prune, prune_material_css

PAGE = ('<html><body class="hs-page"><div id="top" class="md-grid hs-lesson">'
        '<h1 class="hs-lesson__title">x</h1><svg><path d="M0"/></svg></div></body></html>')


def used() -> UsedNames:
    names = UsedNames()
    names.add_html(PAGE)
    names.elements.update({"html", "body"})
    return names


def test_rules_for_classes_elements_and_ids_no_page_has_are_dropped() -> None:
    css = (".md-grid{max-width:61rem}.md-search{top:0}table{border:0}#top{margin:0}"
           "#nowhere{margin:1px}.md-grid .md-tabs{x:y}svg path{fill:red}")
    assert prune(css, used()).css == ".md-grid{max-width:61rem}#top{margin:0}svg path{fill:red}"


def test_a_selector_list_keeps_only_the_selectors_that_can_match() -> None:
    css = ".md-search,.hs-lesson h1,.md-tabs{color:red}"
    assert prune(css, used()).css == ".hs-lesson h1{color:red}"


def test_what_a_selector_does_not_require_is_never_a_reason_to_drop_it() -> None:
    css = (":root{color:red}[dir=rtl] .md-grid{x:y}.md-grid:not(.md-search){x:y}"
           ".hs-lesson:is(.md-tabs,.other){x:y}.md-grid::before{x:y}*,:after{x:y}"
           '.md-grid[data-x="a,b"]{x:y}')
    assert prune(css, used()).css == css


def test_at_rules_are_pruned_inside_and_dropped_when_empty() -> None:
    css = ("@charset \"UTF-8\";@media screen and (min-width:60em){.md-search{x:y}.md-grid{a:b}}"
           "@media print{.md-tabs{x:y}}@supports (display:grid){.md-search{x:y}}"
           "@font-face{font-family:A}")
    assert prune(css, used()).css == ('@charset "UTF-8";'
                                      "@media screen and (min-width:60em){.md-grid{a:b}}"
                                      "@font-face{font-family:A}")


def test_only_the_keyframes_a_kept_rule_names_stay() -> None:
    css = (".md-grid{animation:hs-fade .2s}.md-search{animation:md-pulse 1s}"
           "@keyframes hs-fade{0%{opacity:0}}@keyframes md-pulse{0%{opacity:0}}")
    assert prune(css, used()).css == (".md-grid{animation:hs-fade .2s}"
                                      "@keyframes hs-fade{0%{opacity:0}}")


def test_classes_that_the_script_adds_at_run_time_are_kept() -> None:
    names = used()
    names.classes.update(RUNTIME_CLASSES)
    css = ".hs-presenting .hs-lesson.is-current{display:block}.hs-step--target{outline:0}"
    assert prune(css, names).css == css


def test_the_built_site_is_pruned_from_the_theme_original_each_time(tmp_path: Path) -> None:
    site, theme = tmp_path / "site", tmp_path / "theme"
    for folder in (site, theme):
        (folder / "assets" / "stylesheets").mkdir(parents=True)
    original = ".md-grid{a:b}.hs-step--target{c:d}.md-search{e:f}.hs-new{g:h}"
    (theme / "assets/stylesheets/main.1234.min.css").write_text(original)
    built = site / "assets/stylesheets/main.1234.min.css"
    built.write_text(original)
    (site / "assets/stylesheets/main.1234.min.css.map").write_text("{}")
    (site / "index.html").write_text(PAGE)
    prune_material_css(site, [theme])
    assert built.read_text() == ".md-grid{a:b}.hs-step--target{c:d}"
    assert not (site / "assets/stylesheets/main.1234.min.css.map").exists()
    # A second language's build adds a page with a class: the rule comes back.
    (site / "en").mkdir()
    (site / "en" / "index.html").write_text('<p class="hs-new">x</p>')
    prune_material_css(site, [theme])
    assert built.read_text() == ".md-grid{a:b}.hs-step--target{c:d}.hs-new{g:h}"


def test_a_site_that_loads_material_javascript_keeps_the_stylesheet_whole(
        tmp_path: Path) -> None:
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    css = tmp_path / "assets/stylesheets/main.1.min.css"
    css.write_text(".md-search{a:b}")
    (tmp_path / "index.html").write_text(
        PAGE + '<script src="assets/javascripts/bundle.abc.min.js"></script>')
    assert prune_material_css(tmp_path, []) == []
    assert css.read_text() == ".md-search{a:b}"


def test_custom_properties_nothing_reads_are_dropped_following_what_reads_what() -> None:
    names = used()
    names.add_html('<p style="color:var(--from-html)">x</p>')
    names.add_css(".elsewhere{color:var(--from-css)}")
    css = (":root{--icon:url(\"data:image/svg+xml,<svg viewBox='0 0 1 1'/>\");--used:red;"
           "--chain:var(--deep);--deep:1px;--dead:var(--dead-too);--dead-too:2px;"
           "--from-html:blue;--from-css:green}"
           ".md-grid{color:var(--used);margin:var(--chain)}"
           "@media print{:root{--print-only:0}}")
    assert prune(css, names).css == (":root{--used:red;--chain:var(--deep);--deep:1px;"
                                     "--from-html:blue;--from-css:green}"
                                     ".md-grid{color:var(--used);margin:var(--chain)}")
