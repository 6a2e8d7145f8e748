"""A plan document read into a ledger's structure: lines, numbering, units, deadlines, fidelity.

Pure text analysis: nothing here writes files, prints or exits. May import domain, store and edit;
`docxfile` is the one module that reads Word files.
"""
