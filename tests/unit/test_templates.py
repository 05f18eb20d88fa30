"""Session templates load, and a broken one says which file and which field."""

from pathlib import Path

import pytest

from facilitator.core.config import DEFAULT_TEMPLATES_DIR
from facilitator.workshops.session_templates import TemplateError, check_templates, load_template, load_templates


def test_the_adaptive_action_template_has_three_phases_and_the_groups():
    template = load_templates(DEFAULT_TEMPLATES_DIR)["adaptive-action"]
    assert [p.title for p in template.phases] == ["What?", "So what?", "Now what?"]
    assert {g.label for g in template.groups} >= {"Lived experience", "Practitioner", "Commissioner", "Other"}
    assert all(p.prompt and p.minutes for p in template.phases)
    assert template.note_max_chars == 500


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(text)
    return path


VALID_PHASE = '[[phases]]\nkey = "what"\ntitle = "What?"\nprompt = "What do you see?"\n'
VALID_GROUP = '[[groups]]\nkey = "other"\nlabel = "Other"\n'


@pytest.mark.parametrize(
    "text, field",
    [
        ('name = "x"\n' + VALID_GROUP, "phases"),
        ('name = "x"\n[[phases]]\nkey = "what"\ntitle = "What?"\n' + VALID_GROUP, "phases[0].prompt"),
        ('name = "x"\n' + VALID_PHASE + 'minutes = "ten"\n' + VALID_GROUP, "phases[0].minutes"),
        ('name = "x"\n' + VALID_PHASE + VALID_PHASE + VALID_GROUP, "phases[1].key"),
        (VALID_PHASE + VALID_GROUP, "name"),
        ('name = "x"\nnote_max_chars = 5\n' + VALID_PHASE + VALID_GROUP, "note_max_chars"),
        ('name = "x"\ndots_per_person = 0\n' + VALID_PHASE + VALID_GROUP, "dots_per_person"),
        ('name = "x"\ndots_per_person = "three"\n' + VALID_PHASE + VALID_GROUP, "dots_per_person"),
        ('name = "x"\n' + VALID_PHASE + '[[groups]]\nkey = "Bad Key"\nlabel = "x"\n', "groups[0].key"),
        ('name = "x\n', "(file)"),
    ],
)
def test_a_broken_template_names_the_file_and_the_field(tmp_path, text, field):
    path = write(tmp_path, text)
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert caught.value.field == field
    assert str(path) in str(caught.value) and field in str(caught.value)


def test_one_broken_template_does_not_hide_the_good_ones(tmp_path):
    (tmp_path / "good.toml").write_text('name = "Good"\n' + VALID_PHASE + VALID_GROUP)
    write(tmp_path, 'name = "x"\n')
    good, bad = check_templates(tmp_path)
    assert [t.key for t in good] == ["good"]
    assert len(bad) == 1 and bad[0].field == "phases"


def test_phase_titles_and_prompts_can_be_given_in_other_languages():
    template = load_templates(DEFAULT_TEMPLATES_DIR)["adaptive-action"]
    what = template.phases[0]
    assert what.translations["ar"]["title"] == "ماذا؟"
    assert set(what.translations) == {"ar", "fa", "ur", "ckb", "ti", "uk", "pl", "ro"}


@pytest.mark.parametrize(
    "translation, field",
    [
        ('translations.ar = { title = "ماذا؟" }\n', "phases[0].translations.ar.prompt"),
        ('translations.ar = "ماذا؟"\n', "phases[0].translations.ar"),
        ('translations.Arabic = { title = "x", prompt = "y" }\n', "phases[0].translations.Arabic"),
    ],
)
def test_a_broken_phase_translation_names_its_field(tmp_path, translation, field):
    path = write(tmp_path, 'name = "x"\n' + VALID_PHASE + translation + VALID_GROUP)
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert caught.value.field == field
