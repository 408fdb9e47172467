"""A sidecar title replaces the text's title line without keeping it twice or losing it."""

from converters.pipeline import convert_text

BODY = "为做好本年度评选工作，经单位推荐、专家评审，现将拟推荐名单予以公示，接受社会监督。\n青山市林业局\n2024年3月5日"


def test_a_first_line_equal_to_the_sidecar_title_is_not_kept_as_a_block_too():
    notice = convert_text("各有关单位，\n" + BODY, "x.txt", sidecar={"title": "各有关单位，"})
    assert notice.title == "各有关单位，" and not notice.title_derived
    assert notice.blocks[0].text.startswith("为做好本年度评选工作")


def test_a_text_title_the_sidecar_replaces_is_listed_as_removed():
    notice = convert_text("关于某某项目的公示\n" + BODY, "x.txt", sidecar={"title": "青山市林业局拟推荐名单公示"})
    assert notice.title == "青山市林业局拟推荐名单公示"
    assert any("关于某某项目的公示" in r for r in notice.removed)


def test_a_sidecar_title_that_completes_the_text_title_needs_no_record():
    notice = convert_text("关于某某项目的公示\n" + BODY, "x.txt", sidecar={"title": "关于某某项目的公示（修订）"})
    assert notice.title == "关于某某项目的公示（修订）" and not any("原标题" in r for r in notice.removed)
