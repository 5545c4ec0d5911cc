# The site's English is British English: "2 November 2026", not "Nov. 2, 2026".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
