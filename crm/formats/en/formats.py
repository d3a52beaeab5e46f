# English pages use the same YYYY-MM-DD dates as Chinese ones.
from crm.formats.zh_Hans.formats import *
