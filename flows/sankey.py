"""A Sankey diagram's layout, pure: columns of nodes and the bands between them.

`layout(links)` takes [(source, target, value)] whose nodes fall into columns (a node's
column is one more than its sources'), and answers nodes (x, y, height) and links (the
SVG path of a band's centre line and its width), for an SVG of `width` × `height`.
"""

from collections import defaultdict
from dataclasses import dataclass

NODE_WIDTH = 14
GAP = 12


@dataclass(frozen=True)
class Node:
    name: str
    column: int
    x: float
    y: float
    height: float
    value: float

    @property
    def label_x(self):
        return round(self.x + NODE_WIDTH + 4, 1)


@dataclass(frozen=True)
class Band:
    source: str
    target: str
    value: float
    width: float
    path: str


def columns_of(links):
    column = {}
    sources = {s for s, _, _ in links}
    targets = {t for _, t, _ in links}
    for name in sources - targets:
        column[name] = 0
    changed = True
    while changed:
        changed = False
        for source, target, _ in links:
            if source in column and column.get(target, -1) < column[source] + 1:
                column[target] = column[source] + 1
                changed = True
    return column


def layout(links, width=640, height=360):
    links = [(s, t, float(v)) for s, t, v in links if v and v > 0]
    if not links:
        return [], []
    column = columns_of(links)
    incoming, outgoing = defaultdict(float), defaultdict(float)
    for source, target, value in links:
        outgoing[source] += value
        incoming[target] += value
    value = {name: max(incoming[name], outgoing[name]) for name in column}
    by_column = defaultdict(list)
    for name in sorted(column, key=lambda n: (-value[n], n)):
        by_column[column[name]].append(name)
    last = max(by_column)
    scale = min(
        (height - GAP * (len(names) - 1)) / sum(value[n] for n in names)
        for names in by_column.values()
    )
    nodes = {}
    for index, names in by_column.items():
        x = 0 if last == 0 else index * (width - NODE_WIDTH) / last
        y = 0.0
        for name in names:
            h = value[name] * scale
            nodes[name] = Node(name, index, round(x, 1), round(y, 1), round(h, 1), value[name])
            y += h + GAP
    out_offset, in_offset = defaultdict(float), defaultdict(float)
    bands = []
    for source, target, amount in sorted(
        links, key=lambda link: (nodes[link[0]].y, nodes[link[1]].y)
    ):
        thickness = amount * scale
        a, b = nodes[source], nodes[target]
        y0 = a.y + out_offset[source] + thickness / 2
        y1 = b.y + in_offset[target] + thickness / 2
        out_offset[source] += thickness
        in_offset[target] += thickness
        x0, x1 = a.x + NODE_WIDTH, b.x
        middle = (x0 + x1) / 2
        path = f"M{x0:.1f},{y0:.1f} C{middle:.1f},{y0:.1f} {middle:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
        bands.append(Band(source, target, amount, round(max(thickness, 1), 1), path))
    return sorted(nodes.values(), key=lambda n: (n.column, n.y)), bands
