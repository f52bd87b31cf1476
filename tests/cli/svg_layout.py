"""Reading back the layout of a chart that tools/svg/svg_chart.c wrote: the polylines' points,
the legend box, every text with its estimated extent (the same estimate as the chart code's:
CHAR_EM font sizes a character; the height, 1 font size above the baseline and 0.3 below),
and the tick labels of each axis."""

import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
CHAR_EM = 0.65      # svg_chart.h: SVG_CHART_CHAR_EM


class Chart:
    def __init__(self, path):
        self.root = ET.parse(path).getroot()
        self.width = float(self.root.get("width"))
        self.height = float(self.root.get("height"))
        self.texts = []
        self._walk(self.root, 16.0)
        self.lines = [[tuple(map(float, p.split(","))) for p in pl.get("points").split()]
                      for pl in self.root.iter(SVG + "polyline")]
        legend = [r for r in self.root.iter(SVG + "rect") if r.get("stroke") == "#bbbbbb"]
        self.legend = None
        if legend:
            r = legend[0]
            x, y = float(r.get("x")), float(r.get("y"))
            self.legend = (x, y, x + float(r.get("width")), y + float(r.get("height")))
        frame = [r for r in self.root.iter(SVG + "rect") if r.get("stroke") == "#333333"][0]
        self.left, self.top = float(frame.get("x")), float(frame.get("y"))
        self.right = self.left + float(frame.get("width"))
        self.bottom = self.top + float(frame.get("height"))

    def _walk(self, node, size):
        size = float(node.get("font-size", size))
        if node.tag == SVG + "text":
            self.texts.append({"text": node.text or "", "x": float(node.get("x")),
                               "y": float(node.get("y")), "size": size,
                               "anchor": node.get("text-anchor", "start"),
                               "rotated": node.get("transform") is not None})
        for child in node:
            self._walk(child, size)

    @staticmethod
    def extent(t):
        """(x0, y0, x1, y1) of a text as drawn (a -90 degree turn about its anchor point)."""
        w = len(t["text"]) * t["size"] * CHAR_EM
        start = {"start": 0.0, "middle": -w / 2, "end": -w}[t["anchor"]]
        if t["rotated"]:
            return (t["x"] - t["size"], t["y"] - start - w, t["x"] + 0.3 * t["size"],
                    t["y"] - start)
        return (t["x"] + start, t["y"] - t["size"], t["x"] + start + w, t["y"] + 0.3 * t["size"])

    def x_ticks(self):
        """(label, x) of the x-axis tick labels: below the plot area, centred."""
        return [(t["text"], t["x"]) for t in self.texts
                if t["anchor"] == "middle" and not t["rotated"] and t["size"] == 12
                and t["y"] > self.bottom]

    def y_ticks(self):
        """(label, y) of the y-axis tick labels: left of the plot area, right-aligned."""
        return [(t["text"], t["y"]) for t in self.texts
                if t["anchor"] == "end" and t["x"] < self.left]

    def points_in_legend(self, clearance=1.0):
        """Plotted points inside the legend box (widened by clearance pixels)."""
        if self.legend is None:
            return []
        x0, y0, x1, y1 = self.legend
        return [p for line in self.lines for p in line
                if x0 - clearance <= p[0] <= x1 + clearance
                and y0 - clearance <= p[1] <= y1 + clearance]

    def texts_outside_image(self):
        return [t["text"] for t in self.texts
                if not (0 <= self.extent(t)[0] and self.extent(t)[2] <= self.width
                        and 0 <= self.extent(t)[1] and self.extent(t)[3] <= self.height)]
