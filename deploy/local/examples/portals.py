#!/usr/bin/env python3
"""Four portals on loopback for trying the local run from outside (docs/tried-from-outside.md).

  python3 deploy/local/examples/portals.py serve --out /tmp/portals [--port 18181] [--count 40]

serves, on loopback only, four gov.cn-style sites built from REAL notices (gov.cn policy library, 2020, in
../shared/data/real-notices/notices.jsonl), each on its own loopback address (127.0.0.11 … 14, port --port; the
crawler's politeness is per host name, so sites sharing 127.0.0.1 would share one request at a time; --one-address
puts them all on 127.0.0.1, ports --port, --port+1 …):

  govcn       list pages (index.html, index_1.html, ... 10 a page) of N notices, each a TRS metadata table
              (索引号, 主题分类, 发布机构, 成文日期, 标题, 发文字号, 发布日期) above the body
  govcn-nocat the same notices on another host, the 主题分类 cell left out (how the maintainers measure the classifier)
  hostile     a redirect loop, a 12 MiB page (over the 10 MB cap), a gzip bomb (256 MiB of zeros), a page dripping
              one byte a second, a page declared utf-8 whose bytes are GB18030 — then three good notices
  mirror-hant five notices in Traditional characters (ICU4J Hans-Hant from ~/.m2; labels Traditional too)

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
import glob
import gzip
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
import urllib.request
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "../../../../shared/data/real-notices/notices.jsonl"))
PER_PAGE = 10
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
        self.pages = {}  # path -> bytes (utf-8 html)
        self.special = {}  # path -> handler(request)


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

        def do_GET(self):
            path = self.path.split("?")[0]
            if path in site.special:
                site.special[path](self)
            elif path in site.pages:
                self.send(200, site.pages[path])
            else:
                self.send(404, b"not found", "text/plain")

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
    sites, truth = build(notices, lambda i: "http://%s:%d" % address(args, i))
    os.makedirs(args.out, exist_ok=True)
    yml = ["# written by deploy/local/examples/portals.py: four portals on loopback", "gongkai:", "  ingest:",
           "    sites:"]
    lists = {"govcn": "/zhengce/zhengceku/index.html", "govcn-nocat": "/zhengce/zhengceku/index.html",
             "hostile": "/xxgk/index.html", "mirror-hant": "/gate/big5/zhengce/index.html"}
    for i, site in enumerate(sites):
        yml += ["      - id: %s" % site.name, "        name: %s (loopback, portals.py)" % site.name,
                "        list-urls: [ \"http://%s:%d%s\" ]" % (address(args, i) + (lists[site.name],)),
                "        allowed-networks: [ 127.0.0.0/8 ]"]
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
        if site in ("govcn", "hostile", "mirror-hant"):
            wrong = [(t["url"], t["declared"], "%s (%s)" % (docs[t["url"]].get("subjectFirst"),
                                                             docs[t["url"]].get("subjectSource")))
                     for t in found if docs[t["url"]].get("subjectFirst") != t["declared"]
                     or docs[t["url"]].get("subjectSource") != "declared"]
            print("   declared category mapped: %d of %d%s" % (len(found) - len(wrong), len(found),
                                                               "".join("\n     %s %s -> %s" % w for w in wrong)))
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
    serve(args) if args.command == "serve" else evaluate(args)


if __name__ == "__main__":
    main()
