"""
Number and date formats for languages Django ships none for (FORMAT_MODULE_PATH): Kazakh writes
a decimal comma and groups thousands with a space, as Russian does.
"""
