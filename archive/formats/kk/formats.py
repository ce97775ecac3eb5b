# Kazakh (Cyrillic): Django has no formats for it and would fall back to the decimal point.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a no-break space
NUMBER_GROUPING = 3
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
SHORT_DATE_FORMAT = "d.m.Y"
