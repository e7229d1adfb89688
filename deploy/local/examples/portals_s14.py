#!/usr/bin/env python3
"""Session 14's trial portals (docs/tried-from-outside.md, "Session 14"). Loopback only: 127.0.0.51-54.

  redir (127.0.0.51, a site) real gov.cn notices behind redirects, a calendar widget, bodies cut short:
          /go/a0 301 -> /zwgk/a0.html, listed BEFORE the direct link to a0 (one document, handled once);
          /zwgk/a1.html listed BEFORE /go/a1 302 -> /zwgk/a1.html (the redirect reaches a page visited already);
          /go/a2 302 -> /zwgk/a2.html (only linked through the redirect: identified by a2.html);
          /go/b3 301 -> http://127.0.0.52/notice/b3.html (cross-host, robots.txt there allows);
          /go/c4 302 -> http://127.0.0.53/private/c4.html (cross-host, robots.txt there: Disallow /private/);
          /go/c5 302 -> http://127.0.0.53/public/c5.html (same host as c4, allowed);
          /zwgk/moving.html a notice; phase 2 (write 2 into OUT/phase): 301 -> /zwgk/a0.html (gone from there);
          /zwgk/moving2.html (newest, top of list page 1) a notice; phase 3: 302 -> /go/a2 -> /zwgk/a2.html (two hops);
          /zwgk/trunc-once.html cut short (Content-Length kept, connection closed after 3000 bytes) on its first
          request only; /zwgk/trunc-always.html cut short every time;
          /cal?ym=2020-MM calendar pages (3 linked from each list page, each links its neighbours), /about.html
          (no notice metadata); /zwgk/seed.txt the shared seed (a WET-style text extract, Traditional) as text/plain.
          Publishers: a0 "财政部 税务总局", a2 "财政部、税务总局", b3 "国 务 院", n* their real ones.
  other (127.0.0.54, a site) links /go/b3 -> the same 127.0.0.52 notice (one notice reached from two sites).
  127.0.0.52, 127.0.0.53 serve only redirect targets and their robots.txt (no site of their own).

Usage: python3 portals_s14.py [OUT]   writes OUT/sites.yml, OUT/truth.json, OUT/requests.log, OUT/phase; Ctrl-C stops.
The data is read from ../shared beside the repository, or GONGKAI_SHARED=/path/to/shared."""
import glob, html, json, os, re, socket, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlsplit, parse_qs

PORT = int(os.environ.get('PORTALS_PORT', '18491'))
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/portals-s14'
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('GONGKAI_SHARED', os.path.join(HERE, '../../../../shared'))
DATA = os.path.join(SHARED, 'data/real-notices/notices.jsonl')
if not os.path.exists(DATA):
    sys.exit(f'no real notices at {DATA}: set GONGKAI_SHARED=/path/to/shared')
os.makedirs(OUT, exist_ok=True)
if not os.path.exists(f'{OUT}/phase'):
    open(f'{OUT}/phase', 'w').write('1\n')
rows = [json.loads(l) for l in open(DATA, encoding='utf-8')]
gov = [r for r in rows if 'gov.cn/zhengce' in (r.get('url') or '') and r.get('publisher')]
A, B, C, D = '127.0.0.51', '127.0.0.52', '127.0.0.53', '127.0.0.54'
pages = {}  # (host, path) -> (status, headers, bytes)
phase2 = {}
phase3 = {}
truth = []
log = open(f'{OUT}/requests.log', 'a', buffering=1)
DOCNO = re.compile(r'[\u4e00-\u9fa5]{1,8}[〔\[（(]\d{4}[〕\]）)]\d{1,4}号')
counts = {}
HTML = 'text/html; charset=utf-8'


def put(host, path, body, ctype=HTML, status=200, table=pages, location=None):
    h = {'Content-Type': ctype}
    if location:
        h['Location'] = location
    table[(host, path)] = (status, h, body.encode('utf-8') if isinstance(body, str) else body)


def redirect(host, path, to, status=301, table=pages):
    put(host, path, f'<html><body>moved to <a href="{to}">{to}</a></body></html>', status=status, table=table,
        location=to)


def paras(body):
    return ''.join(f'<p>{html.escape(p.strip())}</p>\n' for p in re.split(r'\n|\u3000\u3000', body) if p.strip())


def docno(r):
    m = DOCNO.search(r['body'][:400])
    return m.group(0) if m else ''


