#!/usr/bin/env python3
"""Six portals on loopback for trying the local run from outside (docs/tried-from-outside.md).

  python3 deploy/local/examples/portals.py serve --out /tmp/portals [--port 18181] [--count 40]

serves, on loopback only, gov.cn-style sites built from REAL notices (gov.cn policy library, 2020, in
../shared/data/real-notices/notices.jsonl), each on its own loopback address (127.0.0.11 … 14, port --port; the
crawler's politeness is per host name, so sites sharing 127.0.0.1 would share one request at a time; --one-address
puts them all on 127.0.0.1, ports --port, --port+1 …):

  govcn       list pages (index.html, index_1.html, ... 10 a page) of N notices, each a TRS metadata table
              (索引号, 主题分类, 发布机构, 成文日期, 标题, 发文字号, 发布日期) above the body
  govcn-nocat the same notices on another host, the 主题分类 cell left out (how the maintainers measure the classifier)
  hostile     a redirect loop, a 12 MiB page (over the 10 MB cap), a gzip bomb (256 MiB of zeros), a page dripping
              one byte a second, a page declared utf-8 whose bytes are GB18030 — then three good notices
  mirror-hant five notices in Traditional characters (ICU4J Hans-Hant from ~/.m2; labels Traditional too)
  gbk         (127.0.0.15) a provincial portal in GB2312 (bytes GB18030, charset only in <meta>): 12 real Hebei
              notices on two list pages, one with a Word attachment, one without 主题分类, the seed (../shared/seeds)
              as a Big5 mirror page; crawled every 2 minutes (revisit-min 1m) to show conditional GETs
  hostile-more (127.0.0.16) robots.txt disallowing /xxgk/private/ (a notice there), a page answering 500, a page
              answering after 8 s, a page that never ends (chunked), a page declared big5 whose bytes are GB18030,
              a 404 link — then a good notice

Every static page answers conditional GETs (ETag, Last-Modified). Each site also answers /__stats (what the
crawler asked for: "GET /path status" -> count, since the server started) and, on gbk, /__change?path=PATH
(revises the first notice: a new body, new validators) to see a second crawl fetch only what changed.
The real notices and the seed are read from the shared folder beside the repository (../shared); elsewhere set
GONGKAI_SHARED=/path/to/shared.

and writes into --out: sites.yml (the site list for `deploy/local/gongkai start --sites`), truth.json (each page's
URL, site, declared first-level category, title). Stop with Ctrl-C (or kill its pid).

  python3 deploy/local/examples/portals.py evaluate --out /tmp/portals [--es http://127.0.0.1:9200]

reads the indexed notices of every site from Elasticsearch and prints, per site, what is searchable against
truth.json, and for govcn-nocat the predicted first-level category against the declared one: accuracy, macro-F1
(over the declared categories), coverage, and the confusions. For govcn it checks the declared category mapped.

Notes: 索引号 is constructed (the data set has none: 000014349/<year>-<last 5 digits of the content id>); 成文日期 is
the publication date (the set has only that); 发文字号 is taken from the body's first lines where it has one.
Only the Python standard library (and java + icu4j for the mirror).
"""
import argparse
import email.utils
import glob
import gzip
import hashlib
import html
import http.server
import io
import json
import os
import re
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import zipfile
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("GONGKAI_SHARED") or os.path.normpath(os.path.join(HERE, "../../../../shared"))
DATA = os.path.join(SHARED, "data/real-notices/notices.jsonl")
PER_PAGE = 10
STARTED = int(time.time())
SEED = os.path.join(SHARED, "seeds/000_dfb611d724c5a3ca.txt")


def _http_date(value):
    try:
        return int(email.utils.parsedate_to_datetime(value).timestamp())
    except (TypeError, ValueError):
        return -1
DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")

LABELS_HANS = ["索引号", "主题分类", "发布机构", "成文日期", "标题", "发文字号", "发布日期"]


