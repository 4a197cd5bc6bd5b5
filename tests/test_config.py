import pytest

from edition.config import ConfigError, parse_config


def test_defaults_and_values():
    config = parse_config("title: Ấn bản\nlanguage: en\nbase_url: https://x.github.io/r\n")
    assert config.title == "Ấn bản" and config.language == "en"
    assert config.absolute_base == "https://x.github.io/r/"
    assert config.paths.content == "content"


@pytest.mark.parametrize("text, line, words", [
    ("title: x\ncolour: red\n", 2, "unknown setting 'colour'"),
    ("title: [a, b]\n", 1, "'title' must be text"),
    ("language: fr\n", 1, "language must be one of"),
    ("base_url: /relative/\n", 1, "absolute"),
    ("paths:\n  output: 3\n", 1, "paths.output"),
    ("title: x\n  bad: : indent\n", 2, "not valid YAML"),
])
def test_errors_name_file_and_line(text, line, words):
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "site.yaml")
    assert f"site.yaml:{line}:" in str(caught.value)
    assert words in str(caught.value)
