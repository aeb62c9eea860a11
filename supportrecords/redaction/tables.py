"""Delimited tables in a text (a CSV export pasted into a chat): the header of a cell's column."""

from __future__ import annotations

_CSV_DELIMITERS = ",\t;|"
_CSV_HEADER_LINES = 50  # lines above a row read for its table's header
_HEADER_CELL = 30  # characters of a header cell at most


def column_header(text: str, start: int, end: int) -> str | None:
    """The header cell (lower-cased) of the column of text[start:end], where that is a cell of a delimited row
    under a header ("Date,OrderNo,Pair\n2024-02-18,7552151002,PEPEUSDT": "orderno"); None elsewhere. The header is
    the nearest line above with a cell in that column and no digits in it (but the 256 and 512 of a hash's name),
    or a long table's first line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    row = text[line_start : len(text) if line_end == -1 else line_end]
    delimiter = next((d for d in _CSV_DELIMITERS if d in row), None)
    if delimiter is None or line_start == 0:
        return None
    column = text[line_start:start].count(delimiter)
    above = text[max(0, line_start - 100 * _CSV_HEADER_LINES) : line_start - 1].split("\n")[-_CSV_HEADER_LINES:]
    # A long table: its first line (after a blank line, or the text's first), read first.
    blank = text.rfind("\n\n", 0, line_start)
    block = 0 if blank == -1 else blank + 2
    first_line = text[block : text.find("\n", block)]
    if first_line.count(delimiter) == row.count(delimiter):
        above.append(first_line)
    for line in reversed(above):
        cells = line.split(delimiter)
        if len(cells) <= column:
            continue
        cell = cells[column].strip().strip("\"'").lower()
        if not cell or any(c.isdigit() for c in cell.replace("256", "").replace("512", "")) or len(cell) > _HEADER_CELL:
            continue  # a row of data, not the header
        return cell
    return None