def page(r, i, publisher=None, pad=0):
    cells = [('索引号', f'000014349/{r["published"][:4]}-{i + 500:05d}'), ('主题分类', r['subject_raw']),
             ('发布机构', publisher or r['publisher']), ('成文日期', r['published']), ('文号', docno(r)),
             ('发布日期', r['published'])]
    trs = ''.join(f'<tr><td>{k}：</td><td>{html.escape(v)}</td></tr>' for k, v in cells)
    body = paras(r['body'])
    while len(body.encode()) < pad:  # bodies cut short need more than 3000 bytes after the head
        body += paras(r['body'])
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(r["title"])}</title></head><body>'
            f'<table class="xxgk">{trs}</table><h1>{html.escape(r["title"])}</h1><div id="zoom">{body}</div>'
            '<div class="foot">主办单位</div></body></html>')


def notice(host, path, r, i, case, publisher=None, pad=0, **extra):
    put(host, path, page(r, i, publisher, pad))
    t = dict(url=f'http://{host}:{PORT}{path}', title=r['title'], publisher_page=publisher or r['publisher'],
             docno=docno(r), published=r['published'], case=case)
    t.update(extra)
    truth.append(t)


def by_pub(p):
    return next(r for r in gov if r['publisher'] == p)


used = set()
joint = [r for r in gov if r['publisher'] == '财政部 税务总局']
a0, a2 = joint[0], joint[1]
b3 = next(r for r in gov if r['publisher'].startswith('国务院') and r not in (a0, a2))
used.update(id(x) for x in (a0, a2, b3))
rest = [r for r in gov if id(r) not in used and len(r['body']) > 600]
a1, c4, c5, moving, t1, t2, moving2 = rest[0], rest[1], rest[2], rest[3], rest[4], rest[5], rest[12]
plain = rest[6:12]

notice(A, '/zwgk/a0.html', a0, 0, '301 /go/a0 listed before the direct link; joint publisher (space)',
       expect_publisher='财政部、税务总局', aliases=[f'http://{A}:{PORT}/go/a0'])
redirect(A, '/go/a0', '/zwgk/a0.html', 301)
notice(A, '/zwgk/a1.html', a1, 1, 'direct link listed before /go/a1 (302)', aliases=[f'http://{A}:{PORT}/go/a1'])
redirect(A, '/go/a1', '/zwgk/a1.html', 302)
notice(A, '/zwgk/a2.html', a2, 2, 'only through /go/a2 (302); joint publisher (、)', publisher='财政部、税务总局',
       expect_publisher='财政部、税务总局', aliases=[f'http://{A}:{PORT}/go/a2'])
redirect(A, '/go/a2', '/zwgk/a2.html', 302)
notice(B, '/notice/b3.html', b3, 3, 'cross-host 301 from redir and from other; publisher with spaces',
       publisher='国 务 院', expect_publisher='国务院', aliases=[f'http://{A}:{PORT}/go/b3', f'http://{D}:{PORT}/go/b3'])
redirect(A, '/go/b3', f'http://{B}:{PORT}/notice/b3.html', 301)
redirect(D, '/go/b3', f'http://{B}:{PORT}/notice/b3.html', 302)
notice(C, '/private/c4.html', c4, 4, 'cross-host 302 to a path the target robots.txt disallows: never requested',
       expect='absent')
redirect(A, '/go/c4', f'http://{C}:{PORT}/private/c4.html', 302)
notice(C, '/public/c5.html', c5, 5, 'cross-host 302, allowed', aliases=[f'http://{A}:{PORT}/go/c5'])
redirect(A, '/go/c5', f'http://{C}:{PORT}/public/c5.html', 302)
notice(A, '/zwgk/moving.html', moving, 6, 'phase 2: 301 -> a0.html: missing, then withdrawn', expect_phase2='absent')
redirect(A, '/zwgk/moving.html', '/zwgk/a0.html', 301, table=phase2)
notice(A, '/zwgk/moving2.html', moving2, 9, 'phase 3: 302 -> /go/a2 -> a2.html (two hops): missing, then withdrawn',
       expect_phase3='absent')
redirect(A, '/zwgk/moving2.html', '/go/a2', 302, table=phase3)
notice(A, '/zwgk/trunc-once.html', t1, 7, 'first answer cut short, then whole: retried at once, indexed', pad=9000)
notice(A, '/zwgk/trunc-always.html', t2, 8, 'always cut short: a typed fault', pad=9000, expect='absent')
TRUNC = {(A, '/zwgk/trunc-once.html'): 1, (A, '/zwgk/trunc-always.html'): 10 ** 9}
for i, r in enumerate(plain):
    notice(A, f'/zwgk/n{i}.html', r, 10 + i, 'plain')
