"""Working together through git: pull-request review, the merge driver, forms, code owners, clone setup."""