def pick(path, count):
    """Up to `count` gov.cn 2020 notices, spread over the categories: round-robin over the first levels."""
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    rows = [r for r in rows if "gov.cn/zhengce" in (r.get("url") or "") and r.get("published", "").startswith("2020")
            and r.get("publisher")]
    by_cat = defaultdict(list)
    for r in sorted(rows, key=lambda r: r["url"]):
        by_cat[r["subject_raw"].split("\\")[0]].append(r)
    chosen = []
    while len(chosen) < count and any(by_cat.values()):
        for cat in sorted(by_cat):
            if by_cat[cat] and len(chosen) < count:
                chosen.append(by_cat[cat].pop(0))
    return chosen


def fields(r):
    m = re.search(r"content_(\d+)", r["url"])
    cid = m.group(1) if m else "0"
    doc = DOC_NO.search(r["body"][:400])
    return {
        "索引号": "000014349/%s-%s" % (r["published"][:4], cid[-5:]),
        "主题分类": r["subject_raw"],
        "发布机构": r.get("publisher", ""),
        "成文日期": r["published"],
        "标题": r["title"],
        "发文字号": doc.group(0) if doc else "",
        "发布日期": r["published"],
    }


def path_of(r):
    m = re.search(r"/(\d{4}-\d{2}/\d{2}/content_\d+\.htm)$", r["url"])
    return "/zhengce/zhengceku/" + (m.group(1) if m else "x/content_%d.htm" % abs(hash(r["url"])))


def notice_page(r, with_category=True):
    f = fields(r)
    cells = []
    for label in LABELS_HANS:
        if label == "主题分类" and not with_category:
            continue
        cells.append("<tr><td class=\"t\"><b>%s：</b></td><td>%s</td></tr>" % (label, html.escape(f[label])))
    paras = "\n".join("<p>%s</p>" % html.escape(p) for p in r["body"].split("\n") if p.strip())
    title = html.escape(r["title"])
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s_中国政府网</title>"
            "<meta name=\"ArticleTitle\" content=\"%s\"></head><body>\n"
            "<div class=\"policyLibraryOverview_header\"><table class=\"bd1\">\n%s\n</table></div>\n"
            "<div class=\"article\"><h1>%s</h1><div id=\"UCAP-CONTENT\" class=\"pages_content\">\n%s\n</div></div>\n"
            "</body></html>\n") % (title, title, "\n".join(cells), title, paras)


def list_pages(links, base="/zhengce/zhengceku/"):
    """gov.cn-style paging: index.html, index_1.html, ... with a createPageHTML call and a next link."""
    pages = {}
    chunks = [links[i:i + PER_PAGE] for i in range(0, len(links), PER_PAGE)] or [[]]
    for n, chunk in enumerate(chunks):
        name = "index.html" if n == 0 else "index_%d.html" % n
        items = "\n".join("<li><a href=\"%s\">%s</a><span>%s</span></li>" % (href, html.escape(text), date)
                          for href, text, date in chunk)
        nxt = "<a href=\"index_%d.html\">下一页</a>" % (n + 1) if n + 1 < len(chunks) else ""
        pages[base + name] = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政策文件库</title></head><body>"
                              "<ul class=\"list\">\n%s\n</ul><div class=\"page\">%s"
                              "<script>createPageHTML(%d, %d, \"index\", \"html\");</script></div></body></html>"
                              % (items, nxt, len(chunks), n)).encode("utf-8")
    return pages


