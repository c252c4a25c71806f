"""A Sankey diagram's layout, pure: columns of nodes and the bands between them.

`layout(links)` takes [(source, target, value)] whose nodes fall into columns (a node's
column is one more than its sources'; a link closing a cycle is drawn backwards and does
not push its target further right), and answers nodes (x, y, height) and links (the
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


def back_links(links):
    """The (source, target) pairs that close a cycle, found by a depth-first walk from the
    sources (then from any node still unvisited, in name order): without them the links
    form a DAG, so every node gets a column and the layout ends."""
    graph = defaultdict(list)
    for source, target, _ in links:
        graph[source].append(target)
    targets = {t for _, t, _ in links}
    nodes = sorted({s for s, _, _ in links} | targets)
    roots = [n for n in nodes if n not in targets] + [n for n in nodes if n in targets]
    on_path, done, back = set(), set(), set()
    for root in roots:
        if root in done:
            continue
        on_path.add(root)
        stack = [(root, iter(graph[root]))]
        while stack:
            node, following = stack[-1]
            target = next(following, None)
            if target is None:
                stack.pop()
                on_path.discard(node)
                done.add(node)
            elif target in on_path:
                back.add((node, target))
            elif target not in done:
                on_path.add(target)
                stack.append((target, iter(graph[target])))
    return back


def columns_of(links):
    """Each node's column: the length of the longest chain of links leading to it, links
    closing a cycle left out (a cycle's band then runs backwards)."""
    back = back_links(links)
    forward = [(s, t) for s, t, _ in links if (s, t) not in back]
    nodes = {s for s, _, _ in links} | {t for _, t, _ in links}
    column = dict.fromkeys(nodes, 0)
    waiting = defaultdict(int)
    following = defaultdict(list)
    for source, target in forward:
        waiting[target] += 1
        following[source].append(target)
    ready = sorted(n for n in nodes if not waiting[n])
    while ready:
        node = ready.pop()
        for target in following[node]:
            column[target] = max(column[target], column[node] + 1)
            waiting[target] -= 1
            if not waiting[target]:
                ready.append(target)
    return column


def layout(links, width=640, height=360):
    # a node feeding itself has no band to draw
    links = [(s, t, float(v)) for s, t, v in links if v and v > 0 and s != t]
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
