"""Search ranking, snippets, highlighting, relaxation and filters in the browser (issue #16).

The archive is a dozen short notices written here (fictional water-authority notices, nothing of
the corpus) plus a few generated ones as background, built with `mkdocs build --strict` and
searched through Material's search box in Chromium. GRADED is a small query set with graded
relevance, judged by reading the notices below: 3 = the query is what the notice is about (its
title or document number), 2 = the notice uses it often or as the exact phrase, 1 = mentions it
in passing. nDCG@10 over it must stay high, and the ranking the search had before (terms in the
title, then in the issuer, then the newest) must fall short of the bar, so the test fails when
ranking regresses.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import build_site, copy_project, script_pages, serve

from benchmarks.generate import generate
from converters.scripts import one_script_characters, to_script

BOX = "input.md-search__input"
ITEM = "li.md-search-result__item"
META = ".md-search-result__meta"
MIN_NDCG = 0.95
N_GENERATED = 20

FILLER = [
    "各单位要结合实际，认真抓好贯彻落实，确保各项任务按期完成。",
    "要加强组织领导，明确责任分工，形成工作合力。",
    "各处室要按照职责分工，细化工作措施，及时报送进展情况。",
    "对工作中遇到的问题，要及时研究解决，重大事项及时请示报告。",
    "要注重总结经验，推广好的做法，不断提高工作水平。",
]


def filler(n: int) -> list[str]:
    return [FILLER[i % len(FILLER)] for i in range(n)]


# name → (date, issuer, document number, title, paragraphs)
NOTICES: dict[str, tuple[str, str, str, str, list[str]]] = {
    "a_title": ("2022-03-01", "北京市水务局", "", "关于推进智慧水务建设的通知", [
        "为加快智慧水务建设，提升水务管理信息化水平，现就有关事项通知如下。",
        "一、智慧水务建设要统筹规划，分步实施。", "二、各区要把智慧水务纳入年度重点任务。", *filler(4)]),
    "b_often": ("2023-02-01", "北京市水务局", "", "关于2023年度重点任务分工的通知", [
        "智慧水务平台建设由信息中心牵头。智慧水务数据共享由规划处负责。",
        "智慧水务运行维护由各区水务局负责。智慧水务标准编制由科技处负责。智慧水务培训由人事处负责。"]),
    "c_once": ("2024-06-01", "北京市水务局", "", "关于加强机关后勤管理的通知", [
        *filler(25), "后勤保障要用好智慧水务平台的数据。", *filler(10), "各单位执行用水定额标准。", *filler(15)]),
    "d_comma": ("2024-05-01", "北京市水务局", "", "关于开展防汛检查的通知", [
        *filler(6), "各区要把防汛设施建设得更加智慧，水务部门同步开展隐患排查。", *filler(6), "防汛物资库房安装节水器具。"]),
    "e_title2": ("2021-05-01", "天津市水务局", "", "关于印发河湖长制考核办法的通知", [
        "为做好河湖长制考核工作，制定本办法。", "河湖长制考核结果作为干部考核的重要参考。", *filler(3)]),
    "f_phrase": ("2022-07-01", "天津市水务局", "", "关于水利工程运行管理的通知", [
        *filler(8), "各区要落实河湖长制考核要求，加强工程巡查。", *filler(8), "管理用房改装节水器具。"]),
    "g_apart": ("2024-01-10", "天津市水务局", "", "关于做好年度工作总结的通知", [
        "各单位要总结河湖长制落实情况。", *filler(30), "年底前完成干部考核材料报送。", *filler(10), "总结用水定额执行情况。"]),
    "h_number": ("2024-03-01", "中共北京市水务局党组", "京水党〔2024〕12号", "关于印发节水型机关建设方案的通知", [
        "现将节水型机关建设方案印发给你们，请认真贯彻执行。", *filler(4)]),
    "i_cites": ("2024-08-01", "北京市水务局", "", "关于机关节能工作的通知", [
        *filler(20), "根据京水党〔2024〕12号文件要求，继续推进节水型机关建设。", *filler(20), "严格落实用水定额。"]),
    "j_often2": ("2023-09-01", "北京市水务局", "", "关于用水计量的通知", [
        "节水型机关要安装计量设施。节水型机关要定期公布用水量。", "节水型机关的评价每年开展一次。", *filler(2)]),
    "k_astral": ("2023-04-01", "北京市水务局", "", "关于表彰优秀通讯员的通知", [
        "据𫆏记者报道，各区通讯员积极宣传水务工作。", *filler(3), "记者节期间，局里将表彰优秀记者和通讯员。",
        "宣传节水器具的使用。"]),
    "m_quota": ("2021-06-01", "天津市水务局", "", "关于加强用水管理的通知", [
        "用水定额是节约用水的基本依据。各单位要对照用水定额开展自查。", "超过用水定额的，要制定整改计划。",
        "用水定额每三年修订一次。", *filler(2)]),
    "o_fixtures": ("2020-09-01", "北京市水务局", "", "关于公共机构节约用水的通知", [
        "公共机构要全面安装节水器具。节水器具的采购要符合国家标准。", "已安装的节水器具要定期维护。", *filler(2)]),
    "l_slogan": ("2022-11-01", "天津市水务局", "", "关于贯彻治水思路的通知", [
        "坚持节水优先、空间均衡、系统治理、两手发力的治水思路。", *filler(5)]),
}

GRADED: list[tuple[str, str, dict[str, int]]] = [
    ("hans", "智慧水务", {"a_title": 3, "b_often": 2, "c_once": 1}),
    ("hant", "智慧水務", {"a_title": 3, "b_often": 2, "c_once": 1}),
    ("hans", "河湖长制 考核", {"e_title2": 3, "f_phrase": 2, "g_apart": 1}),
    ("hant", "河湖長制 考核", {"e_title2": 3, "f_phrase": 2, "g_apart": 1}),
    ("hans", "节水型机关", {"h_number": 3, "j_often2": 2, "i_cites": 1}),
    ("hans", "京水党〔2024〕12号", {"h_number": 3, "i_cites": 1}),
    # No title holds these: the notice that is about them uses them often, newer ones in passing.
    ("hans", "用水定额", {"m_quota": 2, "c_once": 1, "g_apart": 1, "i_cites": 1}),
    ("hant", "用水定額", {"m_quota": 2, "c_once": 1, "g_apart": 1, "i_cites": 1}),
    ("hans", "节水器具", {"o_fixtures": 2, "d_comma": 1, "f_phrase": 1, "k_astral": 1}),
]


def raw_notice(date: str, issuer: str, number: str, title: str, paragraphs: list[str]) -> str:
    y, m, d = (int(x) for x in date.split("-"))
    head = [title, number] if number else [issuer, title]  # (issuer, number, title) reads the issuer as the title
    return "\n\n".join([*head, "各有关单位：", *paragraphs, issuer, f"{y}年{m}月{d}日"]) + "\n"


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    work = tmp_path_factory.mktemp("ranking")
    raw = work / "raw"
    raw.mkdir()
    for name, spec in NOTICES.items():
        (raw / f"{name}.txt").write_text(raw_notice(*spec), encoding="utf-8")
    generate(N_GENERATED, raw)
    project = copy_project(work / "project", raw)
    site = work / "site"
    build_site(project, site)
    server, url = serve(site)
    yield {"site": site, "url": url, "docs": project / "docs"}
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def pages(browser, ranked):
    yield from script_pages(browser, ranked["url"])


def search(page, query: str) -> list[str]:
    """Type `query`; when the list has settled, the notice ids of the results in order."""
    page.bring_to_front()
    box = page.locator(BOX)
    if not box.is_visible():
        page.locator("label.md-header__button[for=__search]").click()
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function("() => document.querySelectorAll('li.md-search-result__item').length === 0")
    page.evaluate("() => { window.__answered = 0; }")
    box.fill(query)
    box.press("End")
    return settled(page)


def settled(page) -> list[str]:
    from benchmarks.search_latency import SETTLED_JS

    page.wait_for_function(SETTLED_JS, arg=["", 300, ["初始化"]], polling=50, timeout=20000)
    shown = -1
    while shown != page.locator(ITEM).count():  # Material renders ten, then four more at each scroll to the end
        shown = page.locator(ITEM).count()
        page.evaluate("() => document.querySelector('.md-search__scrollwrap').scrollTo(0, 1e6)")
        page.wait_for_timeout(150)
    hrefs = page.locator(ITEM).evaluate_all("els => els.map(li => li.querySelector('a').href)")
    return [re.search(r"/notices/([^/?#]+)\.html", unquote(h)).group(1) for h in hrefs]


def ndcg(ranking: list[str], grades: dict[str, int], k: int = 10) -> float:
    def dcg(gains: list[int]) -> float:
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(n, 0) for n in ranking]) / ideal


def notice_texts(docs, script: str = "hans") -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in (docs / script / "notices").glob("*.md")}


def test_graded_queries_rank_what_matters_first(pages, ranked):
    texts = notice_texts(ranked["docs"])
    scores, by_date = [], []
    for script, query, grades in GRADED:
        ranking = search(pages(script), query)
        scores.append(ndcg(ranking, grades))
        print(query, f"{scores[-1]:.3f}", ranking[:6])
        # The ranking before issue #16 of the notices holding every term: terms in the title (10
        # each), in the issuer (4 each), then the newest.
        terms = to_script(query, "hans").replace("〔", " ").replace("〕", " ").split()
        holding = [n for n in NOTICES if all(t in texts[n] for t in terms)]

        def before(n: str, terms=terms) -> tuple[int, str]:
            _, issuer, _, title, _ = NOTICES[n]
            return sum(10 * (t in title) + 4 * (t in issuer) for t in terms), NOTICES[n][0]

        by_date.append(ndcg(sorted(holding, key=before, reverse=True), grades))
        assert set(grades) <= set(ranking), (query, ranking)
    mean = sum(scores) / len(scores)
    print(f"nDCG@10 {mean:.3f} (the ranking before: {sum(by_date) / len(by_date):.3f}) per query {scores}")
    assert sum(by_date) / len(by_date) < MIN_NDCG  # the set tells a good ranking from a bad one
    assert mean >= MIN_NDCG and min(scores) >= 0.8, scores
    assert not pages("hans").js_errors + pages("hant").js_errors


@pytest.mark.parametrize(("script", "query"), [("hans", "节水型机关 计量"), ("hant", "智慧水務 區"), ("hans", "考核 河湖长制")])
def test_every_result_shows_every_term_its_text_holds(pages, ranked, script, query):
    page = pages(script)
    ids = search(page, query)
    assert ids
    from hooks.search_index import plain_text

    texts = notice_texts(ranked["docs"], script)
    articles = page.locator(f"{ITEM} > a > article")
    assert articles.count() == len(ids)  # every result listed is shown with its snippet
    for k, notice in enumerate(ids):
        body = plain_text(texts[notice].partition("\n---\n")[2])
        snippet = articles.nth(k).locator("p").first
        marked = "".join(snippet.locator("mark").all_inner_texts())
        for term in query.split():
            if term in body.replace("\n", ""):
                assert term in marked, (notice, term, snippet.inner_text())
        if len(ids) > 1 and k == 0:
            assert "…" in snippet.inner_text() or all(t in marked for t in query.split())


def test_highlights_stay_exact_after_a_character_folded_outside_the_bmp(pages):
    # The Traditional page writes 聻, which OpenCC folds to 𫆏 (two UTF-16 units for one).
    page = pages("hant")
    ids = search(page, "記者")
    assert "k_astral" in ids
    item = page.locator(ITEM).nth(ids.index("k_astral"))
    snippet = item.locator("article p").first
    assert "聻記者" in snippet.inner_text()
    assert set(snippet.locator("mark").all_inner_texts()) == {"記者"}
    link = item.locator("a.md-search-result__link").first
    assert parse_qs(urlsplit(link.get_attribute("href")).query)["h"] == ["記者"]
    link.click()
    page.wait_for_url(re.compile(r"/hant/notices/k_astral\.html\?h="))
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for()
    assert set(marks.all_inner_texts()) == {"記者"}
    page.goto(page.url.split("/hant/")[0] + "/hant/index.html")


@pytest.mark.parametrize(("script", "note"), [("hans", "未找到完整短语，以下为忽略标点后相符的结果"),
                                              ("hant", "未找到完整短語，以下為忽略標點後相符的結果")])
def test_a_phrase_copied_without_the_texts_punctuation_is_found_and_said_so(pages, script, note):
    page = pages(script)
    ids = search(page, to_script("节水优先空间均衡", script))
    assert ids == ["l_slogan"]
    assert page.locator(".archive-search-relaxed").inner_text().startswith(note)
    assert page.locator(f"{ITEM} mark").first.inner_text() == to_script("节水优先、空间均衡", script)


@pytest.mark.parametrize(("script", "note"), [("hans", "未找到完整短语，以下为包含全部词语的结果"),
                                              ("hant", "未找到完整短語，以下為包含全部詞語的結果")])
def test_a_relaxed_phrase_is_announced_and_the_strict_query_offered(pages, ranked, script, note):
    page = pages(script)
    phrase = to_script("表彰通讯员", script)  # both words occur (表彰优秀通讯员), never together
    ids = search(page, phrase)
    texts = notice_texts(ranked["docs"])
    assert "k_astral" in ids and set(ids) == {n for n, t in texts.items() if "表彰" in t and "通讯员" in t}
    relaxed = page.locator(".archive-search-relaxed")
    assert relaxed.inner_text().startswith(note)
    relaxed.locator("a").click()
    page.wait_for_function("() => !document.querySelector('li.md-search-result__item')")
    assert page.locator(BOX).input_value() in (f"“{phrase}”", f"\u201c{phrase}\u201d")
    page.wait_for_function("(t) => document.querySelector('.md-search-result__meta').textContent.includes(t)",
                           arg="没有找到" if script == "hans" else "沒有找到")
    assert not page.locator(".archive-search-relaxed").is_visible()


def select_filter(page, name: str, label: str) -> list[str]:
    select = page.locator(f".archive-search-filters select[name={name}]")
    value = select.locator("option", has_text=label).first.get_attribute("value")
    rerendered(page, lambda: select.select_option(value))
    return settled(page)


def rerendered(page, action) -> None:
    """Do `action` and wait until the worker answered it: Material renders every answer anew."""
    page.evaluate("() => document.querySelectorAll('li.md-search-result__item').forEach(li => li.dataset.old = '1')")
    action()
    page.wait_for_function("() => !document.querySelector('li.md-search-result__item[data-old]')")


def test_filters_by_year_issuer_and_status_combine_with_the_query(browser, ranked):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.clock.install(time=datetime(2024, 6, 15, 10))
    page.goto(f"{ranked['url']}/hans/index.html")
    texts = notice_texts(ranked["docs"])
    holding = {n for n in NOTICES if "北京市水务局" in texts[n]}
    assert set(search(page, "水务")) >= holding
    ids = select_filter(page, "year", "2024")
    assert ids and all(NOTICES[n][0].startswith("2024") for n in ids if n in NOTICES)
    assert page.locator(BOX).input_value().endswith("年份:2024")
    ids = select_filter(page, "issuer", "天津市水务局")
    assert ids == ["g_apart"]  # 2024 and Tianjin
    rerendered(page, page.locator(".archive-search-clear").click)
    ids = settled(page)
    assert set(ids) >= holding
    # Status for the reader's date: none of these notices has a publication period.
    ids = select_filter(page, "status", "无公开期限")
    assert set(ids) >= holding
    assert "状态:无公开期限" in page.locator(BOX).input_value()
    tools = page.locator(".archive-search-tools").inner_text()
    context.close()
    traditional, _ = one_script_characters()
    assert not traditional.search(tools), tools


def test_the_result_list_speaks_the_pages_script(pages):
    page = pages("hant")
    search(page, "表彰通訊員")
    tools = page.locator(".archive-search-tools").inner_text() + page.locator(META).inner_text()
    _, simplified = one_script_characters()
    assert tools and not simplified.search(tools), tools


def test_unrelated_notices_do_not_change_how_a_phrase_is_relaxed(ranked):
    # The words a phrase is split into come from a file that holds nothing of the archive.
    from hooks.search_index import Doc, build_index

    def docs(extra: str) -> dict:
        rows = [Doc("x", "关于智慧水务的通知", "2024-01-01", "", "智慧水务。考核。"),
                Doc("y", extra, "2024-01-02", "", extra)]
        return {"hans": rows, "hant": [Doc(d.id, to_script(d.title, "hant"), d.date, "", to_script(d.text, "hant"))
                                       for d in rows]}

    first, second = build_index(docs("关于水务考核的通知")), build_index(docs("关于智慧水务考核办法的通知《智慧水务考核》"))
    built = (ranked["site"] / "search" / "words.js").read_bytes()
    assert first.files["words"] == second.files["words"] == built