def traditional(texts):
    """Simplified -> Traditional with ICU4J's Hans-Hant transliterator (the jar the build fetched into ~/.m2)."""
    jars = sorted(glob.glob(os.path.expanduser("~/.m2/repository/com/ibm/icu/icu4j/*/icu4j-*.jar")))
    if not jars:
        sys.exit("icu4j not in ~/.m2: build the project first (./mvnw -DskipTests package)")
    src = ("import java.nio.charset.StandardCharsets;import java.io.*;"
           "public class T{public static void main(String[] a)throws Exception{"
           "var t=com.ibm.icu.text.Transliterator.getInstance(\"Hans-Hant\");"
           "var in=new String(System.in.readAllBytes(),StandardCharsets.UTF_8);"
           "System.out.write(t.transliterate(in).getBytes(StandardCharsets.UTF_8));System.out.flush();}}")
    with tempfile.TemporaryDirectory() as tmp:
        java = os.path.join(tmp, "T.java")
        open(java, "w").write(src)
        sep = "\u0001"
        out = subprocess.run(["java", "-cp", jars[-1], java], input=sep.join(texts).encode("utf-8"),
                             capture_output=True, check=True).stdout.decode("utf-8")
    return out.split(sep)


class Site:
    def __init__(self, name):
        self.name = name
        self.pages = {}  # path -> bytes (html, utf-8 unless the site encodes otherwise)
        self.special = {}  # path -> handler(request)
        self.ctype = {}  # path -> Content-Type of a static page (default text/html; charset=utf-8)
        self.modified = {}  # path -> Last-Modified (epoch seconds) of a static page; default: the server's start
        self.requests = Counter()  # "GET /path 200" -> count (read at /__stats)
        self.robots = None  # robots.txt body, or None for 404
        self.change = {}  # path -> function(bytes) -> bytes, applied by /__change?path=...


