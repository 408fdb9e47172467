"""Web furniture is recognised by its form: field lines, navigation, banners, footers."""

from converters.furniture import strip_furniture

BODY = "为做好本年度评选工作，经单位推荐、专家评审，现将拟推荐名单予以公示，接受社会监督。"


def test_field_line_values_become_metadata_even_when_some_are_empty():
    found = strip_furniture(["关于某某项目的公示", "编辑: 来源: 发布时间:2024-03-05 点击数:", BODY])
    assert found.published == "2024-03-05" and found.source is None
    assert found.lines == ["关于某某项目的公示", BODY]


def test_source_value_with_a_timestamp_is_split_into_source_and_published():
    found = strip_furniture(["来源:青山日报 2024-03-05 09:07:42", BODY])
    assert (found.source, found.published) == ("青山日报", "2024-03-05T09:07")


def test_disclosure_fields_give_the_issuing_department_and_are_removed():
    lines = ["發布時間:2024-03-05", "政策級別:市級", "發文部門:青山市商務局", BODY]
    found = strip_furniture(lines)
    assert found.issuer == "青山市商務局" and found.published == "2024-03-05"
    assert found.lines == [BODY] and found.removed == lines[:3]


def test_breadcrumbs_widgets_and_banners_above_the_title_are_removed():
    lines = ["欢迎访问青山市人民政府网站", "当前位置: 首页", ">信息公开>通知公告", "加大字体 缩小字体 收藏 打印",
             "关于某某项目的公示", BODY]
    found = strip_furniture(lines)
    assert found.lines == ["关于某某项目的公示", BODY]
    assert found.removed == lines[:4]


def test_epaper_navigation_gives_the_edition_date():
    found = strip_furniture(["第03版:要闻 上一版2  4下一版", "上一版 下一版 2024年3月5日 星期二 放大 缩小 默认", "某某启事", BODY])
    assert found.published == "2024-03-05"
    assert found.lines == ["某某启事", BODY]


def test_contact_footer_after_the_closing_date_is_removed_but_an_attachment_is_kept():
    signed = [BODY, "青山市林业局", "2024年3月5日"]
    footer = ["青山市林业局 青山市人民路1号", "咨询电话:0000-1234567", "咨询邮箱:someone@example.org"]
    assert strip_furniture(signed + footer).lines == signed
    attachment = ["附件", "拟推荐名单"]
    assert strip_furniture(signed + attachment).lines == signed + attachment


def test_everything_after_a_copyright_line_is_footer_and_body_contacts_stay():
    lines = [BODY, "联系电话:0000-1234567", "青山市林业局", "热门推荐",
             "Copyright 2024 example.org All Rights Reserved", "联系我们:someone@example.org"]
    found = strip_furniture(lines)
    assert found.lines == lines[:3]
    assert found.removed == lines[3:]


def test_a_spam_contact_above_the_title_and_an_article_id_below_the_text_are_removed():
    found = strip_furniture(["客服Q1234-5678", "关于某某项目的公示", BODY, "wz12345678"])
    assert found.lines == ["关于某某项目的公示", BODY]


def test_a_number_alone_at_the_end_is_content_a_table_cell_or_a_count():
    lines = ["关于某某项目的公示", BODY, "序号", "单位", "1", "青山市林业局", "20240305"]
    assert strip_furniture(lines).lines == lines


def test_a_glued_page_footer_is_split_from_the_line_it_precedes():
    found = strip_furniture([BODY, "第 2 页 共 3 页青山市林业局", "2024年3月5日"])
    assert found.lines[1] == "青山市林业局" and "第 2 页 共 3 页" in found.removed


def test_a_related_links_heading_and_what_follows_it_are_footer_but_a_numbered_head_is_not():
    lines = [BODY, "青山市林业局", "相关阅读", "关于某某项目的公示"]
    assert strip_furniture(lines).lines == lines[:2]
    lines = [BODY, "一、单位推荐", BODY]
    assert strip_furniture(lines).lines == lines


def test_a_line_of_text_opening_with_a_closing_angle_bracket_is_not_a_breadcrumb():
    lines = ["关于某某项目的公示", "按照《关于印发<某某办法", ">的通知》有关规定，现将有关情况公示如下。", BODY]
    assert strip_furniture(lines).lines == lines


def test_a_disclosure_portal_banner_is_furniture_in_either_script():
    for banner in ("青山县人民政府 政府信息公开", "青山縣政府 政府資訊公開"):
        found = strip_furniture(["关于某某项目的公示", BODY, banner])
        assert found.lines == ["关于某某项目的公示", BODY] and banner in found.removed


def test_footer_words_are_found_in_any_case_and_prose_is_not_a_footer():
    for footer in ("COPYRIGHT 2024 青山市林业局", "Powered By 某某科技", "青山市林业局 icp证12345号", "版权所有：青山市林业局",
                   "网站标识码1234567890", "© 2024 青山市林业局", "all rights reserved"):
        lines = [BODY, "青山市林业局", footer, "联系我们"]
        assert strip_furniture(lines).lines == lines[:2], footer
    prose = [BODY, "公众参与本次公示，可提出意见。", "青山市林业局"]
    assert strip_furniture(prose).lines == prose
