"""Brand kits: validated on load; every error names the brand file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audit.brand import DEFAULT_BRAND_DIR, load_brand
from audit.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_KIT = ROOT / "examples" / "brands" / "koers-digitaal"


def make_kit(tmp_path: Path, body: str, logo: str | None = "logo.svg") -> Path:
    kit = tmp_path / "kit"
    kit.mkdir()
    if logo:
        (kit / logo).write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    (kit / "brand.yaml").write_text(body, encoding="utf-8")
    return kit


def test_default_brand_is_neutral_and_valid():
    brand = load_brand(None)
    assert brand.root == DEFAULT_BRAND_DIR
    assert brand.logo_path.is_file()
    assert brand.primary.startswith("#") and len(brand.primary) == 7


def test_example_kit_loads_by_folder_or_file():
    by_folder = load_brand(EXAMPLE_KIT)
    by_file = load_brand(EXAMPLE_KIT / "brand.yaml")
    assert by_folder.name == by_file.name == "Koers Digitaal"
    assert by_folder.contact.email
    assert by_folder.footer_text("nl") != by_folder.footer_text("en")
    assert by_folder.logo_data_uri().startswith("data:image/svg+xml;base64,")


def test_short_hex_colours_are_normalised(tmp_path):
    kit = make_kit(tmp_path, "name: A\nlogo: logo.svg\ncolours: {primary: '#AbC', accent: '#112233'}\n")
    assert load_brand(kit).primary == "#aabbcc"


def test_missing_logo_names_file_and_field(tmp_path):
    kit = make_kit(tmp_path, "name: A\nlogo: missing.png\n", logo=None)
    with pytest.raises(InputError) as err:
        load_brand(kit)
    assert err.value.source == str(kit / "brand.yaml")
    assert "logo" in str(err.value) and "missing.png" in str(err.value)


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#12g456", "#fff;}body{x:y", "url(x)"])
def test_bad_colour_names_file_and_field(tmp_path, colour):
    kit = make_kit(tmp_path, f"name: A\nlogo: logo.svg\ncolours: {{primary: '{colour}'}}\n")
    with pytest.raises(InputError) as err:
        load_brand(kit)
    assert str(kit / "brand.yaml") in str(err.value)
    assert "colours.primary" in str(err.value)


@pytest.mark.parametrize("font", ['Lato"; } body { color: red', "Lato;", "a/b", "x" * 80])
def test_font_names_cannot_carry_css(tmp_path, font):
    kit = make_kit(tmp_path, f"name: A\nlogo: logo.svg\nfont: {{family: '{font}'}}\n")
    with pytest.raises(InputError) as err:
        load_brand(kit)
    assert "font.family" in str(err.value)


def test_malformed_yaml_names_file_and_line(tmp_path):
    kit = make_kit(tmp_path, "name: A\nlogo: [logo.svg\n")
    with pytest.raises(InputError) as err:
        load_brand(kit)
    assert str(kit / "brand.yaml") in str(err.value)
    assert "line" in str(err.value) and "YAML" in str(err.value)


def test_unknown_field_and_missing_name(tmp_path):
    kit = make_kit(tmp_path, "logo: logo.svg\ncolour: '#ffffff'\n")
    with pytest.raises(InputError) as err:
        load_brand(kit)
    text = str(err.value)
    assert "name" in text and "colour" in text


def test_logo_must_stay_inside_the_kit(tmp_path):
    (tmp_path / "outside.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    kit = make_kit(tmp_path, "name: A\nlogo: ../outside.svg\n")
    with pytest.raises(InputError) as err:
        load_brand(kit)
    assert "logo" in str(err.value) and "inside" in str(err.value)


def test_logo_must_be_svg_or_png(tmp_path):
    kit = make_kit(tmp_path, "name: A\nlogo: logo.gif\n", logo="logo.gif")
    with pytest.raises(InputError, match="logo"):
        load_brand(kit)


def test_missing_brand_folder(tmp_path):
    with pytest.raises(InputError, match="brand file not found"):
        load_brand(tmp_path / "nope")


def test_copy_of_default_kit_works_elsewhere(tmp_path):
    shutil.copytree(DEFAULT_BRAND_DIR, tmp_path / "mine")
    brand = load_brand(tmp_path / "mine")
    assert brand.root == (tmp_path / "mine").resolve()
