"""The sheets' fast QR encoding (frontdesk/documents/qr.py) against the `qrcode` package itself."""

from __future__ import annotations

from tests.documents.qr_helpers import qr_matrix, reference_matrix


def test_the_fast_encoding_gives_the_modules_qrcode_itself_makes() -> None:
    texts = ["a", "12345", "HELLO WORLD 42", "x" * 500, "日本語テキスト" * 20, "0123456789" * 60,
             "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Visit at Clínica Núñez\r\nEND:VCALENDAR\r\n" * 3]
    for text in texts:
        assert qr_matrix(text) == reference_matrix(text), text[:20]


def test_other_borders_and_masks_match_too() -> None:
    for mask in range(8):
        assert qr_matrix("mask test 123", border=4, mask_pattern=mask) == reference_matrix(
            "mask test 123", border=4, mask_pattern=mask)


def test_every_size_from_version_1_to_20_matches() -> None:
    sizes = set()
    for length in range(1, 800, 23):
        text = ("Visit 8:45 AM, Clínica · " * 40)[:length]
        matrix = qr_matrix(text)
        assert matrix == reference_matrix(text), length
        sizes.add(len(matrix))
    assert len(sizes) >= 15


def test_mixed_text_split_into_modes_as_qrcode_does() -> None:
    """Long runs of capitals and digits go in qrcode's alphanumeric mode (its `add_data` optimises chunks)."""
    event = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:appointment-7@frontdesk\r\n"
             "DTSTART:20261201T144500Z\r\nDTEND:20261201T162500Z\r\nSUMMARY:Visit at Blue Ridge\r\n"
             "END:VEVENT\r\nEND:VCALENDAR\r\n")
    for text in (event, event * 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 lower case after"):
        assert qr_matrix(text) == reference_matrix(text)
