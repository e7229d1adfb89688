#!/usr/bin/env python3
"""Session 15's trial portals (docs/tried-from-outside.md, "Session 15"). Loopback only: 127.0.0.61-64.

  s15 (127.0.0.61, a site; schedule 45s, revisit-min 30s) real jiangxi.gov.cn notices (none of them in session 14's
          trial) to check session 14's fixes from outside:
          a. /zwgk/a0.html listed BEFORE /go/a0 302 -> /zwgk/a0.html; /go/a1 301 -> /zwgk/a1.html listed BEFORE
             /zwgk/a1.html: the target must be requested once per crawl that handles it, never twice;
          b. /zwgk/cut-once.html: first answer cut after 3000 bytes (Content-Length kept); /zwgk/busy-once.html: 503
             on its first request only -> gongkai.ingest.fetch.retries{kind="truncated"|"status"};
          c. /cal?ym=2020-01 (a navigation page, no metadata) and /go/old 302 -> /zwgk/a0.html (an alias): linked in
             phase 1 only; /zwgk/broken.html always 500 (a faulted page), linked in every phase;
          d. /zwgk/moving.html a notice; phase 2: 302 -> /zwgk/a1.html (missing, then deleted);
          n0..n5 plain notices.
  bulk (127.0.0.63, a site; schedule 60s, revisit-min 10m) real hebei.gov.cn notices; list page k (20 a page) lists
          the first N of them, newest (highest number) first, N read from OUT/bulk (default 3): write 70, then 80,
          there to let notices flow for the kill tests.
  127.0.0.62, 127.0.0.64: robots.txt only (reserved).

Usage: python3 portals_s15.py [OUT]   writes OUT/sites.yml, OUT/truth.json, OUT/requests.log, OUT/phase, OUT/bulk.
The data is read from ../shared beside the repository, or GONGKAI_SHARED=/path/to/shared."""
import html, json, os, re, socket, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlsplit, parse_qs

PORT = int(os.environ.get('PORTALS_PORT', '18591'))
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/portals-s15'
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('GONGKAI_SHARED', os.path.join(HERE, '../../../../shared'))
DATA = os.path.join(SHARED, 'data/real-notices/notices.jsonl')
if not os.path.exists(DATA):
    sys.exit(f'no real notices at {DATA}: set GONGKAI_SHARED=/path/to/shared')
os.makedirs(OUT, exist_ok=True)
for name, default in (('phase', '1'), ('bulk', '3')):
    if not os.path.exists(f'{OUT}/{name}'):
        open(f'{OUT}/{name}', 'w').write(default + '\n')
rows = [json.loads(l) for l in open(DATA, encoding='utf-8')]
jx = [r for r in rows if 'jiangxi.gov.cn' in (r.get('url') or '') and r.get('publisher') and len(r['body']) > 400]
hb = [r for r in rows if not r.get('url') and r['source_repo'] == 'gerry0208/spider_project' and len(r['body']) > 100]
A, B, C, D = '127.0.0.61', '127.0.0.62', '127.0.0.63', '127.0.0.64'
pages, phase2, truth, counts = {}, {}, [], {}
log = open(f'{OUT}/requests.log', 'a', buffering=1)
DOCNO = re.compile(r'[\u4e00-\u9fa5]{1,8}[〔\[（(]\d{4}[〕\]）)]\d{1,4}号')
HTML = 'text/html; charset=utf-8'


def put(host, path, body, ctype=HTML, status=200, table=pages, location=None):
    h = {'Content-Type': ctype}
    if location:
        h['Location'] = location
    table[(host, path)] = (status, h, body.encode('utf-8') if isinstance(body, str) else body)


def redirect(host, path, to, status=302, table=pages):
    put(host, path, f'<html><body>moved to <a href="{to}">{to}</a></body></html>', status=status, table=table,
        location=to)


def paras(body):
    return ''.join(f'<p>{html.escape(p.strip())}</p>\n' for p in re.split(r'\n|\u3000\u3000', body) if p.strip())


def docno(r):
    m = DOCNO.search(r['body'][:400])
    return m.group(0) if m else ''


def publisher(r):  # the hebei rows carry none: the issuer their title names (text before 关于), as the portal shows it
    if r.get('publisher'):
        return r['publisher']
    m = re.match(r'(.{2,20}?)关于', r['title'])
    return m.group(1) if m else '河北省人民政府办公厅'


def page(r, i, pad=0):
    cells = [('索引号', f'000014349/{r["published"][:4]}-{i + 1500:05d}'), ('主题分类', r.get('subject_raw') or ''),
             ('发布机构', publisher(r)), ('成文日期', r['published']), ('文号', docno(r)), ('发布日期', r['published'])]
    trs = ''.join(f'<tr><td>{k}：</td><td>{html.escape(v)}</td></tr>' for k, v in cells)
    body = paras(r['body'])
    while len(body.encode()) < pad:
        body += paras(r['body'])
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(r["title"])}</title></head><body>'
            f'<table class="xxgk">{trs}</table><h1>{html.escape(r["title"])}</h1><div id="zoom">{body}</div>'
            '<div class="foot">主办单位</div></body></html>')


def notice(host, site, path, r, i, case, pad=0, **extra):
    put(host, path, page(r, i, pad))
    t = dict(site=site, url=f'http://{host}:{PORT}{path}', title=r['title'], publisher=publisher(r), case=case)
    t.update(extra)
    truth.append(t)


