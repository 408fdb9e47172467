"""Structure of web notices: titles printed twice, closing lines, entries, glued parts."""

from converters.notice import Block
from converters.structure import classify, recover

BODY = "经单位推荐、专家评审，现将拟推荐名单予以公示，接受社会监督。"


def test_a_title_printed_again_is_kept_once_and_the_repeat_is_removed():
    s = recover(["关于某某项目的公示", "关于某某项目的公示", BODY])
    assert s.title == "关于某某项目的公示" and s.removed == ["关于某某项目的公示"]
    assert [b.text for b in s.blocks] == [BODY]


def test_an_abridged_headline_gives_way_to_the_full_title_over_several_lines():
    s = recover(["某某委员会公示第一批示范单位等", "某某委员会公示第一批示范单位、示范村镇", "和先进个人候选名单，公开征求意见", BODY])
    assert s.title == "某某委员会公示第一批示范单位、示范村镇和先进个人候选名单，公开征求意见"
    assert s.removed == ["某某委员会公示第一批示范单位等"]


def test_a_title_block_wrapped_under_the_headline_is_not_body_but_its_document_number_is():
    s = recover(["关于开展某某评选活动的通知", "关于开展", "某某评选活动的通知", "青党发〔2024〕3号", "各支部:", BODY])
    assert s.title == "关于开展某某评选活动的通知"
    assert [b.text for b in s.blocks] == ["青党发〔2024〕3号", "各支部:", BODY]
    assert "青党发〔2024〕3号" not in s.removed


def test_a_site_prefix_before_an_underscore_is_not_title():
    s = recover(["某某娱乐注册_第一批示范单位推荐名单公示", BODY])
    assert s.title == "第一批示范单位推荐名单公示" and s.removed == ["某某娱乐注册"]


def test_a_labelled_entry_is_a_paragraph_and_a_bare_label_may_head():
    assert classify("联系电话：0000-1234567").kind == "para"
    assert classify("1.先进个人：张三、李四").kind == "para"
    assert classify("二、公示时间：").kind == "heading"


def test_closing_date_line_may_be_followed_by_a_note_or_an_attachment():
    s = recover([BODY, "青山市林业局", "2024年3月5日", "（此件公开发布）"])
    assert s.issuer == "青山市林业局" and s.date_line == "2024年3月5日"
    s = recover([BODY, "青山市林业局", "20240305", "附件", "名单一", "名单二", "名单三", "名单四", "名单五", "名单六", "名单七"])
    assert s.date_line == "20240305" and s.blocks[-1] == Block("para", "名单七")


def test_a_bracketed_or_bare_name_closes_a_notice_without_a_date():
    assert recover([BODY, BODY, "（青山市统计局）"]).issuer == "青山市统计局"
    assert recover([BODY, BODY, "青山市第一督察组"]).issuer == "青山市第一督察组"


def test_a_body_stored_twice_is_kept_once():
    copy = ["各有关单位:", BODY, "特此通知。", "青山市林业局", "2024年3月5日"]
    s = recover(copy + copy)
    assert [b.text for b in s.blocks] == copy and s.removed == copy


def test_lost_breaks_are_restored_where_the_line_shows_them():
    glued = ("如有异议请书面提出，联系电话:0000-1234567附件:1、甲单位汇总表2、乙单位汇总表"
             "青山市农业科技园区管理委员会2024年3月5日。")
    s = recover(["我单位组织了申报，请向青山市农业科技园区书面提出意见。", glued])
    assert [b.text for b in s.blocks if b.kind == "para"][-2:] == ["附件:1、甲单位汇总表", "2、乙单位汇总表"]
    assert s.issuer == "青山市农业科技园区管理委员会" and s.date_line == "2024年3月5日。"
    s = recover(["各单位:", "现将名单予以公布。特此通知。"])
    assert [b.text for b in s.blocks] == ["各单位:", "现将名单予以公布。", "特此通知。"]


def test_publisher_named_as_subject_of_the_publishing_sentence_is_the_issuer():
    s = recover(["在各地推荐的基础上，青山省文化厅组织评审，提出推荐名单，现予以公示。", BODY])
    assert s.issuer == "青山省文化厅"
    for text in ("经青山省评审委员会审核，提出名单，现予以公示。", "市文明办组织验收，现将名单予以公示，听取社会各界意见。"):
        assert recover([text, BODY]).issuer is None


def test_numbered_attachment_names_are_entries_not_heads():
    s = recover([BODY, "附件：", "1.甲类单位名单", "2.乙类单位名单", "青山市林业局", "2024年3月5日"])
    assert [b.kind for b in s.blocks[:4]] == ["para", "para", "para", "para"]


def test_a_value_wrapped_between_two_entries_is_joined_to_its_entry():
    s = recover([BODY, "通讯地址：青山市人民路", "一号院3号楼", "邮编：100000", "电话：0000-1234567"])
    assert [b.text for b in s.blocks][1:3] == ["通讯地址：青山市人民路一号院3号楼", "邮编：100000"]
    s = recover(["各单位：", "1.先进集体：青山市第一中学", "青山市第二中学", "二、其他事项", BODY])
    assert "青山市第二中学" in [b.text for b in s.blocks]
