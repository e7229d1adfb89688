#!/usr/bin/env python3
"""Session 12's trial portals (docs/tried-from-outside.md, "Session 12"). Loopback only: 127.0.0.31-32.

  hb-old  (127.0.0.31) 24 REAL Hebei notices of 2003-2012 (../shared/data/real-notices, gerry0208 set; earlier trials
          used the 2023-24 ones), found mostly through feeds: the list page links 4, sitemap.xml 16 (4 of them
          plain-text .txt pages with `label：value` lines), rss.xml the last 4. HTML pages carry the metadata as a
          <dl><dt>label</dt><dd>value</dd> list; 成文日期 in Chinese numerals (二〇〇四年三月五日) where the body ends so.
  flaky   (127.0.0.32) a misbehaving portal: the list page answers 503 once; three notices answer 503 (Retry-After: 1)
          twice each, then 200 (a 5xx burst); one 429 with Retry-After: 3 once; a body sent with Content-Encoding: gzip
          that is not gzip; a UTF-8 notice with three broken byte sequences (charset in the header and
          <meta>; the same bytes again with it only in <meta>); a body shorter than its Content-Length;
          a 301 to a notice on the other host; a notice whose body is 8 MB of distinct real text (under the 10 MB cap); a notice
          whose 发布机构 cell swallows 40 KB (an unclosed cell); impossible dates (2020-02-30, 2020年13月01日); a page
          whose headers come after 4 s and whose body trickles for 12 s; a notice inside 5,000 nested <div>s; an
          empty 200; and one plain good notice.

Usage: python3 portals_s12.py [OUT]   writes OUT/sites.yml, OUT/truth.json, OUT/requests.log; Ctrl-C stops.
The data is read from ../shared beside the repository, or GONGKAI_SHARED=/path/to/shared."""
import gzip, html, json, os, re, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

PORT = int(os.environ.get('PORTALS_PORT', '18381'))
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/portals-s12'
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('GONGKAI_SHARED', os.path.join(HERE, '../../../../shared'))
DATA = os.path.join(SHARED, 'data/real-notices/notices.jsonl')
if not os.path.exists(DATA):
    sys.exit(f'no real notices at {DATA}: set GONGKAI_SHARED=/path/to/shared')
os.makedirs(OUT, exist_ok=True)
rows = [json.loads(l) for l in open(DATA, encoding='utf-8')]
old = sorted((r for r in rows if r['source_repo'].startswith('gerry') and r['published'] < '2013'
              and 100 < len(r['body']) < 20000), key=lambda r: r['title'])[:24]
gov = [r for r in rows if 'gov.cn/zhengce' in (r.get('url') or '') and r.get('publisher')]
A, B = '127.0.0.31', '127.0.0.32'
pages = {}  # (host, path) -> (status, content-type, bytes, extra headers)
truth = []
log = open(f'{OUT}/requests.log', 'a', buffering=1)
STOP = threading.Event()
hits = {}
CN = dict(zip('〇○O0零一二三四五六七八九', '00000123456789'))


def cn_written(body):
    """The Chinese-numeral date a body ends with (二〇〇四年三月五日) as ISO, else None."""
    m = re.findall(r'([二〇○O零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日', body)
    if not m:
        return None
    y, mo, d = m[-1]

    def num(s):
        if '十' in s:
            a, _, b = s.partition('十')
            return (int(CN.get(a, 1)) if a else 1) * 10 + (int(CN[b]) if b else 0)
        return int(CN[s])
    return '%s-%02d-%02d' % (''.join(CN.get(c, '0') for c in y), num(mo), num(d))


def put(host, path, body, ctype='text/html; charset=utf-8', status=200, headers=None):
    pages[(host, path)] = (status, ctype, body.encode('utf-8') if isinstance(body, str) else body, headers or {})


def paras(body):
    return ''.join(f'<p>{html.escape(p.strip())}</p>\n' for p in re.split(r'\n|\u3000\u3000', body) if p.strip())


def dl_page(r, fields, extra=''):
    dd = ''.join(f'<dt>{k}：</dt><dd>{html.escape(v)}</dd>' for k, v in fields.items() if v)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(r["title"])}</title></head><body>'
            f'<div class="crumb">首页 &gt; 信息公开 &gt; 文件</div><dl class="xxgk">{dd}</dl>'
            f'<h1>{html.escape(r["title"])}</h1><div class="content">{paras(r["body"])}</div>{extra}'
            '<div class="foot">河北省人民政府办公厅主办</div></body></html>')


def old_fields(r, i):
    return {'索引号': f'000014348/{r["published"][:4]}-{i:05d}', '主题分类': r['subject_raw'],
            '发布机构': '河北省人民政府办公厅', '成文日期': cn_written(r['body']) or '', '标题': r['title'],
            '发布日期': r['published']}


