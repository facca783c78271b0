"""Server-side SVG charts for review pages and printable reports: no JavaScript, readable in black-and-white print.

Pure: strings and numbers in, markupsafe.Markup out. Every label is escaped, so the output is well-formed XML that
can be embedded in an HTML page or a WeasyPrint PDF as it is. Texts the chart itself writes ("not scored",
the legend of the spread chart) are keyword arguments, so a view can pass translated strings."""
import math
import unicodedata
from collections.abc import Sequence

from markupsafe import Markup, escape

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "'Noto Sans CJK SC', 'Noto Serif CJK SC', 'Microsoft YaHei', sans-serif"

# (colour, dash pattern, marker): the dash and marker tell the series apart when printed without colour.
SERIES_STYLES = [("#1f4e9c", "", "circle"), ("#c0392b", "6 3", "square"), ("#2e7d32", "2 2", "diamond"),
                 ("#6a1b9a", "8 3 2 3", "circle")]
GRID_STEPS = (20, 40, 60, 80, 100)
LABEL_ROOM = 70  # px left and right of a radar for names such as "测量、分析与改进"


def fmt(value: float) -> str:
    """Compact numbers: one decimal at most, no trailing .0, no -0."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _clamp(percent: float) -> float:
    return min(100.0, max(0.0, float(percent)))


def _svg(width: float, height: float, title: str, body: list[str], css_class: str) -> Markup:
    label = escape(title)
    return Markup(
        f'<svg xmlns="{SVG_NS}" class="chart {css_class}" width="{fmt(width)}" height="{fmt(height)}" '
        f'viewBox="0 0 {fmt(width)} {fmt(height)}" role="img" aria-label="{label}" font-family="{FONT}">'
        f"<title>{label}</title>{''.join(body)}</svg>")


def _marker(kind: str, x: float, y: float, colour: str, tooltip: str, css_class: str = "point") -> str:
    title = f"<title>{escape(tooltip)}</title>"
    if kind == "square":
        return (f'<rect class="{css_class}" x="{fmt(x - 3)}" y="{fmt(y - 3)}" width="6" height="6" fill="{colour}">'
                f"{title}</rect>")
    if kind == "diamond":
        points = f"{fmt(x)},{fmt(y - 4)} {fmt(x + 4)},{fmt(y)} {fmt(x)},{fmt(y + 4)} {fmt(x - 4)},{fmt(y)}"
        return f'<polygon class="{css_class}" points="{points}" fill="{colour}">{title}</polygon>'
    return f'<circle class="{css_class}" cx="{fmt(x)}" cy="{fmt(y)}" r="3" fill="{colour}">{title}</circle>'


# --- radar ------------------------------------------------------------------------------------------------

def radar_svg(axes: list[str], series: list[tuple[str, list[float | None]]], size: int = 360, *,
              title: str = "", missing_label: str = "未评分") -> Markup:
    """A radar chart of percentages (0-100) per category, one closed outline per series. A None value is drawn at
    the centre and named as missing in the point's <title>, so a gap is never mistaken for a score of zero."""
    n = len(axes)
    if n < 3 or any(len(values) != n for _, values in series):
        raise ValueError("a radar chart needs at least 3 axes and one value (or None) per axis in every series")
    # `size` is the height of the plot; the width adds room for the category names left and right.
    width = size + 2 * LABEL_ROOM
    cx, cy = width / 2, size / 2
    radius = size * 0.34
    legend_top = cy + radius + 34
    height = legend_top + 18 * len(series) + 4

    def point(index: int, percent: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / n
        r = radius * percent / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def outline(values: Sequence[float]) -> str:
        return " ".join(f"{fmt(x)},{fmt(y)}" for x, y in (point(i, v) for i, v in enumerate(values)))

    body = ['<g class="grid" fill="none" stroke="#999" stroke-width="0.5">']
    body += [f'<polygon class="gridline" points="{outline([step] * n)}"/>' for step in GRID_STEPS]
    for i in range(n):
        x, y = point(i, 100)
        body.append(f'<line x1="{fmt(cx)}" y1="{fmt(cy)}" x2="{fmt(x)}" y2="{fmt(y)}"/>')
    body.append("</g>")
    body.append('<g class="grid-labels" font-size="8" fill="#666">')
    body += [f'<text class="grid-label" x="{fmt(cx + 3)}" y="{fmt(point(0, step)[1] + 3)}">{step}</text>'
             for step in GRID_STEPS]
    body.append("</g>")
    body.append('<g class="axis-labels" font-size="11" fill="#000">')
    for i, axis in enumerate(axes):
        x, y = point(i, 100)
        lx, ly = point(i, 100 + 12 / radius * 100)
        anchor = "middle" if abs(x - cx) < 1 else ("start" if x > cx else "end")
        # "4.3 顾客与市场" -> the code above the name; a label above the centre grows upwards.
        lines = axis.split(" ", 1)
        first_y = ly + 4 - (13 * (len(lines) - 1) if y < cy - 1 else 0)
        tspans = "".join(f'<tspan x="{fmt(lx)}" y="{fmt(first_y + 13 * k)}">{escape(line)}</tspan>'
                         for k, line in enumerate(lines))
        body.append(f'<text class="axis-label" text-anchor="{anchor}">{tspans}</text>')
    body.append("</g>")

    summaries = []
    for s, (name, values) in enumerate(series):
        colour, dash, marker = SERIES_STYLES[s % len(SERIES_STYLES)]
        drawn = [0.0 if v is None else _clamp(v) for v in values]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(f'<g class="series series-{s}">')
        body.append(f'<polygon class="series-outline" points="{outline(drawn)}" fill="{colour}" fill-opacity="0.08" '
                    f'stroke="{colour}" stroke-width="2"{dash_attr}/>')
        parts = []
        for i, (axis, value) in enumerate(zip(axes, values)):
            x, y = point(i, drawn[i])
            if value is None:
                tooltip = f"{name} · {axis}: {missing_label}"
                body.append(f'<circle class="point missing" cx="{fmt(x)}" cy="{fmt(y)}" r="4" fill="#fff" '
                            f'stroke="{colour}" stroke-width="1.5"><title>{escape(tooltip)}</title></circle>')
                parts.append(f"{axis} {missing_label}")
            else:
                body.append(_marker(marker, x, y, colour, f"{name} · {axis}: {fmt(_clamp(value))}%"))
                parts.append(f"{axis} {fmt(_clamp(value))}%")
        body.append("</g>")
        summaries.append(f"{name}: {', '.join(parts)}")

        ly = legend_top + 18 * s + 9
        lx = cx - 60
        body.append(f'<g class="legend-item" font-size="11">'
                    f'<line x1="{fmt(lx)}" y1="{fmt(ly)}" x2="{fmt(lx + 28)}" y2="{fmt(ly)}" stroke="{colour}" '
                    f'stroke-width="2"{dash_attr}/>{_marker(marker, lx + 14, ly, colour, name, "legend-marker")}'
                    f'<text x="{fmt(lx + 36)}" y="{fmt(ly + 4)}">{escape(name)}</text></g>')

    return _svg(width, height, "; ".join(filter(None, [title, *summaries])), body, "radar")


# --- spread ---------------------------------------------------------------------------------------------

def spread_svg(items: list[tuple[str, int | None, int | None]], threshold: int, width: int = 640, *,
               title: str = "", missing_label: str = "未评分", band_label: str = "允许极差",
               flagged_label: str = "超出允许极差") -> Markup:
    """One row per item code: the members' range of scores (lowest..highest percentage) as a bar over a 0-100
    scale, and a band of width `threshold` starting at the lowest score. A bar that leaves its band (spread >
    threshold) is drawn dark and marked with ▲ and the spread, so it stands out without colour too."""
    label_w, right_w, row_h, top = 64, 64, 22, 24
    plot_w = width - label_w - right_w
    legend_top = top + row_h * len(items) + 8
    height = legend_top + 22

    def x_of(percent: float) -> float:
        return label_w + plot_w * _clamp(percent) / 100

    body = ['<g class="axis" font-size="9" fill="#666">']
    for tick in range(0, 101, 20):
        x = x_of(tick)
        body.append(f'<line x1="{fmt(x)}" y1="{top - 4}" x2="{fmt(x)}" y2="{fmt(legend_top - 8)}" stroke="#ccc" '
                    f'stroke-width="0.5"/><text x="{fmt(x)}" y="{top - 8}" text-anchor="middle">{tick}%</text>')
    body.append("</g>")

    flagged_count = 0
    for row, (code, low, high) in enumerate(items):
        y = top + row * row_h
        mid = y + row_h / 2
        body.append(f'<text class="item-code" x="{label_w - 6}" y="{fmt(mid + 4)}" text-anchor="end" '
                    f'font-size="11">{escape(code)}</text>')
        if low is None or high is None:
            body.append(f'<text class="missing" x="{fmt(x_of(0) + 4)}" y="{fmt(mid + 4)}" font-size="10" '
                        f'fill="#666"><title>{escape(code)}: {escape(missing_label)}</title>'
                        f"— {escape(missing_label)}</text>")
            continue
        low, high = sorted((_clamp(low), _clamp(high)))
        spread = high - low
        flagged = spread > threshold
        flagged_count += flagged
        band_end = min(100.0, low + threshold)
        body.append(f'<rect class="band" x="{fmt(x_of(low))}" y="{fmt(y + 3)}" '
                    f'width="{fmt(x_of(band_end) - x_of(low))}" '
                    f'height="{row_h - 6}" fill="#eee" stroke="#888" stroke-width="0.5" stroke-dasharray="2 2"/>')
        tooltip = f"{code}: {fmt(low)}%–{fmt(high)}%, {fmt(spread)}" + (f" ▲ {flagged_label}" if flagged else "")
        style = ('fill="#b71c1c" stroke="#000" stroke-width="1"' if flagged
                 else 'fill="#7b9fd4" stroke="#1f4e9c" stroke-width="0.5"')
        body.append(f'<rect class="bar{" flagged" if flagged else ""}" x="{fmt(x_of(low))}" y="{fmt(y + 6)}" '
                    f'width="{fmt(max(1.0, x_of(high) - x_of(low)))}" height="{row_h - 12}" {style}>'
                    f"<title>{escape(tooltip)}</title></rect>")
        mark = "▲ " if flagged else ""
        weight = ' font-weight="bold"' if flagged else ""
        body.append(f'<text class="spread{" flagged" if flagged else ""}" x="{fmt(x_of(100) + 6)}" '
                    f'y="{fmt(mid + 4)}" font-size="11"{weight}>{mark}{fmt(spread)}</text>')

    body.append(f'<g class="legend" font-size="10">'
                f'<rect x="{label_w}" y="{legend_top}" width="24" height="10" fill="#eee" stroke="#888" '
                f'stroke-width="0.5" stroke-dasharray="2 2"/>'
                f'<text x="{label_w + 30}" y="{legend_top + 9}">{escape(band_label)} {fmt(threshold)}</text>'
                f'<rect x="{label_w + 150}" y="{legend_top}" width="24" height="10" fill="#b71c1c" stroke="#000"/>'
                f'<text x="{label_w + 180}" y="{legend_top + 9}">▲ {escape(flagged_label)}</text></g>')

    summary = f"{band_label} {threshold}; {flagged_label}: {flagged_count}/{len(items)}"
    return _svg(width, height, "; ".join(filter(None, [title, summary])), body, "spread")


def text_lines(text: str, width: float, max_lines: int = 2) -> list[str]:
    """`text` broken into at most `max_lines` lines of `width` character cells (a Chinese character is one cell,
    a Latin letter or digit about half): for SVG labels, which do not wrap by themselves. What does not fit ends
    the last line with "…"; the full text goes in the drawing's <title>."""
    cells = [1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.55 for char in text]
    needed = math.ceil(sum(cells) / width) if cells else 1
    if 1 < needed <= max_lines:  # lines of even length, not a full line and a widow
        width = sum(cells) / needed + 0.6
    lines, line, used = [], "", 0.0
    for char, cell in zip(text, cells):
        if used + cell > width and line:
            lines.append(line)
            line, used = "", 0.0
            if len(lines) == max_lines:
                break
        line, used = line + char, used + cell
    else:
        lines.append(line)
        return lines
    lines[-1] = lines[-1][:-1] + "…"
    return lines
