#!/usr/bin/env python3
"""Session 16's trial portals (docs/tried-from-outside.md, "Session 16"). Loopback only: 127.0.0.61-64.

  s16 (127.0.0.61, a site; schedule 30s, revisit-min 60s, revisit-max 120s) real www.gov.cn notices to try session
          15's changes from outside. OUT/phase selects what the list links:
          phase 0 (for session 14's code, the upgrade): j0..j9, notices of 财政部 alone and jointly with others
             (发布机构 `财政部 税务总局`, `财政部、税务总局`, one under the label 发文机关, one with U+2002);
          phase 1: + /zwgk/keep.html (a notice), /zwgk/gone404.html (always 404) and /zwgk/broken500.html (always 500):
             pages known only by their faults; then n0..n3 (listed after broken500: still crawled?);
             /zwgk/a1.html (a redirect target); /go/ok 302 -> http://127.0.0.64/doc/ok.html (a notice), then
             /go/bad 302 -> http://127.0.0.64/doc/bad.html (always 500: its host answered another page of the crawl);
             /go/lonely 302 -> http://127.0.0.62/doc/lonely.html (always 500; that host answers robots.txt only).
             (A list's links to other hosts are not followed, LinkExtractor: hence the redirects.)
          phase 2: gone404, broken500 and keep.html unlinked, keep.html now answers 500 (a published notice known by
             a fault: never forgotten); /go/new 302 -> /zwgk/a1.html listed FIRST (a target known and not due:
             "redirect to a page not due").
          phase 3: /go/lonely unlinked as well.
  bulk (127.0.0.63, a site; schedule 60s, revisit-min/max 10m) 150 other www.gov.cn notices (hebei ones if short); list page k (20
          a page, newest first) lists the first N of them, N read from OUT/bulk (default 3): the kill -9 tests.
  127.0.0.62, 127.0.0.64: robots.txt and the pages above.
  OUT/edit (exists): j0..j9 get one more paragraph, so they are published again (written with `publishers`).

Usage: python3 portals_s16.py [OUT]   writes OUT/sites.yml (session 16's code), OUT/sites-old.yml (session 14's:
no forget-faulted-after), OUT/truth.json, OUT/requests.log, OUT/phase, OUT/bulk.
The data is read from ../shared beside the repository, or GONGKAI_SHARED=/path/to/shared."""
import html, json, os, re, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlsplit, parse_qs

PORT = int(os.environ.get('PORTALS_PORT', '18691'))
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/portals-s16'
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('GONGKAI_SHARED', os.path.join(HERE, '../../../../shared'))
DATA = os.path.join(SHARED, 'data/real-notices/notices.jsonl')
if not os.path.exists(DATA):
    sys.exit(f'no real notices at {DATA}: set GONGKAI_SHARED=/path/to/shared')
os.makedirs(OUT, exist_ok=True)
for name, default in (('phase', '0'), ('bulk', '3')):
    if not os.path.exists(f'{OUT}/{name}'):
        open(f'{OUT}/{name}', 'w').write(default + '\n')
rows = [json.loads(l) for l in open(DATA, encoding='utf-8')]
gov = [r for r in rows if 'www.gov.cn' in (r.get('url') or '') and r.get('publisher') and len(r['body']) > 300]
mof = [r for r in gov if '财政部' in r['publisher'].split() or '财政部' in r['publisher'].split('\u2002')]
joint = [r for r in mof if r['publisher'] != '财政部']
joint = ([r for r in joint if '税务总局' in r['publisher']][:2] + [r for r in joint if '\u2002' in r['publisher']][:1] +
         [r for r in joint if '税务总局' not in r['publisher'] and '\u2002' not in r['publisher']])[:7]
solo = [r for r in mof if r['publisher'] == '财政部'][:3]
used = {id(r) for r in joint + solo}
rest = [r for r in gov if id(r) not in used]
plain, bulk_rows = rest[:8], rest[8:]
hb = [r for r in rows if not r.get('url') and r['source_repo'] == 'gerry0208/spider_project' and len(r['body']) > 100]
bulk_rows = (bulk_rows + hb)[:150]
A, B, C, D = '127.0.0.61', '127.0.0.62', '127.0.0.63', '127.0.0.64'
pages, phase2, truth = {}, {}, []
log = open(f'{OUT}/requests.log', 'a', buffering=1)
DOCNO = re.compile(r'[\u4e00-\u9fa5]{1,8}[〔\[（(]\d{4}[〕\]）)]\d{1,4}号')
HTML = 'text/html; charset=utf-8'