# --- hb-old: list page (4 links), sitemap.xml (16, four .txt), rss.xml (4)
urls = []
for i, r in enumerate(old):
    f = old_fields(r, i)
    if 8 <= i < 12:
        path = f'/xxgk/txt/{i:03d}.txt'
        text = ''.join(f'{k}：{v}\n' for k, v in f.items() if v) + '\n' + '\n'.join(
            p.strip() for p in re.split(r'\n|\u3000\u3000', r['body']) if p.strip()) + '\n'
        put(A, path, text, 'text/plain; charset=utf-8')
    else:
        path = f'/xxgk/{r["published"][:4]}/t{i:03d}.html'
        put(A, path, dl_page(r, f))
    urls.append(path)
    truth.append(dict(site='hb-old', url=f'http://{A}:{PORT}{path}', title=r['title'], subject_raw=r['subject_raw'],
                      published=r['published'], written=f['成文日期'] or None))
put(A, '/xxgk/index.html', '<html><head><meta charset="utf-8"><title>信息公开</title></head><body><ul>' + ''.join(
    f'<li><a href="{u}">{html.escape(old[i]["title"])}</a></li>' for i, u in enumerate(urls[:4])) + '</ul></body></html>')
put(A, '/sitemap.xml', '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    + ''.join(f'<url><loc>http://{A}:{PORT}{u}</loc><lastmod>{old[i]["published"]}</lastmod></url>'
              for i, u in enumerate(urls[4:20], 4)) + '</urlset>', 'application/xml')
put(A, '/rss.xml', '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>河北省政府信息公开</title>'
    + ''.join(f'<item><title>{html.escape(old[i]["title"])}</title><link>http://{A}:{PORT}{u}</link></item>'
              for i, u in enumerate(urls[20:], 20)) + '</channel></rss>', 'application/rss+xml')
put(A, '/robots.txt', f'User-agent: *\nAllow: /\nSitemap: http://{A}:{PORT}/sitemap.xml\n', 'text/plain')

# --- flaky
g = iter(gov[100:])


def gov_page(r, **over):
    f = {'索引号': '000014349/2020-%05d' % (abs(hash(r['url'])) % 100000), '主题分类': r['subject_raw'],
         '发布机构': r['publisher'], '成文日期': r['published'], '标题': r['title'], '发布日期': r['published']}
    f.update(over)
    return f


def flaky_notice(path, note, **over):
    r = next(g)
    put(B, path, dl_page(r, gov_page(r, **over)))
    truth.append(dict(site='flaky', url=f'http://{B}:{PORT}{path}', title=r['title'], subject_raw=r['subject_raw'],
                      published=r['published'], case=note))
    return r


links = []
for n in range(3):
    flaky_notice(f'/xxgk/burst{n}.html', '503 twice, then 200'); links.append(f'/xxgk/burst{n}.html')
for path, note in [('/xxgk/ratelimit.html', '429 Retry-After 3 once'), ('/xxgk/good.html', 'good'),
                   ('/xxgk/fake-gzip.html', 'Content-Encoding gzip, not gzip'),
                   ('/xxgk/short-body.html', 'Content-Length 60000, 3000 bytes sent'),
                   ('/xxgk/slow.html', 'headers after 4 s, body over 12 s')]:
    flaky_notice(path, note); links.append(path)
