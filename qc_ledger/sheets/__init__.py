"""The spreadsheet round trip: the layout, writing a workbook, reading one back and comparing it with git."""