a0, a1, cut, busy, moving = jx[0], jx[1], jx[2], jx[3], jx[4]
plain = jx[5:11]
notice(A, 's15', '/zwgk/a0.html', a0, 0, 'a: direct link listed before /go/a0 (302)', aliases=['/go/a0', '/go/old'])
redirect(A, '/go/a0', '/zwgk/a0.html', 302)
redirect(A, '/go/old', '/zwgk/a0.html', 302)  # c: an alias linked in phase 1 only
notice(A, 's15', '/zwgk/a1.html', a1, 1, 'a: /go/a1 (301) listed before the direct link', aliases=['/go/a1'])
redirect(A, '/go/a1', '/zwgk/a1.html', 301)
notice(A, 's15', '/zwgk/cut-once.html', cut, 2, 'b: first answer cut short, retried', pad=9000)
notice(A, 's15', '/zwgk/busy-once.html', busy, 3, 'b: first answer 503, retried')
notice(A, 's15', '/zwgk/moving.html', moving, 4, 'd: phase 2 302 -> a1.html: missing, then deleted',
       expect_phase2='absent')
redirect(A, '/zwgk/moving.html', '/zwgk/a1.html', 302, table=phase2)
for i, r in enumerate(plain):
    notice(A, 's15', f'/zwgk/n{i}.html', r, 10 + i, 'plain')
put(A, '/zwgk/broken.html', '<html><body>服务器错误</body></html>', status=500)
CUT = {(A, '/zwgk/cut-once.html'): 1}
BUSY = {(A, '/zwgk/busy-once.html'): 1}
for i, r in enumerate(hb[:80]):
    notice(C, 'bulk', f'/xxgk/{i:03d}.html', r, 100 + i, 'bulk', bulk_index=i)
for h in (A, B, C, D):
    put(h, '/robots.txt', 'User-agent: *\nDisallow: /admin/\n', 'text/plain')

LIST_A = ['/zwgk/moving.html', '/zwgk/a0.html', '/go/a0', '/go/a1', '/zwgk/a1.html', '/zwgk/cut-once.html',
          '/zwgk/busy-once.html', '/zwgk/broken.html'] + [f'/zwgk/n{i}.html' for i in range(len(plain))]
ONLY_PHASE1 = ['/go/old', '/cal?ym=2020-01']


def a_list(phase):
    items = LIST_A + (ONLY_PHASE1 if phase == 1 else [])
    lis = ''.join(f'<li><a href="{p}">文件 {html.escape(p)}</a></li>' for p in items)
    return (f'<html><head><meta charset="utf-8"><title>信息公开目录</title></head><body><ul>{lis}</ul>'
            '</body></html>')


def bulk_list(n, k):
    items = [f'/xxgk/{i:03d}.html' for i in reversed(range(n))][(k - 1) * 20:k * 20]  # newest first
    lis = ''.join(f'<li><a href="{p}">文件 {p}</a></li>' for p in items)
    nxt = f' <a href="/list?page={k + 1}">下一页</a>' if k * 20 < n else ''
    return (f'<html><head><meta charset="utf-8"><title>公开目录 第{k}页</title></head><body><ul>{lis}</ul>'
            f'<div class="page">{nxt}</div></body></html>')


with open(f'{OUT}/sites.yml', 'w') as f:
    f.write('gongkai:\n  ingest:\n    state:\n      navigation-revisit: 60s\n    sites:\n'
            f'      - id: s15\n        name: 第十五次试用\n        list-urls: [ "http://{A}:{PORT}/list" ]\n'
            '        schedule: 45s\n        revisit-min: 30s\n        allowed-networks: [127.0.0.0/8]\n'
            f'      - id: bulk\n        name: 河北公开目录\n        list-urls: [ "http://{C}:{PORT}/list?page=1" ]\n'
            '        schedule: 60s\n        revisit-min: 10m\n        allowed-networks: [127.0.0.0/8]\n')
json.dump(truth, open(f'{OUT}/truth.json', 'w'), ensure_ascii=False, indent=1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        host = self.server.server_address[0]
        t0 = time.time()
        key = (host, urlsplit(self.path).path)
        counts[key] = counts.get(key, 0) + 1
        status, headers, body = self.route(host)
        if counts[key] <= BUSY.get(key, 0):
            status, headers, body = 503, {'Content-Type': 'text/plain'}, b'busy'
        cut = status == 200 and counts[key] <= CUT.get(key, 0)
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
        phase = int(open(f'{OUT}/phase').read().strip())
        if host == A and u.path == '/list':
            return 200, {'Content-Type': HTML}, a_list(phase).encode()
        if host == A and u.path == '/cal':
            ym = q.get('ym', ['2020-01'])[0]
            return 200, {'Content-Type': HTML}, (f'<html><head><meta charset="utf-8"><title>{ym}</title></head>'
                                                 '<body><table><tr><td>1</td><td>2</td></tr></table></body></html>'
                                                 ).encode()
        if host == C and u.path == '/list':
            n = int(open(f'{OUT}/bulk').read().strip())
            return 200, {'Content-Type': HTML}, bulk_list(n, int(q.get('page', ['1'])[0])).encode()
        key = (host, u.path)
        if phase >= 2 and key in phase2:
            return phase2[key]
        return pages.get(key, (404, {'Content-Type': 'text/plain'}, b'not found'))


servers = []
for host in (A, B, C, D):
    s = ThreadingHTTPServer((host, PORT), Handler)
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
    servers.append(s)
print('serving', len(pages), 'pages on', [s.server_address for s in servers], 'truth', len(truth),
      'jx', len(jx), 'hb', len(hb), flush=True)
try:
    threading.Event().wait()
except KeyboardInterrupt:
    pass