seed = sorted(glob.glob(os.path.join(SHARED, 'seeds/*.txt')))[0]
put(A, '/zwgk/seed.txt', open(seed, 'rb').read(), 'text/plain; charset=utf-8')
truth.append(dict(url=f'http://{A}:{PORT}/zwgk/seed.txt', title='(seed text extract)', case='seed as text/plain'))
put(A, '/about.html', '<html><head><meta charset="utf-8"><title>关于我们</title></head><body>本网站由某某办公室主办。</body></html>')
put(A, '/robots.txt', 'User-agent: *\nDisallow: /admin/\n', 'text/plain')
put(B, '/robots.txt', 'User-agent: *\nDisallow: /admin/\n', 'text/plain')
put(C, '/robots.txt', 'User-agent: *\nDisallow: /private/\n', 'text/plain')
put(D, '/robots.txt', 'User-agent: *\nDisallow:\n', 'text/plain')

LIST1 = ['/zwgk/moving2.html', '/go/a0', '/zwgk/a0.html', '/zwgk/a1.html', '/go/a1', '/go/a2', '/go/b3', '/go/c4', '/go/c5',
         '/zwgk/moving.html', '/zwgk/trunc-once.html', '/zwgk/trunc-always.html', '/about.html']
LIST2 = [f'/zwgk/n{i}.html' for i in range(len(plain))] + ['/zwgk/seed.txt']


def a_list(n):
    items = LIST1 if n == 1 else LIST2 if n == 2 else []
    lis = ''.join(f'<li><a href="{p}">文件 {html.escape(p)}</a></li>' for p in items)
    cal = ''.join(f'<a href="/cal?ym=2020-{m:02d}">{m}月</a> ' for m in (1, 2, 3))
    nxt = f' <a href="/list?page={n + 1}">下一页</a>' if n < 2 else ''
    return (f'<html><head><meta charset="utf-8"><title>信息公开目录 第{n}页</title></head><body><ul>{lis}</ul>'
            f'<div class="page"><a href="/list?page=1">首页</a>{nxt}</div><div class="cal">{cal}</div></body></html>')


def cal(ym):
    y, m = (int(x) for x in ym.split('-'))
    nxt = f'{y + m // 12}-{m % 12 + 1:02d}'
    prv = f'{y - (m == 1)}-{(m - 2) % 12 + 1:02d}'
    return (f'<html><head><meta charset="utf-8"><title>{y}年{m}月</title></head><body><a href="/cal?ym={prv}">上月</a> '
            f'<a href="/cal?ym={nxt}">下月</a><table><tr><td>1</td><td>2</td></tr></table></body></html>')


put(D, '/index.html', '<html><head><meta charset="utf-8"><title>另一站</title></head><body>'
    '<a href="/go/b3">国务院文件</a></body></html>')

with open(f'{OUT}/sites.yml', 'w') as f:
    f.write('gongkai:\n  ingest:\n    sites:\n'
            f'      - id: redir\n        name: 重定向、日历、截断\n        list-urls: [ "http://{A}:{PORT}/list?page=1" ]\n'
            '        schedule: 45s\n        revisit-min: 30s\n        allowed-networks: [127.0.0.0/8]\n'
            f'      - id: other\n        name: 另一站\n        list-urls: [ "http://{D}:{PORT}/index.html" ]\n'
            '        schedule: 45s\n        revisit-min: 30s\n        allowed-networks: [127.0.0.0/8]\n')
json.dump(truth, open(f'{OUT}/truth.json', 'w'), ensure_ascii=False, indent=1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        host = self.server.server_address[0]
        t0 = time.time()
        status, headers, body = self.route(host)
        key = (host, urlsplit(self.path).path)
        counts[key] = counts.get(key, 0) + 1
        cut = status == 200 and counts[key] <= TRUNC.get(key, 0)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        if cut:
            self.send_header('Connection', 'close')
        self.end_headers()
        self.wfile.write(body[:3000] if cut else body)
        if cut:  # the server closes early: the client sees fewer bytes than Content-Length
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_WR)
        log.write(f'{t0:.3f} {host} {self.path} {status}{" CUT" if cut else ""} {len(body)}\n')

    def route(self, host):
        u = urlsplit(self.path)
        q = parse_qs(u.query)
        if host == A and u.path == '/list':
            return 200, {'Content-Type': HTML}, a_list(int(q.get('page', ['1'])[0])).encode()
        if host == A and u.path == '/cal':
            return 200, {'Content-Type': HTML}, cal(q.get('ym', ['2020-01'])[0]).encode()
        key = (host, u.path)
        phase = int(open(f'{OUT}/phase').read().strip())
        if phase >= 3 and key in phase3:
            return phase3[key]
        if phase >= 2 and key in phase2:
            return phase2[key]
        return pages.get(key, (404, {'Content-Type': 'text/plain'}, b'not found'))


servers = []
for host in (A, B, C, D):
    s = ThreadingHTTPServer((host, PORT), Handler)
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
    servers.append(s)
print('serving', len(pages), 'pages on', [s.server_address for s in servers], 'truth', len(truth), flush=True)
try:
    threading.Event().wait()
except KeyboardInterrupt:
    pass
