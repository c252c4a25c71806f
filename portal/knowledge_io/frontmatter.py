"""One Markdown file with YAML front matter: parse it, or write it."""

import yaml

DELIMITER = "---"


class FrontMatterError(ValueError):
    """The file is not a readable front matter document; the message is for the editor."""


class _NoAliasSafeLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases, which can blow up into huge structures."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "les alias YAML (*nom) ne sont pas acceptés", event.start_mark
            )
        return super().compose_node(parent, index)


# Dates stay text: the page's own date fields parse them and word the errors.
_NoAliasSafeLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


class _BlockTextDumper(yaml.SafeDumper):
    """Multi-line text as readable `|` blocks rather than quoted strings."""


def _represent_text(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockTextDumper.add_representer(str, _represent_text)


def parse(text: str) -> tuple[dict, str]:
    """The front matter (a mapping) and the Markdown body of a file's text."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != DELIMITER:
        raise FrontMatterError("le fichier doit commencer par une ligne « --- » (front matter).")
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() == DELIMITER:  # an indented --- belongs to a text block
            header, body = "".join(lines[1:number]), "".join(lines[number + 1 :])
            break
    else:
        raise FrontMatterError("le front matter n'est pas fermé par une ligne « --- ».")
    try:
        meta = yaml.load(header, Loader=_NoAliasSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise FrontMatterError(f"front matter YAML illisible : {_describe(error)}") from error
    if not isinstance(meta, dict):
        raise FrontMatterError("le front matter doit être une liste de champs « clé: valeur ».")
    if not all(isinstance(key, str) for key in meta):
        raise FrontMatterError("les noms de champs du front matter doivent être du texte.")
    return meta, body.strip("\n")


def _describe(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:
        return problem
    # +2: the opening delimiter line, and YAML counts from zero.
    return f"{problem} (ligne {mark.line + 2}, colonne {mark.column + 1})"


def dump(meta: dict, body: str) -> str:
    """The file text: front matter between delimiters, then the Markdown body."""
    header = yaml.dump(
        meta,
        Dumper=_BlockTextDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    text = f"{DELIMITER}\n{header}{DELIMITER}\n"
    if body:
        text += f"\n{body.strip(chr(10))}\n"
    return text
