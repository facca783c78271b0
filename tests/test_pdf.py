"""Printable reports: templates/_print/base.html rendered to PDF by WeasyPrint with real Chinese glyphs, the print
stylesheet loaded from the static folder without any network, and a download name that survives Chinese."""
import ctypes
from pathlib import Path
from urllib.parse import unquote

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from flask import render_template_string

from reviewapp.charts import radar_svg
from reviewapp.pdf import pdf_response
from reviewapp.pdf.rendering import ResourceRefused, StaticFolderFetcher, render_pdf, static_fetcher

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "pdf"
TITLE = "本溪市市长质量奖 资料评审报告"

REPORT = """{% extends "_print/base.html" %}
{% set print_title = title %}
{% set header_rows = [("评审周期", "第十届本溪市市长质量奖"), ("申报组织", "本溪示例制造有限公司"),
                      ("评审组", "第一评审组"), ("组长", "王建国"), ("日期", "2026年11月26日")] %}
{% block content %}
  <h2>一、总体评价</h2>
  <p>该组织在领导、战略、顾客与市场方面表现良好。</p>
  <figure>{{ chart }}</figure>
  <table>
    <thead><tr><th>类目</th><th class="num">得分率</th></tr></thead>
    <tbody><tr><td>4.1 领导</td><td class="num">72.5%</td></tr>
           <tr><td>4.7 结果</td><td class="num">49.9%</td></tr></tbody>
  </table>
{% endblock %}"""


def report_html(app, **extra) -> str:
    chart = radar_svg(["4.1 领导", "4.2 战略", "4.3 顾客与市场"], [("资料评审", [72.5, 65, None])])
    with app.test_request_context():
        return render_template_string(REPORT, title=TITLE, chart=chart, **extra)


@pytest.fixture(scope="module")
def report_pdf(app) -> bytes:
    with app.test_request_context():
        return render_pdf(report_html(app))


@pytest.fixture
def first_page(report_pdf):
    document = pdfium.PdfDocument(report_pdf)
    page = document[0]
    textpage = page.get_textpage()
    yield document, page, textpage
    textpage.close()
    page.close()
    document.close()


def test_print_layout_has_the_header_rows_and_no_nav_bar_or_scripts(app):
    html = report_html(app)
    assert "<title>本溪市市长质量奖 资料评审报告</title>" in html
    assert '<th scope="row">组长</th><td>王建国</td>' in html
    assert 'href="/static/css/print.css"' in html
    assert "<nav" not in html and "<script" not in html


def test_report_renders_to_a_pdf_whose_text_is_the_chinese_report(report_pdf, first_page):
    assert report_pdf.startswith(b"%PDF-")
    _, _, textpage = first_page
    text = textpage.get_text_range()
    assert TITLE in text
    assert "本溪示例制造有限公司" in text and "该组织在领导、战略、顾客与市场方面表现良好。" in text
    assert "第 1 页 / 共 1 页" in text  # print.css was loaded: its @page counter is on the page


def test_chinese_is_set_in_noto_sans_cjk(first_page):
    _, _, textpage = first_page
    index = textpage.get_text_range().index("本溪")
    name = ctypes.create_string_buffer(256)
    pdfium_c.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(ctypes.c_int()))
    assert b"Noto-Sans-CJK-SC" in name.value


def test_first_page_renders_to_a_png_with_ink_on_it(first_page):
    _, page, _ = first_page
    image = page.render(scale=2).to_pil().convert("L")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image.save(ARTIFACTS / "report-page-1.png")
    dark = sum(image.histogram()[:128])
    assert dark > 0.005 * image.width * image.height, f"only {dark} dark pixels"


def test_the_fetcher_serves_the_static_folder(app):
    with app.test_request_context():
        fetcher = static_fetcher()
    response = fetcher.fetch("file:///static/css/print.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"
    response.close()


@pytest.mark.parametrize("url", [
    "http://example.com/print.css",
    "https://example.com/logo.png",
    "file:///etc/passwd",
    "file:///static/../../../etc/passwd",
    "file://example.com/static/css/print.css",
    "data:text/css,body{}",
])
def test_the_fetcher_refuses_anything_but_files_in_the_static_folder(app, url):
    with app.test_request_context():
        fetcher = static_fetcher()
    with pytest.raises(ResourceRefused):
        fetcher.fetch(url)


def test_a_remote_image_is_left_out_without_any_request(app, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("WeasyPrint tried the network")

    monkeypatch.setattr(StaticFolderFetcher, "open", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    with app.test_request_context():
        pdf = render_pdf(render_template_string(
            '{% extends "_print/base.html" %}{% set print_title = "图片" %}'
            '{% block content %}<img src="http://example.com/logo.png" alt="">{% endblock %}'))
    assert pdf.startswith(b"%PDF-")


def test_pdf_response_is_an_attachment_named_in_utf8_with_an_ascii_fallback(app):
    with app.test_request_context():
        response = pdf_response(report_html(app), "2026-001 资料评审报告.pdf")
    assert response.mimetype == "application/pdf"
    assert response.get_data().startswith(b"%PDF-")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="2026-001.pdf"' in disposition
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert encoded.isascii() and " " not in encoded
    assert unquote(encoded) == "2026-001 资料评审报告.pdf"
    assert "no-store" in response.headers["Cache-Control"]


def test_a_wholly_chinese_name_falls_back_to_report_pdf(app):
    with app.test_request_context():
        response = pdf_response(report_html(app), "资料评审报告.pdf")
    assert 'filename="report.pdf"' in response.headers["Content-Disposition"]


LONG_TABLE = """{% extends "_print/base.html" %}
{% set print_title = "长表" %}
{% block content %}
<table class="profiles">
  <colgroup><col class="applicant">{% for i in range(7) %}<col>{% endfor %}</colgroup>
  <thead><tr><th>申报组织</th>{% for i in range(1, 8) %}<th>类目4.{{ i }}</th>{% endfor %}</tr></thead>
  <tbody>{% for n in range(rows) %}
    <tr><td>第{{ n }}号申报组织</td>{% for i in range(1, 8) %}<td>{{ n }}/{{ i }}</td>{% endfor %}</tr>
  {% endfor %}</tbody>
</table>
{% endblock %}"""


def test_a_long_fixed_layout_table_splits_across_pages_repeating_its_header_and_losing_no_row(app):
    """The comprehensive report's long tables are laid out from their <colgroup> (issue 19): a table longer than
    a page goes on over the next pages, each starting with the column headings, every row printed once."""
    with app.test_request_context():
        pdf = render_pdf(render_template_string(LONG_TABLE, rows=80))
    document = pdfium.PdfDocument(pdf)
    pages = [page.get_textpage().get_text_range() for page in document]
    document.close()
    assert len(pages) >= 3
    assert all(text.count("类目4.1") == 1 and text.count("类目4.7") == 1 for text in pages)
    text = "".join(pages)
    assert all(text.count(f"第{n}号申报组织") == 1 for n in range(80))
    assert text.count("/1") == text.count("/7") == 80  # no row cut short by a page break


def test_render_pdf_pauses_the_garbage_collector_only_while_it_renders(app, monkeypatch):
    import gc

    seen = []
    monkeypatch.setattr("reviewapp.pdf.rendering.HTML.write_pdf", lambda self: seen.append(gc.isenabled()) or b"%PDF")
    with app.test_request_context():
        render_pdf("<p>x</p>")
        assert seen == [False] and gc.isenabled()
        gc.disable()  # a caller that paused it keeps it paused
        try:
            render_pdf("<p>x</p>")
            assert not gc.isenabled()
        finally:
            gc.enable()
