"""Reads an XLSX with openpyxl (a real reader, independent of libxlsxwriter) and prints its
sheets as JSON for the Swift tests: per sheet its name, frozen pane, autofilter range, column
widths and every cell's kind (text, number, date, bool, empty), value, number format and boldness.

Usage: /usr/bin/python3 Tests/Tools/xlsx-cells.py FILE.xlsx
"""
import datetime
import json
import sys

import openpyxl


def cell(c):
    value = c.value
    out = {"format": c.number_format, "bold": bool(c.font.b), "type": c.data_type}
    if value is None:
        out["kind"] = "empty"
    elif isinstance(value, datetime.datetime):
        out.update(kind="date", text=value.date().isoformat())
    elif isinstance(value, bool):
        out.update(kind="bool", text=str(value))
    elif isinstance(value, (int, float)):
        out.update(kind="number", number=value)
    else:
        out.update(kind="text", text=str(value))
    return out


# A file object, so that openpyxl does not judge the workbook by its name's extension.
with open(sys.argv[1], "rb") as file:
    book = openpyxl.load_workbook(file)
sheets = []
for sheet in book.worksheets:
    sheets.append({
        "name": sheet.title,
        "freeze": sheet.freeze_panes,
        "filter": sheet.auto_filter.ref,
        "widths": {key: dim.width for key, dim in sheet.column_dimensions.items()},
        "rows": [[cell(c) for c in row] for row in sheet.iter_rows()],
    })
json.dump(sheets, sys.stdout, ensure_ascii=False)
