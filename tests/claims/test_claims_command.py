"""The ``claims`` CSV contract: Sentence_id,Text in; Sentence_id,Verdict,Score out; bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from propscan.claims.command import claims_command
from propscan.errors import InputError

GOOD = (
    "Sentence_id,Text,Speaker\n"
    '7,"Over 350,000 people have been killed in Syria.",X\n'
    "8,I think that is wrong.,Y\n"
    '9,"Thank you, Jim.",Z\n'
)


def _claims(*args: object) -> None:
    claims_command.main([str(a) for a in args], standalone_mode=False)


def test_good_csv(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.csv"
    _claims(source, "-o", out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Sentence_id"] for r in rows] == ["7", "8", "9"]
    assert list(rows[0]) == ["Sentence_id", "Verdict", "Score"]
    assert rows[0]["Verdict"] == "1"
    for row in rows:
        assert row["Verdict"] in {"-1", "0", "1"}
        assert 0.0 <= float(row["Score"]) <= 1.0


def test_sentence_ids_cannot_run_as_formulas(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('Sentence_id,Text\n"=1+1",A plain sentence.\n"a\rb",Another one.\n')
    out = tmp_path / "out.csv"
    _claims(source, "-o", out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[0] for r in rows] == ["Sentence_id", "'=1+1", "a\rb"]


BAD = {
    "missing": (None, "no such file"),
    "empty": (b"", "empty"),
    "header only": (b"Sentence_id,Text\n", "no data rows"),
    "missing column": (b"Sentence_id,Words\n1,hello\n", "missing column(s) Text"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "latin-1": ("Sentence_id,Text\n1,café\n".encode("latin-1"), "not UTF-8"),
    "not csv": (b'Sentence_id,Text\n1,"unterminated\n', "not valid CSV"),
    "short row": (b"Sentence_id,Text\n1\n", "too few fields"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_one_line_error_and_no_output(tmp_path: Path, case: str) -> None:
    data, message = BAD[case]
    source = tmp_path / "in.csv"
    if data is not None:
        source.write_bytes(data)
    out = tmp_path / "out.csv"
    with pytest.raises(InputError) as error:
        _claims(source, "-o", out)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ([source.name] if data is not None else [])


def test_registered_cli_exits_1_with_one_line(run: object, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"Sentence_id,Words\n1,hello\n")
    result = run("claims", source, "-o", tmp_path / "out.csv")  # type: ignore[operator]
    assert result.code == 1
    assert result.err.strip().count("\n") == 0
    assert not (tmp_path / "out.csv").exists()


def test_the_model_decides_how_sentences_are_read(tmp_path: Path) -> None:
    from propscan.claims import load_claim_model

    source = tmp_path / "in.csv"
    long = "The budget grew by 3 percent. " * 1700  # a 51,000-character "sentence"
    source.write_text(GOOD + f'10,"{long}"\n', encoding="utf-8")

    def verdicts(*model: str) -> list[tuple[int, float]]:
        out = tmp_path / "out.csv"
        _claims(source, "-o", out, *model)
        with out.open(encoding="utf-8", newline="") as handle:
            return [(int(r["Verdict"]), float(r["Score"])) for r in csv.DictReader(handle)]

    texts = ["Over 350,000 people have been killed in Syria.", "I think that is wrong."]
    texts += ["Thank you, Jim.", long]
    # fast: the linear claim model alone, as it decides debate sentences.
    assert verdicts("-m", "fast") == load_claim_model().predict(texts)
    # The default reads each sentence with the accurate model's encoder too: other scores.
    default = verdicts()
    assert default == verdicts("-m", "accurate")
    assert [s for _, s in default] != [s for _, s in verdicts("-m", "fast")]
    assert default[0][0] == 1 and default[1][0] == -1


def test_an_unknown_model_is_one_line(run: object, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(GOOD, encoding="utf-8")
    result = run("claims", source, "-o", tmp_path / "out.csv", "-m", "huge")  # type: ignore[operator]
    assert result.code == 1 and "unknown model 'huge'" in result.err
    assert result.err.strip().count("\n") == 0
    assert not (tmp_path / "out.csv").exists()


def test_sentences_stream_through_in_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from propscan.claims import command

    source = tmp_path / "in.csv"
    lines = [f'{n},"Taxes rose by {n} percent in {1900 + n % 100}."' for n in range(2500)]
    source.write_text("Sentence_id,Text\n" + "\n".join(lines) + "\n", encoding="utf-8")
    sizes: list[int] = []
    check = command.check_sentences

    def counted(texts: list[str], *args: object) -> list[tuple[int, float]]:
        sizes.append(len(texts))
        return check(texts, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(command, "check_sentences", counted)
    out = tmp_path / "out.csv"
    _claims(source, "-o", out, "-m", "fast")
    assert sizes == [command.CHUNK, command.CHUNK, 2500 - 2 * command.CHUNK]
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Sentence_id"] for r in rows] == [str(n) for n in range(2500)]


def test_a_bad_byte_far_into_the_file_leaves_no_output(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    good = "".join(f"{n},A plain sentence number {n}.\n" for n in range(5000))
    source.write_bytes(b"Sentence_id,Text\n" + good.encode() + b"5000,caf\xe9\n")
    out = tmp_path / "out.csv"
    with pytest.raises(InputError, match="not UTF-8"):
        _claims(source, "-o", out, "-m", "fast")
    assert [p.name for p in tmp_path.iterdir()] == [source.name]


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        _claims(fifo, "-o", tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_the_counts_are_said_on_stderr(run: object, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run("claims", source, "-o", out, "-m", "fast")  # type: ignore[operator]
    assert result.code == 0 and result.out == ""
    with out.open(encoding="utf-8", newline="") as handle:
        verdicts = [r["Verdict"] for r in csv.DictReader(handle)]
    said = f"3 sentences, {verdicts.count('1')} check-worthy, {verdicts.count('0')} unimportant"
    assert result.err.startswith(said) and result.err.strip().endswith(str(out))