def build(notices, base_of):
    truth = []
    govcn, nocat, hostile, mirror = Site("govcn"), Site("govcn-nocat"), Site("hostile"), Site("mirror-hant")
    links = []
    for r in notices:
        p = path_of(r)
        govcn.pages[p] = notice_page(r, True).encode("utf-8")
        nocat.pages[p] = notice_page(r, False).encode("utf-8")
        links.append((p, r["title"], r["published"]))
        for site, off in ((govcn, 0), (nocat, 1)):
            truth.append({"site": site.name, "url": "%s%s" % (base_of(off), p), "title": r["title"],
                          "declared": r["subject_raw"].split("\\")[0], "declaredRaw": r["subject_raw"]})
    for site in (govcn, nocat):
        site.pages.update(list_pages(links))

    # hostile: five faulty pages listed first, then three good notices (not among the 40)
    rest = [r for r in pick(DATA, 400) if r not in notices]
    good, liar = rest[:3], rest[3]
    base = "/xxgk/"
    hlinks = [(base + "loop-a.html", "重定向循环", "2020-12-01"), (base + "big.html", "超大页面", "2020-12-01"),
              (base + "bomb.html", "压缩炸弹", "2020-12-01"), (base + "drip.html", "每秒一个字节", "2020-12-01"),
              (base + "liar.html", liar["title"], liar["published"])]
    hostile.special[base + "loop-a.html"] = lambda h: h.redirect(base + "loop-b.html")
    hostile.special[base + "loop-b.html"] = lambda h: h.redirect(base + "loop-a.html")
    big_head = notice_page(good[0], True).encode("utf-8").split(b"</body>")[0]
    filler = ("<p>" + good[0]["body"].replace("\n", "") + "</p>\n").encode("utf-8")
    big = big_head + filler * (12 * 1024 * 1024 // len(filler) + 1) + b"</body></html>"
    hostile.special[base + "big.html"] = lambda h: h.send(200, big)
    bomb = io.BytesIO()
    with gzip.GzipFile(fileobj=bomb, mode="wb", compresslevel=9) as z:
        chunk = b"\0" * (1 << 20)
        for _ in range(256):
            z.write(chunk)
    bomb = bomb.getvalue()
    hostile.special[base + "bomb.html"] = lambda h: h.send(200, bomb, extra={"Content-Encoding": "gzip"})
    hostile.special[base + "drip.html"] = lambda h: h.drip(notice_page(good[0], True).encode("utf-8"))
    liar_bytes = notice_page(liar, True).replace("<meta charset=\"utf-8\">", "").encode("gb18030")
    hostile.special[base + "liar.html"] = lambda h: h.send(200, liar_bytes, ctype="text/html; charset=utf-8")
    truth.append({"site": "hostile", "url": "%s%sliar.html" % (base_of(2), base), "title": liar["title"],
                  "declared": liar["subject_raw"].split("\\")[0], "declaredRaw": liar["subject_raw"]})
    for i, r in enumerate(good):
        p = base + "good-%d.html" % i
        hostile.pages[p] = notice_page(r, True).encode("utf-8")
        hlinks.append((p, r["title"], r["published"]))
        truth.append({"site": "hostile", "url": "%s%s" % (base_of(2), p), "title": r["title"],
                      "declared": r["subject_raw"].split("\\")[0], "declaredRaw": r["subject_raw"]})
    hostile.pages.update(list_pages(hlinks, base))

    # mirror: five notices, titles with 复/发/干/后 first (characters with several Traditional forms)
    tricky = sorted(notices, key=lambda r: -sum(r["title"].count(c) for c in "复发干后台面里"))[:5]
    converted = iter(traditional([x for r in tricky for x in (r["title"], notice_page(r, True))]))
    mlinks = []
    for r in tricky:
        title_t, page = next(converted), next(converted)  # the whole page, labels included (索引號, 主題分類 …)
        p = path_of(r).replace("/zhengce/zhengceku/", "/gate/big5/zhengce/")
        mirror.pages[p] = page.encode("utf-8")
        mlinks.append((p, title_t, r["published"]))
        truth.append({"site": "mirror-hant", "url": "%s%s" % (base_of(3), p), "title": r["title"],
                      "titleHant": title_t, "declared": r["subject_raw"].split("\\")[0],
                      "declaredRaw": r["subject_raw"]})
    mirror.pages.update(list_pages(mlinks, "/gate/big5/zhengce/"))
    return [govcn, nocat, hostile, mirror], truth


def docx(paragraphs):
    """A minimal Word document (OOXML: content types, package relationship, document part) with these paragraphs."""
    body = "".join("<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % html.escape(p) for p in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   '<w:body>%s</w:body></w:document>' % body)
    return out.getvalue()


def hebei_fields(r, i):
    doc = DOC_NO.search(r["body"][:400])
    return {"索引号": "000013348/%s-%05d" % (r["published"][:4], 100 + i), "主题分类": r["subject_raw"],
            "发布机构": "河北省人民政府办公厅", "成文日期": r["published"], "标题": r["title"],
            "发文字号": doc.group(0) if doc else "", "发布日期": r["published"]}


def legacy_page(f, body_paras, charset, extra="", with_category=True):
    """A notice page as a provincial portal serves it: GB2312/Big5 declared in <meta http-equiv>, the metadata
    table, the body; `f` maps labels to values (in label order)."""
    cells = "\n".join("<tr><td class=\"t\"><b>%s：</b></td><td>%s</td></tr>" % (html.escape(k), html.escape(v))
                      for k, v in f.items() if with_category or k not in ("主题分类", "主題分類"))
    paras = "\n".join("<p>%s</p>" % html.escape(p) for p in body_paras if p.strip())
    title = html.escape(f.get("标题") or f.get("標題") or "")
    return ("<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\">"
            "<title>%s</title></head><body>\n<table class=\"xxgk_table\">\n%s\n</table>\n"
            "<div class=\"article\"><h1>%s</h1><div class=\"TRS_Editor\">\n%s\n%s</div></div>\n</body></html>\n"
            ) % (charset, title, cells, title, paras, extra)


def seed_page():
    """The seed (a Traditional-character 东湖区 notice as a crawl saw it, `label: | value |` rows, then the body)
    rendered back as its portal's Big5 mirror page: the rows as a table, the rest as paragraphs."""
    lines = open(SEED, encoding="utf-8").read().split("\n")
    meta, body = {}, []
    for line in lines:
        if line.count("|") >= 2 and not body:
            cells = [c.strip() for c in line.split("|") if c.strip()]
            label = None
            for c in cells:  # a label ends with a colon; a label straight after a label had an empty value
                if c.endswith((":", "：")):
                    if label:
                        meta[label] = ""
                    label = c.rstrip(":：")
                elif label:
                    meta[label], label = c, None
            if label:
                meta[label] = ""
        else:
            body.append(line)
    return meta, body


def build_more(base_of, used):
    """Two more sites (session 8): `gbk`, a GB2312-declared provincial portal (real Hebei notices; paging; an
    attachment; a page without 主题分类; the seed as a Big5 mirror page; a page /__change revises) whose pages
    answer conditional GETs, and `hostile-more` (robots.txt disallow, a 500, a slow page, an endless page, a
    wrong charset declaration, a 404), then two good notices."""
    truth = []
    gbk, more = Site("gbk"), Site("hostile-more")
    rows = [json.loads(line) for line in open(DATA, encoding="utf-8")]
    hebei = sorted([r for r in rows if "河北" in (r.get("source_path") or "") and len(r["body"]) > 300],
                   key=lambda r: r["published"], reverse=True)[:12]
    base, links = "/xxgk/", []
    for i, r in enumerate(hebei):
        f = hebei_fields(r, i)
        p = base + "%s/t%s_%03d.html" % (r["published"][:7].replace("-", ""), r["published"].replace("-", ""), i)
        extra, declared = "", r["subject_raw"]
        if i == 1:  # an attachment: a Word file with the notice's last paragraphs
            tail = [x for x in r["body"].split("\n") if x.strip()][-3:]
            gbk.pages[base + "att/fujian-1.docx"] = docx(["附件：" + r["title"]] + tail)
            gbk.ctype[base + "att/fujian-1.docx"] = ("application/vnd.openxmlformats-officedocument."
                                                    "wordprocessingml.document")
            extra = "<p>附件：<a href=\"/xxgk/att/fujian-1.docx\">%s.docx</a></p>" % html.escape(r["title"][:20])
        page = legacy_page(f, r["body"].split("\n"), "gb2312", extra, with_category=(i != 2))
        gbk.pages[p] = page.encode("gb18030")  # what GB2312-declared portals really send
        gbk.ctype[p] = "text/html"  # no charset in the header: the <meta> decides
        if i == 0:  # revisable: /__change?path=... appends a correction and gives it new validators
            gbk.change[p] = lambda b: b.replace(b"</div></div>", "<p>（本文已修订）</p></div></div>".encode("gb18030"))
        links.append((p, r["title"], r["published"]))
        truth.append({"site": "gbk", "url": base_of(4) + p, "title": r["title"],
                      "declared": declared.split("\\")[0] if i != 2 else None, "declaredRaw": declared,
                      "attachment": i == 1, "noCategory": i == 2, "changeable": i == 0})
    meta, body = seed_page()
    title = "東湖區召開2023年退役軍人事務工作領導小組全體會議"  # the seed has no title line: the notice's own title
    sp = "/gate/big5/xxgk/dhq-2023-0013.html"
    f = dict(meta)
    f["標題"] = title
    gbk.pages[sp] = legacy_page(f, body, "big5").encode("big5", errors="xmlcharrefreplace")
    gbk.ctype[sp] = "text/html"
    links.insert(0, (sp, title, "2023-08-03"))
    truth.append({"site": "gbk", "url": base_of(4) + sp, "title": title, "declared": "综合政务", "seed": True})
    for path, data in list_pages(links, base).items():  # list pages in GB2312 too
        gbk.pages[path] = data.decode("utf-8").replace("charset=\"utf-8\"", "charset=\"gb2312\"").encode("gb18030")
        gbk.ctype[path] = "text/html"

    # hostile-more: the faulty pages first, then two good notices (gov.cn, not among the other sites')
    good = [r for r in pick(DATA, 400) if r not in used][4:8]
    hb = "/xxgk/"
    more.robots = "User-agent: *\nDisallow: /xxgk/private/\n"
    hlinks = [(hb + "private/secret.html", "不许抓取", "2020-12-02"), (hb + "err500.html", "服务器错误", "2020-12-02"),
              (hb + "slow.html", good[0]["title"], good[0]["published"]),
              (hb + "endless.html", "永不结束", "2020-12-02"), (hb + "big5-liar.html", good[1]["title"],
                                                             good[1]["published"]),
              (hb + "missing.html", "不存在", "2020-12-02")]
    more.pages[hb + "private/secret.html"] = notice_page(good[3], True).encode("utf-8")
    more.special[hb + "err500.html"] = lambda h: h.send(500, b"internal error", "text/plain")
    slow = notice_page(good[0], True).encode("utf-8")
    more.special[hb + "slow.html"] = lambda h: (time.sleep(8), h.send(200, slow))
    more.special[hb + "endless.html"] = lambda h: h.endless(notice_page(good[0], True).split("</body>")[0])
    liar = notice_page(good[1], True).replace("<meta charset=\"utf-8\">", "").encode("gb18030")
    more.special[hb + "big5-liar.html"] = lambda h: h.send(200, liar, ctype="text/html; charset=big5")
    truth.append({"site": "hostile-more", "url": base_of(5) + hb + "slow.html", "title": good[0]["title"],
                  "declared": good[0]["subject_raw"].split("\\")[0]})
    truth.append({"site": "hostile-more", "url": base_of(5) + hb + "big5-liar.html", "title": good[1]["title"],
                  "declared": good[1]["subject_raw"].split("\\")[0]})
    for i, r in enumerate(good[2:3]):
        p = hb + "good-%d.html" % i
        more.pages[p] = notice_page(r, True).encode("utf-8")
        hlinks.append((p, r["title"], r["published"]))
        truth.append({"site": "hostile-more", "url": base_of(5) + p, "title": r["title"],
                      "declared": r["subject_raw"].split("\\")[0]})
    more.pages.update(list_pages(hlinks, hb))
    return [gbk, more], truth


def handler_for(site):
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            sys.stderr.write("[%s] %s\n" % (site.name, fmt % args))

        def send(self, status, body, ctype="text/html; charset=utf-8", extra=None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def redirect(self, to):
            self.send_response(302)
            self.send_header("Location", to)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def drip(self, body):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(min(len(body), 600)):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass  # the client gave up
            self.close_connection = True

        def send_response(self, code, message=None):
            site.requests["%s %s %d" % (self.command, self.path.split("?")[0], code)] += 1
            super().send_response(code, message)

        def static(self, path):
            """A static page with validators (ETag, Last-Modified); a conditional GET that matches gets 304."""
            body = site.pages[path]
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
            modified = site.modified.get(path, STARTED)
            last_modified = email.utils.formatdate(modified, usegmt=True)
            inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            fresh = (inm is not None and etag in [t.strip() for t in inm.split(",")]) or (
                inm is None and ims is not None and _http_date(ims) >= int(modified))
            validators = {"ETag": etag, "Last-Modified": last_modified}
            if fresh:
                self.send_response(304)
                for k, v in validators.items():
                    self.send_header(k, v)
                self.end_headers()
            else:
                self.send(200, body, site.ctype.get(path, "text/html; charset=utf-8"), validators)

        def do_GET(self):
            path = self.path.split("?")[0]
            if path == "/__stats":  # what the crawler asked for: "GET /path status" -> count
                self.send(200, json.dumps(site.requests, ensure_ascii=False, indent=1).encode(), "application/json")
            elif path == "/__change" and "path=" in self.path:  # revise a page (new body, new validators)
                target = urllib.parse.unquote(self.path.split("path=", 1)[1])
                if target not in site.change:
                    return self.send(404, b"no such changeable page", "text/plain")
                site.pages[target] = site.change[target](site.pages[target])
                site.modified[target] = time.time()
                self.send(200, b"changed " + target.encode(), "text/plain")
            elif path == "/robots.txt" and site.robots is not None:
                self.send(200, site.robots.encode(), "text/plain")
            elif path in site.special:
                site.special[path](self)
            elif path in site.pages:
                self.static(path)
            else:
                self.send(404, b"not found", "text/plain")

        def endless(self, head):
            """A page that never ends: chunked, a paragraph every 50 ms, until the client gives up (bounded: 120 s)."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            para = ("<p>" + "无尽的段落。" * 200 + "</p>\n").encode("utf-8")
            deadline = time.time() + 120
            try:
                for data in [head.encode("utf-8")] + [para] * 1000000:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
                    if time.time() > deadline:
                        break
                    time.sleep(0.05)
            except OSError:
                pass  # the client gave up
            self.close_connection = True

        do_HEAD = do_GET

    return H


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def address(args, i):
    """Site i's (host, port): its own loopback address (127.0.0.11, .12, ...) on --port, as distinct portals have
    distinct host names; with --one-address all on 127.0.0.1, ports --port, --port+1, ... The crawler's politeness
    (one request at a time, min-delay) is per host NAME, port aside: sites on one address share it."""
    return ("127.0.0.1", args.port + i) if args.one_address else ("127.0.0.%d" % (11 + i), args.port)


def serve(args):
    notices = pick(args.data, args.count)
    base_of = lambda i: "http://%s:%d" % address(args, i)
    sites, truth = build(notices, base_of)
    more, more_truth = build_more(base_of, notices)
    sites, truth = sites + more, truth + more_truth
    os.makedirs(args.out, exist_ok=True)
    yml = ["# written by deploy/local/examples/portals.py: six portals on loopback", "gongkai:", "  ingest:",
           "    sites:"]
    lists = {"govcn": "/zhengce/zhengceku/index.html", "govcn-nocat": "/zhengce/zhengceku/index.html",
             "hostile": "/xxgk/index.html", "mirror-hant": "/gate/big5/zhengce/index.html",
             "gbk": "/xxgk/index.html", "hostile-more": "/xxgk/index.html"}
    for i, site in enumerate(sites):
        yml += ["      - id: %s" % site.name, "        name: %s (loopback, portals.py)" % site.name,
                "        list-urls: [ \"http://%s:%d%s\" ]" % (address(args, i) + (lists[site.name],)),
                "        allowed-networks: [ 127.0.0.0/8 ]"]
        if site.name == "gbk":  # revisited often, so a second crawl shows what is fetched again (conditional GETs)
            yml += ["        schedule: 2m", "        revisit-min: 1m", "        revisit-max: 2m"]
    open(os.path.join(args.out, "sites.yml"), "w").write("\n".join(yml) + "\n")
    json.dump(truth, open(os.path.join(args.out, "truth.json"), "w"), ensure_ascii=False, indent=1)
    servers = []
    for i, site in enumerate(sites):
        srv = Server(address(args, i), handler_for(site))
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        print("%-12s http://%s:%d%s" % (site.name, *address(args, i), lists[site.name]), flush=True)
    print("site list: %s/sites.yml  truth: %s/truth.json" % (args.out, args.out), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


def es_docs(es, site):
    q = {"size": 500, "query": {"term": {"siteId": site}}}
    req = urllib.request.Request(es + "/notices/_search", json.dumps(q).encode(), {"Content-Type": "application/json"})
    hits = json.load(urllib.request.urlopen(req))["hits"]["hits"]
    return [h["_source"] for h in hits]


def evaluate(args):
    truth = json.load(open(os.path.join(args.out, "truth.json")))
    by_site = defaultdict(list)
    for t in truth:
        by_site[t["site"]].append(t)
    for site, rows in sorted(by_site.items()):
        docs = {d.get("url"): d for d in es_docs(args.es, site)}
        found = [t for t in rows if t["url"] in docs]
        print("%-12s %d of %d expected notices indexed (%d documents for the site)" % (site, len(found), len(rows),
                                                                                      len(docs)))
        for t in rows:
            if t["url"] not in docs:
                print("   missing: %s %s" % (t["url"], t["title"]))
        for url, d in sorted(docs.items()):
            if url not in {t["url"] for t in rows}:
                print("   also indexed: %s %s flags=%s body=%d chars" % (url, d.get("title"), d.get("flags"),
                                                                      len(d.get("body") or "")))
        if site == "govcn-nocat":
            metrics(found, docs)
        if site in ("govcn", "hostile", "mirror-hant", "gbk", "hostile-more"):
            declared = [t for t in found if t.get("declared")]  # gbk's page without 主题分类 has none
            wrong = [(t["url"], t["declared"], "%s (%s)" % (docs[t["url"]].get("subjectFirst"),
                                                             docs[t["url"]].get("subjectSource")))
                     for t in declared if docs[t["url"]].get("subjectFirst") != t["declared"]
                     or docs[t["url"]].get("subjectSource") != "declared"]
            print("   declared category mapped: %d of %d%s" % (len(declared) - len(wrong), len(declared),
                                                               "".join("\n     %s %s -> %s" % w for w in wrong)))
        for t in found:
            d = docs[t["url"]]
            if t.get("attachment"):
                for a in d.get("attachments") or []:
                    print("   attachment %s: %s" % (a.get("name"), "error " + a["error"] if a.get("error") else
                                                     "%d characters of text" % len(a.get("text") or "")))
            if t.get("noCategory"):
                print("   no 主题分类 on the page: subject %s (%s)" % (d.get("subjectFirst"), d.get("subjectSource")))
        if site == "mirror-hant":
            for t in found:
                got = docs[t["url"]].get("title")
                print("   title %s: %s%s" % ("==" if got == t["title"] else "!=", got,
                                             "" if got == t["title"] else "  (original %s)" % t["title"]))


def metrics(found, docs):
    pairs = []
    for t in found:
        doc = docs[t["url"]]  # no declared category on the page: subjectFirst is the prediction, or null
        pred = doc.get("subjectFirst") if doc.get("subjectSource") == "predicted" else None
        if doc.get("subjectSource") == "declared":
            print("   declared?! %s" % t["url"])
        pairs.append((t["declared"], pred))
    n = len(pairs)
    if not n:
        return
    covered = [p for p in pairs if p[1]]
    acc = sum(1 for d, p in pairs if d == p) / n
    labels = sorted({d for d, _ in pairs})
    f1s = []
    for c in labels:
        tp = sum(1 for d, p in pairs if d == c and p == c)
        fp = sum(1 for d, p in pairs if d != c and p == c)
        fn = sum(1 for d, p in pairs if d == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    print("   predicted first level vs declared (%d notices, %d categories): accuracy %.2f, macro-F1 %.2f, "
          "coverage %.2f (%d unclassified)" % (n, len(labels), acc, sum(f1s) / len(f1s), len(covered) / n,
                                                 n - len(covered)))
    for (d, p), k in Counter(pairs).most_common():
        if d != p:
            print("     %d x declared %s -> predicted %s" % (k, d, p))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["serve", "evaluate"])
    ap.add_argument("--out", default="/tmp/gongkai-portals")
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--port", type=int, default=18181)
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--one-address", action="store_true", help="all sites on 127.0.0.1 (ports --port, --port+1 …)")
    ap.add_argument("--es", default="http://127.0.0.1:9200")
    args = ap.parse_args()
    for need in (args.data, SEED):
        if args.command == "serve" and not os.path.isfile(need):
            sys.exit("%s not found: the real notices and the seed are in the project's shared folder, ../shared beside "
                     "the repository; elsewhere set GONGKAI_SHARED=/path/to/shared (or --data for the notices)" % need)
    serve(args) if args.command == "serve" else evaluate(args)


if __name__ == "__main__":
    main()
