"""The list of words news writes in lower case (propscan.actors.common_words)."""

from __future__ import annotations

from pathlib import Path

from propscan.actors.common_words import count_lowercase, lowercase_words, main


def test_only_words_written_in_lower_case_mid_sentence_count() -> None:
    counts = count_lowercase(["Freedom rang. The freedom of it, said Brett's friend-in-law."])
    assert counts["freedom"] == 1  # the sentence's first word is capitalised whatever it is
    assert "brett" not in counts and "friend" not in counts and "s" not in counts


def test_the_packaged_list_holds_words_not_first_names() -> None:
    words = lowercase_words()
    assert {"holy", "deep", "state", "freedom"} <= words
    assert not {"brett", "theresa", "donald"} & words


def test_the_list_is_rebuilt_from_folders(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("It is a holy day. " * 12, encoding="utf-8")
    out = tmp_path / "words.txt"
    main([str(folder), "-o", str(out)])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and lines[1:] == ["day", "holy", "is"]
