# Dates read YYYY-MM-DD in every language (the centre's convention, and ISO 8601).
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
MONTH_DAY_FORMAT = "m-d"
YEAR_MONTH_FORMAT = "Y-m"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
FIRST_DAY_OF_WEEK = 1
# Amounts grouped by thousands where a page asks for grouping (floatformat "g", intcomma):
# 3,850,000 元, as STYLE.md asks; Django's zh_Hans has no separator (and groups by four).
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
