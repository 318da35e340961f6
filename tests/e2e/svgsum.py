#!/usr/bin/env python3
"""svgsum.py — reads a chart tsq plot wrote with Python's XML parser and
prints what it shows, one fact per line, for tests/e2e/plot.sh to check:

  svg: version=1.1 width=800 height=480 viewBox=0 0 800 480
  title: CO2 emissions            (also subtitle:, axis-title:)
  y-ticks: 0 200 400 600
  x-labels: 2010 2012 ...
  series: Beijing polylines=1 points=10 markers=10 hollow=0
  legend: Beijing | 上海 | 广东省
  bar: 广东省 569,119,531 t         (bar: NAME no value)
  footnote: Source: ...
  scale: consistent               (every marker or bar sits where its value
                                   and the ticks say it must, within 1 px)

A file that is not well-formed XML, or not SVG, fails (exit 1)."""
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def text(e):
    return "".join(e.itertext())


def number(s):
    """The number a tooltip or label shows: "89,184,483 t" -> 89184483."""
    m = re.search(r"-?[\d,]+(\.\d+)?", s)
    return float(m.group(0).replace(",", "")) if m else None


def main(path):
    root = ET.parse(path).getroot()
    if root.tag != NS + "svg":
        sys.exit(f"svgsum: {path}: the root is {root.tag}, not svg")
    print(f"svg: version={root.get('version')} width={root.get('width')} "
          f"height={root.get('height')} viewBox={root.get('viewBox')}")
    print("doc-title:", text(root.find(NS + "title")))
    groups = {g.get("class"): g for g in root.iter(NS + "g") if g.get("class") not in ("series", "bar")}
    title = groups.get("title")
    print("title:", " ".join(text(t) for t in title.iter(NS + "text")))
    for t in root.findall(NS + "text"):
        if t.get("class") in ("subtitle", "axis-title"):
            print(f"{t.get('class')}:", text(t))

    # the value axis: label -> y of its grid line
    ticks = []
    y_axis = groups["y-axis"]
    lines = y_axis.findall(NS + "line")
    labels = y_axis.findall(NS + "text")
    for ln, lb in zip(lines, labels):
        ticks.append((number(text(lb)), float(ln.get("y1"))))
    print("y-ticks:", " ".join(text(lb) for lb in labels))
    x_axis = groups["x-axis"]
    print("x-labels:", " ".join(sorted(text(t) for t in x_axis.iter(NS + "text"))))

    # where the values sit: marker (or bar top) y against the value in its
    # tooltip, mapped through the ticks
    points = []
    for g in root.iter(NS + "g"):
        if g.get("class") == "series":
            name = text(g.find(NS + "title"))
            polys = g.findall(NS + "polyline")
            circles = g.findall(NS + "circle")
            hollow = sum(1 for c in circles if c.get("fill") == "#ffffff")
            npoints = sum(len(p.get("points").split()) for p in polys)
            print(f"series: {name} polylines={len(polys)} points={npoints} "
                  f"markers={len(circles)} hollow={hollow}")
            for c in circles:
                points.append((number(text(c.find(NS + "title")).split(": ", 1)[1]), float(c.get("cy"))))
        elif g.get("class") == "bar":
            rect = g.find(NS + "rect")
            if rect is None:
                print("bar:", "no value", text(g.find(NS + "text")))
                continue
            tip = text(rect.find(NS + "title"))
            print("bar:", tip.replace(": ", " ", 1),
                  "hollow" if rect.get("fill") == "#ffffff" else "filled")
            v = number(tip.split(": ", 1)[1])
            top, h = float(rect.get("y")), float(rect.get("height"))
            points.append((v, top if v >= 0 else top + h))
    legend = groups.get("legend")
    if legend is not None:
        print("legend:", " | ".join(text(t) for t in legend.iter(NS + "text")))
    for t in groups["footnote"].iter(NS + "text"):
        print("footnote:", text(t))

    # ticks are labelled in a unit (thousand, million...) the axis title
    # names; recover the factor from the first two ticks and the points
    (v0, y0), (v1, y1) = ticks[0], ticks[-1]
    ok = True
    for factor in (1, 1e3, 1e6, 1e9, 1e12):
        ok = True
        for v, y in points:
            want = y0 + (v / factor - v0) * (y1 - y0) / (v1 - v0)
            if abs(want - y) > 1.0:
                ok = False
                break
        if ok:
            break
    print("scale:", "consistent" if ok else "inconsistent")


if __name__ == "__main__":
    main(sys.argv[1])