r = next(g)  # broken UTF-8: three sequences cut short
raw = dl_page(r, gov_page(r)).encode('utf-8')
for at in (len(raw) // 3, len(raw) // 2, 2 * len(raw) // 3):
    while raw[at] & 0xC0 == 0x80 or raw[at] < 0x80:
        at += 1
    raw = raw[:at + 1] + b'<' + raw[at + 1:]  # a lead byte followed by '<': an invalid sequence
put(B, '/xxgk/bad-utf8.html', raw)
truth.append(dict(site='flaky', url=f'http://{B}:{PORT}/xxgk/bad-utf8.html', title=r['title'], case='broken UTF-8'))
links.append('/xxgk/bad-utf8.html')
put(B, '/xxgk/bad-utf8-meta.html', raw, 'text/html')  # the same bytes, the charset only in <meta>
truth.append(dict(site='flaky', url=f'http://{B}:{PORT}/xxgk/bad-utf8-meta.html', title=r['title'],
                  case='broken UTF-8, <meta> only'))
links.append('/xxgk/bad-utf8-meta.html')
r = next(g)
put(A, '/xxgk/moved-target.html', dl_page(r, gov_page(r)))
truth.append(dict(site='flaky', url=f'http://{A}:{PORT}/xxgk/moved-target.html', title=r['title'], case='301 target'))
put(B, '/xxgk/moved.html', b'', status=301, headers={'Location': f'http://{A}:{PORT}/xxgk/moved-target.html'})
links.append('/xxgk/moved.html')
r = next(g)  # 8 MB of distinct real text
parts, size, k = [], 0, 0
while size < 8 * 1024 * 1024:
    src = rows[k % len(rows)]
    p = f'<h3>第{k + 1}部分 {html.escape(src["title"])}</h3>{paras(src["body"])}'
    parts.append(p); size += len(p.encode()); k += 1
put(B, '/xxgk/huge.html', dl_page(r, gov_page(r)).replace('</div><div class="foot">', ''.join(parts) + '</div><div class="foot">'))
truth.append(dict(site='flaky', url=f'http://{B}:{PORT}/xxgk/huge.html', title=r['title'], case='8 MB'))
links.append('/xxgk/huge.html')
r = next(g)  # 发布机构 cell swallowing 40 KB
big = html.escape(''.join(x['body'] for x in rows[:40]))[:40000]
put(B, '/xxgk/immense.html', dl_page(r, gov_page(r)).replace(
    f'<dt>发布机构：</dt><dd>{html.escape(r["publisher"])}</dd>', f'<dt>发布机构：</dt><dd>{html.escape(r["publisher"])}{big}'))
truth.append(dict(site='flaky', url=f'http://{B}:{PORT}/xxgk/immense.html', title=r['title'], case='40 KB 发布机构'))
links.append('/xxgk/immense.html')
flaky_notice('/xxgk/baddate.html', 'impossible dates', 成文日期='2020年13月01日', 发布日期='2020-02-30')
links.append('/xxgk/baddate.html')
r = next(g)
put(B, '/xxgk/nested.html', dl_page(r, gov_page(r)).replace('<body>', '<body>' + '<div>' * 5000).replace(
    '</body>', '</div>' * 5000 + '</body>'))
truth.append(dict(site='flaky', url=f'http://{B}:{PORT}/xxgk/nested.html', title=r['title'], case='5000 nested divs'))
links.append('/xxgk/nested.html')
put(B, '/xxgk/empty.html', b''); links.append('/xxgk/empty.html')
put(B, '/xxgk/index.html', '<html><head><meta charset="utf-8"><title>公开目录</title></head><body><ul>' + ''.join(
    f'<li><a href="{u}">文件{n}</a></li>' for n, u in enumerate(links)) + '</ul></body></html>')

with open(f'{OUT}/sites.yml', 'w') as f:
    f.write('gongkai:\n  ingest:\n    sites:\n'
            f'      - id: hb-old\n        name: 河北 2003-2012 (feeds)\n        list-urls: [ "http://{A}:{PORT}/xxgk/index.html" ]\n'
            f'        feed-urls: [ "http://{A}:{PORT}/sitemap.xml", "http://{A}:{PORT}/rss.xml" ]\n'
            '        allowed-networks: [127.0.0.0/8]\n'
            f'      - id: flaky\n        name: misbehaving portal\n        list-urls: [ "http://{B}:{PORT}/xxgk/index.html" ]\n'
            '        allowed-networks: [127.0.0.0/8]\n')
json.dump(truth, open(f'{OUT}/truth.json', 'w'), ensure_ascii=False, indent=1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_GET(self):
        host = self.server.server_address[0]
        t0 = time.time()
        key = (host, self.path)
        hits[key] = hits.get(key, 0) + 1
        status = self.route(host, hits[key])
        log.write(f'{t0:.3f} {host} {self.path} {status} {time.time() - t0:.1f}s\n')

    def simple(self, status, body=b'', headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return status

    def route(self, host, n):
        p = self.path
        if host == B and ((p == '/xxgk/index.html' and n == 1) or (p.startswith('/xxgk/burst') and n <= 2)):
            return self.simple(503, b'busy', {'Retry-After': '1', 'Content-Type': 'text/plain'})
        if host == B and p == '/xxgk/ratelimit.html' and n == 1:
            return self.simple(429, b'slow down', {'Retry-After': '3', 'Content-Type': 'text/plain'})
        if (host, p) not in pages:
            return self.simple(404)
        status, ctype, body, extra = pages[(host, p)]
        if host == B and p == '/xxgk/fake-gzip.html':
            extra = {'Content-Encoding': 'gzip'}
        if host == B and p == '/xxgk/short-body.html':
            self.send_response(200)
            self.send_header('Content-Type', ctype)
            self.send_header('Content-Length', '60000')
            self.end_headers()
            self.wfile.write(body[:3000])
            self.wfile.flush()
            self.close_connection = True
            return 'short'
        if host == B and p == '/xxgk/slow.html':
            STOP.wait(4)
            self.send_response(200)
            self.send_header('Content-Type', ctype)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            step = max(1, len(body) // 12)
            for i in range(0, len(body), step):
                self.wfile.write(body[i:i + step]); self.wfile.flush(); STOP.wait(1)
            return 'slow'
        self.send_response(status)
        if status == 200:
            self.send_header('Content-Type', ctype)
        for k, v in extra.items():
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return status


servers = []
for host in (A, B):
    s = ThreadingHTTPServer((host, PORT), Handler)
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
    servers.append(s)
print('serving', len(pages), 'pages on', [s.server_address for s in servers], 'truth', len(truth), flush=True)
try:
    STOP.wait()
except KeyboardInterrupt:
    STOP.set()
