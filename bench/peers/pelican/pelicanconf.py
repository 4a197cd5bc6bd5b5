# Pelican settings for the benchmark corpus: localities as categories, officials and directives as tags.
AUTHOR = "bench"
SITENAME = "Công tác tổ chức xây dựng Đảng — benchmark"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
# A few generated reports carry no day; Pelican needs one to sort them.
DEFAULT_DATE = (2015, 1, 1)
RELATIVE_URLS = True
# Every run is a cold build.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
DEFAULT_PAGINATION = False
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