def put(host, path, body, ctype=HTML, status=200, table=pages, location=None):
    h = {'Content-Type': ctype}
    if location:
        h['Location'] = location
    table[(host, path)] = (status, h, body.encode('utf-8') if isinstance(body, str) else body)


def paras(body):
    return ''.join(f'<p>{html.escape(p.strip())}</p>\n' for p in re.split(r'\n|\u3000\u3000', body) if p.strip())


def docno(r):
    m = DOCNO.search(r['body'][:400])
    return m.group(0) if m else ''


def publisher(r):
    if r.get('publisher'):
        return r['publisher']
    m = re.match(r'(.{2,20}?)关于', r['title'])
    return m.group(1) if m else '河北省人民政府办公厅'


def page(r, i, pub=None, label='发布机构'):
    cells = [('索引号', f'000014349/{r["published"][:4]}-{i + 1600:05d}'), ('主题分类', r.get('subject_raw') or ''),
             (label, pub or publisher(r)), ('成文日期', r['published']), ('文号', docno(r)),
             ('发布日期', r['published'])]
    trs = ''.join(f'<tr><td>{k}：</td><td>{html.escape(v)}</td></tr>' for k, v in cells)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(r["title"])}</title></head><body>'
            f'<table class="xxgk">{trs}</table><h1>{html.escape(r["title"])}</h1><div id="zoom">{paras(r["body"])}'
            '</div><div class="foot">主办单位</div></body></html>')


def notice(host, site, path, r, i, case, pub=None, label='发布机构', **extra):
    put(host, path, page(r, i, pub, label))
    t = dict(site=site, url=f'http://{host}:{PORT}{path}', title=r['title'], publisher=pub or publisher(r),
             case=case)
    t.update(extra)
    truth.append(t)


# phase 0: joint and solo 财政部 notices (the upgrade's old documents)
J = []
for i, r in enumerate(joint + solo):
    pub, label = None, '发布机构'
    if r['publisher'] == '财政部 税务总局' and not any('、' in (t.get('publisher') or '') for t in truth):
        pub = '财政部、税务总局'
    if i == 1:
        label = '发文机关'
    notice(A, 's16', f'/zwgk/j{i}.html', r, i, 'e: joint or solo 财政部', pub, label, phase=0)
    J.append(f'/zwgk/j{i}.html')
# phase 1
notice(A, 's16', '/zwgk/keep.html', plain[0], 20, 'b: a published notice, phase 2 unlinked and 500: never forgotten',
       phase=1)
put(A, '/zwgk/keep.html', '<html><body>服务器错误</body></html>', status=500, table=phase2)
put(A, '/zwgk/gone404.html', 'not found', 'text/plain', status=404)
put(A, '/zwgk/broken500.html', '<html><body>服务器错误</body></html>', status=500)
for i, r in enumerate(plain[1:5]):
    notice(A, 's16', f'/zwgk/n{i}.html', r, 21 + i, 'd: listed after broken500', phase=1)
notice(A, 's16', '/zwgk/a1.html', plain[5], 30, 'c: target of /go/new (phase 2, listed first)', phase=1,
       aliases=['/go/new'])
put(A, '/go/new', '<html><body>moved</body></html>', status=302, location='/zwgk/a1.html', table=phase2)
notice(D, 's16', '/doc/ok.html', plain[6], 31, 'd: other host, answers', phase=1)
put(D, '/doc/bad.html', '<html><body>服务器错误</body></html>', status=500)
put(B, '/doc/lonely.html', '<html><body>服务器错误</body></html>', status=500)
for name, to in (('ok', f'http://{D}:{PORT}/doc/ok.html'), ('bad', f'http://{D}:{PORT}/doc/bad.html'),
                 ('lonely', f'http://{B}:{PORT}/doc/lonely.html')):  # a list links its own host only: redirects
    put(A, f'/go/{name}', '<html><body>moved</body></html>', status=302, location=to)
for i, r in enumerate(bulk_rows):
    notice(C, 'bulk', f'/xxgk/{i:03d}.html', r, 100 + i, 'bulk', bulk_index=i)
for h in (A, B, C, D):
    put(h, '/robots.txt', 'User-agent: *\nDisallow: /admin/\n', 'text/plain')

