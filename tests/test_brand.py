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


# ---------------------------------------------------------------- contrast (WCAG AA)

def test_contrast_ratios_match_wcag():
    from audit.brand import contrast

    assert contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#f2994a", "#ffffff") == pytest.approx(2.23, abs=0.01)


@pytest.mark.parametrize("colour", ["#ffcc33", "#f2994a", "#7cc6f2", "#0e4d64", "#3d8b8b", "#ffffff",
                                    "#000000", "#e8e8e8", "#ff0000", "#00ff00", "#808080"])
def test_text_on_and_in_any_brand_colour_reads_at_aa(colour):
    from audit.brand import PAPER_TINT, contrast, readable_on_paper, text_on

    assert contrast(text_on(colour), colour) >= 4.5
    darker = readable_on_paper(colour)
    assert contrast(darker, "#ffffff") >= 4.5 and contrast(darker, PAPER_TINT) >= 4.5
    if contrast(colour, "#ffffff") >= 4.6:
        assert darker == colour  # a colour that already reads is left as the brand has it


def test_contrast_check_warns_when_a_brand_colour_cannot_carry_text(tmp_path):
    from audit.brand import contrast_check

    light = load_brand(ROOT / "examples" / "brands" / "zonnig-advies")
    warnings, notes = contrast_check(light)
    assert [w.split(" is ")[0] for w in warnings] == ["colours.primary #ffcc33", "colours.accent #7cc6f2"]
    assert "1.5:1 on white" in warnings[0] and "darker #80661a (5.5:1)" in warnings[0]
    assert any("colours.primary #ffcc33: white text on it is only 1.5:1" in n for n in notes)
    dark = make_kit(tmp_path, 'name: Donker\nlogo: logo.svg\n'
                              'colours: {primary: "#0e4d64", accent: "#8a1c1c"}\n')
    assert contrast_check(load_brand(dark)) == ([], [])


def test_report_css_puts_text_on_brand_colours_in_the_contrast_colour():
    """Every rule that paints a brand colour behind text sets the matching text colour."""
    import re

    css = (ROOT / "report_templates" / "css" / "report.css").read_text(encoding="utf-8")
    painted = 0
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for name in ("primary", "accent"):
            if re.search(rf"background:\s*var\(--{name}\)", body):
                painted += 1
                decorative = re.search(r"height:\s*[0-9.]+mm", body) and "color" not in body
                assert decorative or f"color: var(--on-{name})" in body, selector.strip()
    assert painted >= 5
    assert not re.search(r"color:\s*(#fff\b|#ffffff|white)[^;]*;[^}]*background:\s*var", css)


def test_the_default_kit_meets_its_own_contrast_check():
    """The kit used without --brand is the first report anyone sees: no warning about itself."""
    from audit.brand import contrast_check, load_brand

    assert contrast_check(load_brand(None)) == ([], [])
