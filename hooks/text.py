"""Interface strings of the site in both scripts, and date formatting.

Every string the site shows (apart from notice text) lives here, written out in both scripts
by hand so the wording is right (已结束 / 已結束) rather than machine-converted. The Traditional
strings are written in the Taiwan standard (為, 群, 發布) and shown in the archive's configured
standard (mkdocs.yml `extra: traditional`): as written for s2tw, in Hong Kong forms for s2hk
(OpenCC's t2hk), in OpenCC's forms for s2t (tw2t), the same forms as the notices' Traditional.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

SCRIPTS = ("hans", "hant")
OTHER = {"hans": "hant", "hant": "hans"}
LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}

T: dict[str, dict[str, str]] = {
    "hans": {
        "site_name": "政府公告档案",
        "switch": "繁體",
        "switch_title": "切换到繁體中文（同一页面）",
        "permalink": "本节链接",  # the ¶ after each heading; mkdocs.yml's toc permalink_title must match
        # Strings of docs/assets/archive.js (the page's __config carries them, "js_" dropped).
        "js_active": "公示中",
        "js_ended": "已结束",
        "js_upcoming": "未开始",
        "js_left": "还剩{n}天",
        "js_until": "{n}天后开始",
        "js_legend": "红色虚线框为本月（{d}）。",
        "js_basis": "按今天（{d}）计算",
        "home": "档案首页",
        "years": "按年份",
        "issuers": "按发布机关",
        "about": "关于本档案",
        "feed": "订阅（Atom）",
        "footer_note": "公告文本由原始文件自动转换，引用请以所附原件为准。",
        "index_title": "公告档案",
        "index_lead": "共收录 {n} 件公告，按日期由新到旧排列。每件公告均有简体与繁体两种文本，并附原始文件。",
        "filter_year": "年份",
        "filter_issuer": "发布机关",
        "filter_all": "全部",
        "filter_count": "显示 {shown} / {total} 件",
        "filter_more": "所选共 {n} 件，此处只列出其中较新的 {shown} 件：查看全部",
        "index_more": "此处列出最新的公告，另有 {n} 件较早的公告可按年份或发布机关浏览。",
        "filter_reset": "清除筛选",
        "browse_years": "按年份浏览：",
        "browse_issuers": "按发布机关浏览：",
        "all_issuers": "全部 {n} 个发布机关",
        "timeline": "公开期限时间轴",
        "timeline_desc": "每格为一个月，颜色越深，当月处于公开期限（公示期）或发布的公告越多；点击月份按年份筛选下方列表。",
        "timeline_cell": "{month}：公示中 {open} 件，另有 {dated} 件公告发布",
        "timeline_few": "少",
        "timeline_many": "多（一个月最多 {n} 件）",
        "timeline_open": "今天正在公示的公告（{n} 件）：",
        "timeline_undated": "另有 {n} 件公告没有日期，未列入时间轴。",
        "timeline_aria": "各公告公开期限的时间轴",
        "list": "全部公告",
        "year_title": "{year}年的公告",
        "page_title": "{title}（第{n}页）",
        "pager_label": "分页",
        "pager_prev": "上一页",
        "pager_next": "下一页",
        "year_unknown": "日期不详",
        "year_unknown_title": "日期不详的公告",
        "years_title": "按年份浏览",
        "issuers_title": "按发布机关浏览",
        "issuer_title": "{issuer}发布的公告",
        "issuer_unknown": "未注明发布机关",
        "count": "{n} 件",
        "period": "公开期限",
        "period_range": "{start} 至 {end}",
        "period_days": "共{days}天",
        "period_until": "截止于 {end}",
        "period_original": "原文：",
        "issuer": "发布机关",
        "signed": "成文日期",
        "published": "发布时间",
        "source": "来源",
        "editor": "责任编辑",
        "byline": "署名",
        "raw": "原始文件",
        "raw_text": "原文纯文本",
        "raw_bytes": "原始字节",
        "raw_original": "{format} 原件",
        "doc_number": "发文字号",
        "read_by": "读取方式",
        "read_by_text": "纯文本",
        "read_by_html": "网页",
        "read_by_pdf_text": "PDF 文字层",
        "read_by_ocr": "光学字符识别（OCR）",
        "read_by_docx": "Word 文档",
        "read_by_word": "Word/WPS 文档（经 LibreOffice 转换）",
        "read_by_ofd": "OFD 版式文档",
        "ocr_title": "机器识别的文字",
        "ocr_note": "本文由光学字符识别（OCR）从扫描件自动读出，可能有错字、漏字或错行，引用前请对照原始文件。",
        "ocr_link": "打开原始文件",
        "encoding": "原始编码",
        "title_derived": "原文无标题，此标题由系统根据正文拟定。",
        "warnings": "转换提示",
        "warnings_lead": "自动转换时发现以下问题，阅读时请对照原始文件：",
        "severity_error": "错误",
        "severity_warning": "警告",
        "excerpt": "相关文字",
        "no_date": "日期不详",
        "breadcrumb": "位置",
        "other_script": "繁體版本",
        "about_title": "关于本档案",
        "problems": "转换报告",
        "problems_none": "本次构建中，所有原始文件均已转换发布，没有问题。",
        "problems_lead": "以下原始文件未能发布或转换时有提示：",
        "file": "文件",
        "code": "代码",
        "message": "说明",
        "status_fallback": "截止于 {end}",
        "choose": "请选择文字：",
        "hans_name": "简体中文",
        "hant_name": "繁體中文",
        "provenance": "来源与存档",
        "source_url": "原始网址",
        "archive_url": "存档副本",
        "retrieved": "采集日期",
        "sha256": "SHA-256",
        "raw_size": "文件大小",
        "size_bytes": "{n} 字节（{human}）",
        "size_bytes_short": "{n} 字节",
        "cite": "引用本公告",
        "cite_copy": "复制引用",
        "cite_copied": "已复制",
        "cite_failed": "无法自动复制，引用文字已选中，请按 Ctrl+C 复制",
        "cite_retrieved": "采集日期：{d}",
        "cite_archive": "存档副本：",
        "cite_key": "引用键（发文字号）",
        "filter_status": "状态",
        "status_none": "无公开期限",
        "now_active": "公示中",
        "now_ending": "7天内截止",
        "now_title": "今天（{d}）",
        "calendar": "公开期限日历（iCalendar）",
        "corrected": "已更正",
        "corrected_note": "本公告发布后经过更正，此为第{n}版（现行文本）；更正前的版本仍予保留。",
        "corrected_compare": "逐字比较更正前后的文本",
        "corrected_previous": "更正前的版本（第{n}版）",
        "compare_title": "更正前后逐字比较：{title}",
        "compare_lead": ("以第{old}版为底本，标出改为第{new}版的改动：删除的文字加删除线，新增的文字加下划线。"
                         "共删除 {deleted} 字，新增 {inserted} 字。"),
        "compare_same": "两个版本的正文文字相同（更正可能只涉及标题、日期等信息）。",
        "compare_old": "第{n}版",
        "compare_new": "第{n}版（现行）",
        "compare_deleted": "删除",
        "compare_inserted": "新增",
    },
    "hant": {
        "site_name": "政府公告檔案",
        "switch": "简体",
        "switch_title": "切換到简体中文（同一頁面）",
        "permalink": "本節連結",
        "js_active": "公示中",
        "js_ended": "已結束",
        "js_upcoming": "未開始",
        "js_left": "還剩{n}天",
        "js_until": "{n}天後開始",
        "js_legend": "紅色虛線框為本月（{d}）。",
        "js_basis": "按今天（{d}）計算",
        "home": "檔案首頁",
        "years": "按年份",
        "issuers": "按發布機關",
        "about": "關於本檔案",
        "feed": "訂閱（Atom）",
        "footer_note": "公告文本由原始文件自動轉換，引用請以所附原件為準。",
        "index_title": "公告檔案",
        "index_lead": "共收錄 {n} 件公告，按日期由新到舊排列。每件公告均有簡體與繁體兩種文本，並附原始文件。",
        "filter_year": "年份",
        "filter_issuer": "發布機關",
        "filter_all": "全部",
        "filter_count": "顯示 {shown} / {total} 件",
        "filter_more": "所選共 {n} 件，此處只列出其中較新的 {shown} 件：查看全部",
        "index_more": "此處列出最新的公告，另有 {n} 件較早的公告可按年份或發布機關瀏覽。",
        "filter_reset": "清除篩選",
        "browse_years": "按年份瀏覽：",
        "browse_issuers": "按發布機關瀏覽：",
        "all_issuers": "全部 {n} 個發布機關",
        "timeline": "公開期限時間軸",
        "timeline_desc": "每格為一個月，顏色越深，當月處於公開期限（公示期）或發布的公告越多；點擊月份按年份篩選下方列表。",
        "timeline_cell": "{month}：公示中 {open} 件，另有 {dated} 件公告發布",
        "timeline_few": "少",
        "timeline_many": "多（一個月最多 {n} 件）",
        "timeline_open": "今天正在公示的公告（{n} 件）：",
        "timeline_undated": "另有 {n} 件公告沒有日期，未列入時間軸。",
        "timeline_aria": "各公告公開期限的時間軸",
        "list": "全部公告",
        "year_title": "{year}年的公告",
        "page_title": "{title}（第{n}頁）",
        "pager_label": "分頁",
        "pager_prev": "上一頁",
        "pager_next": "下一頁",
        "year_unknown": "日期不詳",
        "year_unknown_title": "日期不詳的公告",
        "years_title": "按年份瀏覽",
        "issuers_title": "按發布機關瀏覽",
        "issuer_title": "{issuer}發布的公告",
        "issuer_unknown": "未註明發布機關",
        "count": "{n} 件",
        "period": "公開期限",
        "period_range": "{start} 至 {end}",
        "period_days": "共{days}天",
        "period_until": "截止於 {end}",
        "period_original": "原文：",
        "issuer": "發布機關",
        "signed": "成文日期",
        "published": "發布時間",
        "source": "來源",
        "editor": "責任編輯",
        "byline": "署名",
        "raw": "原始文件",
        "raw_text": "原文純文本",
        "raw_bytes": "原始位元組",
        "raw_original": "{format} 原件",
        "doc_number": "發文字號",
        "read_by": "讀取方式",
        "read_by_text": "純文本",
        "read_by_html": "網頁",
        "read_by_pdf_text": "PDF 文字層",
        "read_by_ocr": "光學字元辨識（OCR）",
        "read_by_docx": "Word 文件",
        "read_by_word": "Word/WPS 文件（經 LibreOffice 轉換）",
        "read_by_ofd": "OFD 版式文件",
        "ocr_title": "機器辨識的文字",
        "ocr_note": "本文由光學字元辨識（OCR）從掃描件自動讀出，可能有錯字、漏字或錯行，引用前請對照原始文件。",
        "ocr_link": "開啟原始文件",
        "encoding": "原始編碼",
        "title_derived": "原文無標題，此標題由系統根據正文擬定。",
        "warnings": "轉換提示",
        "warnings_lead": "自動轉換時發現以下問題，閱讀時請對照原始文件：",
        "severity_error": "錯誤",
        "severity_warning": "警告",
        "excerpt": "相關文字",
        "no_date": "日期不詳",
        "breadcrumb": "位置",
        "other_script": "简体版本",
        "about_title": "關於本檔案",
        "problems": "轉換報告",
        "problems_none": "本次建置中，所有原始文件均已轉換發布，沒有問題。",
        "problems_lead": "以下原始文件未能發布或轉換時有提示：",
        "file": "文件",
        "code": "代碼",
        "message": "說明",
        "status_fallback": "截止於 {end}",
        "choose": "請選擇文字：",
        "hans_name": "简体中文",
        "hant_name": "繁體中文",
        "provenance": "來源與存檔",
        "source_url": "原始網址",
        "archive_url": "存檔副本",
        "retrieved": "採集日期",
        "sha256": "SHA-256",
        "raw_size": "文件大小",
        "size_bytes": "{n} 位元組（{human}）",
        "size_bytes_short": "{n} 位元組",
        "cite": "引用本公告",
        "cite_copy": "複製引用",
        "cite_copied": "已複製",
        "cite_failed": "無法自動複製，引用文字已選取，請按 Ctrl+C 複製",
        "cite_retrieved": "採集日期：{d}",
        "cite_archive": "存檔副本：",
        "cite_key": "引用鍵（發文字號）",
        "filter_status": "狀態",
        "status_none": "無公開期限",
        "now_active": "公示中",
        "now_ending": "7天內截止",
        "now_title": "今天（{d}）",
        "calendar": "公開期限日曆（iCalendar）",
        "corrected": "已更正",
        "corrected_note": "本公告發布後經過更正，此為第{n}版（現行文本）；更正前的版本仍予保留。",
        "corrected_compare": "逐字比較更正前後的文本",
        "corrected_previous": "更正前的版本（第{n}版）",
        "compare_title": "更正前後逐字比較：{title}",
        "compare_lead": ("以第{old}版為底本，標出改為第{new}版的改動：刪除的文字加刪除線，新增的文字加底線。"
                         "共刪除 {deleted} 字，新增 {inserted} 字。"),
        "compare_same": "兩個版本的正文文字相同（更正可能只涉及標題、日期等資訊）。",
        "compare_old": "第{n}版",
        "compare_new": "第{n}版（現行）",
        "compare_deleted": "刪除",
        "compare_inserted": "新增",
    },
}


HAND_WRITTEN_STANDARD = "s2tw"
_STANDARD = {"hant": HAND_WRITTEN_STANDARD}
# OpenCC's Taiwan-standard Traditional → another standard's forms.
_RESTYLE = {"s2tw": (), "s2hk": ("tw2t", "t2hk"), "s2t": ("tw2t",)}


def set_standard(standard: str) -> None:
    """The Traditional standard the site shows (set from mkdocs.yml by hooks/archive.py)."""
    if standard not in _RESTYLE:
        raise ValueError(f"unknown Traditional standard {standard!r}")
    _STANDARD["hant"] = standard


def standard() -> str:
    return _STANDARD["hant"]


# Traditional of any standard (Material's own zh-Hant strings mix them: 閲讀, 頁脚) → OpenCC's
# forms → the standard's; for s2hk and s2t that is _RESTYLE already.
_NORMALIZE = {**_RESTYLE, "s2tw": ("tw2t", "t2tw")}


@lru_cache(maxsize=1024)
def _through(text: str, configs: tuple[str, ...]) -> str:
    from converters.wordconv import opencc_converter

    for config in configs:
        text = opencc_converter(config).convert(text)
    return text


def in_standard(text: str, standard: str) -> str:
    """Hand-written Traditional (Taiwan standard) in the forms of `standard`."""
    return _through(text, _RESTYLE[standard])


def normalized(text: str, standard: str) -> str:
    """Traditional text written in any standard, in the forms of `standard`."""
    return _through(text, _NORMALIZE[standard])


def localized(script: str, text: str) -> str:
    """A hand-written string of `script` as the site shows it."""
    return in_standard(text, _STANDARD["hant"]) if script == "hant" else text


def t(script: str, key: str, **kwargs: object) -> str:
    text = localized(script, T[script][key])
    return text.format(**kwargs) if kwargs else text


def cn_date(value: str | None) -> str:
    """'2023-03-25' → '2023年3月25日'; anything unparsable is returned unchanged."""
    if not value:
        return ""
    try:
        d = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{d.year}年{d.month}月{d.day}日"


def cn_datetime(value: str | None) -> str:
    """'2025-02-05T16:44' → '2025年2月5日 16:44'."""
    if not value:
        return ""
    text = str(value)
    day = cn_date(text)
    if len(text) > 10 and text[10] in "T ":
        return f"{day} {text[11:16]}"
    return day