P1 = (['/zwgk/keep.html', '/zwgk/gone404.html', '/zwgk/broken500.html'] + [f'/zwgk/n{i}.html' for i in range(4)] +
      ['/zwgk/a1.html', '/go/ok', '/go/bad', '/go/lonely'])
UNLINKED2 = {'/zwgk/keep.html', '/zwgk/gone404.html', '/zwgk/broken500.html'}


def a_list(phase):
    items = list(J)
    if phase >= 1:
        items += P1
    if phase >= 2:
        items = ['/go/new'] + [p for p in items if p not in UNLINKED2]
    if phase >= 3:  # the paused 127.0.0.62 deferred the rest of the crawl on 127.0.0.61 too: unlink its redirect
        items.remove('/go/lonely')
    lis = ''.join(f'<li><a href="{p}">文件 {html.escape(p)}</a></li>' for p in items)
    return (f'<html><head><meta charset="utf-8"><title>信息公开目录</title></head><body><ul>{lis}</ul>'
            '</body></html>')


def bulk_list(n, k):
    items = [f'/xxgk/{i:03d}.html' for i in reversed(range(n))][(k - 1) * 20:k * 20]  # newest first
    lis = ''.join(f'<li><a href="{p}">文件 {p}</a></li>' for p in items)
    nxt = f' <a href="/list?page={k + 1}">下一页</a>' if k * 20 < n else ''
    return (f'<html><head><meta charset="utf-8"><title>公开目录 第{k}页</title></head><body><ul>{lis}</ul>'
            f'<div class="page">{nxt}</div></body></html>')


SITES = ('    sites:\n'
         f'      - id: s16\n        name: 第十六次试用\n        list-urls: [ "http://{A}:{PORT}/list" ]\n'
         '        schedule: 30s\n        revisit-min: 60s\n        revisit-max: 120s\n'
         '        allowed-networks: [127.0.0.0/8]\n'
         f'      - id: bulk\n        name: 公开目录\n        list-urls: [ "http://{C}:{PORT}/list?page=1" ]\n'
         '        schedule: 60s\n        revisit-min: 10m\n        revisit-max: 10m\n'
         '        allowed-networks: [127.0.0.0/8]\n')
with open(f'{OUT}/sites.yml', 'w') as f:  # forget-faulted-after >= every revisit-max (checked at start-up)
    f.write('gongkai:\n  ingest:\n    state:\n      revisit-min: 60s\n      revisit-max: 10m\n'
            '      forget-faulted-after: 10m\n' + SITES)
with open(f'{OUT}/sites-old.yml', 'w') as f:
    f.write('gongkai:\n  ingest:\n' + SITES)
json.dump(truth, open(f'{OUT}/truth.json', 'w'), ensure_ascii=False, indent=1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        host = self.server.server_address[0]
        t0 = time.time()
        status, headers, body = self.route(host)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        log.write(f'{t0:.3f} {host} {self.path} {status} {len(body)}\n')

    def route(self, host):
        u = urlsplit(self.path)
        q = parse_qs(u.query)
        phase = int(open(f'{OUT}/phase').read().strip())
        if host == A and u.path == '/list':
            return 200, {'Content-Type': HTML}, a_list(phase).encode()
        if host == C and u.path == '/list':
            n = int(open(f'{OUT}/bulk').read().strip())
            return 200, {'Content-Type': HTML}, bulk_list(n, int(q.get('page', ['1'])[0])).encode()
        key = (host, u.path)
        if phase >= 2 and key in phase2:
            return phase2[key]
        if host == A and u.path in J and os.path.exists(f'{OUT}/edit'):  # an edit: the notice is published again
            status, headers, body = pages[key]
            return status, headers, body.replace('</div><div class="foot">'.encode(),
                                                 '<p>（本文已修订）</p></div><div class="foot">'.encode())
        return pages.get(key, (404, {'Content-Type': 'text/plain'}, b'not found'))


servers = []
for host in (A, B, C, D):
    s = ThreadingHTTPServer((host, PORT), Handler)
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
    servers.append(s)
print('serving', len(pages), 'pages on', [s.server_address for s in servers], 'truth', len(truth),
      'joint', len(joint), 'solo', len(solo), 'bulk', len(bulk_rows), flush=True)
try:
    threading.Event().wait()
except KeyboardInterrupt:
    pass
