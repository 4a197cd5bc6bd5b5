"""site.yaml: the edition's settings, checked at the door."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

LANGUAGES = ("vi", "en")


class ConfigError(Exception):
    """A problem in the settings file; str() names the file and line."""


@dataclass(frozen=True)
class Paths:
    seeds: str = "seeds"
    content: str = "content"
    output: str = "site"


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Digital edition"
    description: str = ""
    language: str = "vi"
    base_url: str = "https://example.github.io/edition/"
    portal: str | None = None
    paths: Paths = field(default_factory=Paths)
    source_path: str = "site.yaml"

    @property
    def absolute_base(self) -> str:
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"


_TYPES = {"title": str, "description": str, "language": str, "base_url": str, "portal": (str, type(None))}


def _key_lines(node: yaml.Node) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def parse_config(text: str, path: str = "site.yaml") -> SiteConfig:
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: expected a mapping of settings, found {type(data).__name__}")
    lines = _key_lines(node)
    known = {f.name for f in fields(SiteConfig)} - {"source_path"}
    values: dict = {}
    for key, value in data.items():
        where = f"{path}:{lines.get(key, 1)}"
        if key not in known:
            raise ConfigError(f"{where}: unknown setting {key!r}; known settings: {', '.join(sorted(known))}")
        if key == "paths":
            values["paths"] = _parse_paths(value, where, node)
            continue
        expected = _TYPES[key]
        if not isinstance(value, expected):
            wanted = "text" if expected is str else "text or null"
            raise ConfigError(f"{where}: setting {key!r} must be {wanted}, found {type(value).__name__} {value!r}")
        values[key] = value
    if values.get("language", "vi") not in LANGUAGES:
        raise ConfigError(f"{path}:{lines.get('language', 1)}: language must be one of {', '.join(LANGUAGES)}")
    base = values.get("base_url")
    if base is not None and not base.startswith(("http://", "https://")):
        raise ConfigError(f"{path}:{lines.get('base_url', 1)}: base_url must be an absolute http(s) URL")
    return SiteConfig(**values, source_path=path)


def _parse_paths(value, where: str, node: yaml.Node) -> Paths:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: setting 'paths' must be a mapping")
    known = {f.name for f in fields(Paths)}
    for key, item in value.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown path {key!r} under 'paths'; known: {', '.join(sorted(known))}")
        if not isinstance(item, str) or not item:
            raise ConfigError(f"{where}: paths.{key} must be a non-empty text")
    return Paths(**value)


def load_config(path: str | Path) -> SiteConfig:
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"{path}: settings file not found")
    return parse_config(path.read_text(encoding="utf-8"), str(path))
