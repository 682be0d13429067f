"""Offices named by their level only, and a county's banner narrowing the page's region."""

from __future__ import annotations

from xxgk.parse.metadata import find_agency
from xxgk.parse.region import resolve_region


def test_level_only_office_where_the_text_names_its_place() -> None:
    lines = [
        "本年度报告根据《中华人民共和国政府信息公开条例》、《天津市政府信息公开规定》编制。",
        "一、概述",
        "本年度市审批办认真贯彻落实《政府信息公开条例》。",
    ]
    assert find_agency(None, lines) == "市审批办"


def test_level_only_office_without_a_place_stays_null() -> None:
    lines = [
        "为提高政府工作的透明度,2017年,县水务局严格按照《中华人民共和国政府信息公开条例》"
        "规定及上级部门相关要求开展工作。",
    ]
    assert find_agency(None, lines) is None


def test_a_county_banner_under_its_prefectures_chrome() -> None:
    top = "站群导航\n海南州人民政府\n政府工作部门\n各县政府\n加入收藏\n兴海县人民政府\n政府信息公开"
    region = resolve_region("中铁乡人民政府", "中铁乡人民政府2021年政府信息公开工作年度报告", top)
    assert region is not None
    assert (region.code, region.province) == ("632524", "青海省")


def test_the_agencys_own_prefecture_is_not_narrowed_by_a_county_banner() -> None:
    region = resolve_region("海南州人民政府", None, "海南州人民政府\n兴海县人民政府")
    assert region is not None
    assert region.code == "632500"


def test_two_county_banners_do_not_narrow() -> None:
    top = "海南州人民政府\n兴海县人民政府\n共和县人民政府"
    region = resolve_region("某乡人民政府", None, top)
    assert region is not None
    assert region.code == "632500"
