"""Excel and CSV in: one way to read a sheet, check every cell and import it all or nothing.

- ``formats``: reading ``.xlsx`` (formulas seen, not their cached values) and ``.csv`` into a
  dataset that remembers each row's number in the sheet;
- ``cells``: the widgets that turn a cell into a value or one sentence saying why not;
- ``resources``: ``SheetResource``, the base of every importable model (Chinese headers checked,
  one transaction, every bad row listed, idempotent on the natural key, audited);
- ``template``: the blank ``.xlsx`` a user fills in;
- ``kinds``: what ``manage.py import_sheet`` can import, gathered from each app's ``sheets`` module.
"""
