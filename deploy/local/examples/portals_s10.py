#!/usr/bin/env python3
"""Session 10's trial portals (docs/tried-from-outside.md, "Session 10"): 20 real Jiangxi notices of
../shared/data/real-notices in four templates of our own (<ul><li> metadata with full-width colons and odd spacing and
?page=N pagination and an RTF attachment; a 4-column <table> with <th> labels; GBK bytes under a header claiming UTF-8
or naming no charset; a Traditional mirror made with ICU4J), a hostile host (stalled body, 50 MB page, redirect loop,
500, random bytes as text/html) and a host whose robots.txt disallows everything. Loopback only (127.0.0.21-26).
Usage: python3 portals_s10.py [OUT]  (writes OUT/sites.yml, OUT/truth.json, OUT/requests.log; Ctrl-C stops)."""
import html, json, os, subprocess, sys, threading, time, random
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

PORT = 18281
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/portals-s10'
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('GONGKAI_SHARED', os.path.join(HERE, '../../../../shared'))
os.makedirs(OUT, exist_ok=True)
rows = [json.loads(l) for l in open(os.path.join(SHARED, 'data/real-notices/notices.jsonl'))]
jx = [r for r in rows if r['source_repo'].startswith('chairmenfrog') and all(
    r.get(k) for k in ('publisher', 'document_number', 'published', 'subject_raw', 'title', 'index_number'))]
jx = jx[:20]
ul_n, tb_n, gbk_n, hant_n = jx[0:8], jx[8:12], jx[12:16], jx[16:20]
pages = {}  # (host, path) -> (status, content-type, bytes, extra headers)
log = open(f'{OUT}/requests.log', 'a', buffering=1)
STOP = threading.Event()


def paras(body):
    return ''.join(f'<p>{html.escape(p)}</p>\n' for p in body.split('\n') if p.strip())


def cn_date(d):
    y, m, dd = d.split('-')
    return f'{y}年{m}月{dd}日'


def put(host, path, body, ctype='text/html; charset=utf-8', enc='utf-8', status=200, headers=None):
    pages[(host, path)] = (status, ctype, body.encode(enc, 'xmlcharrefreplace') if isinstance(body, str) else body,
                           headers or {})


truth = []

# --- site 1: jx-ul on 127.0.0.21: metadata as <ul><li>, full-width colons with odd spacing, ?page=N pagination,
# one RTF attachment
H = '127.0.0.21'
links = []
for i, r in enumerate(ul_n):
    path = f'/zwgk/art/2020/{i:02d}/art_{i}.html'
    att = ''
    if i == 0:
        att = '<p class="fj">附件：<a href="/zwgk/att/fujian1.rtf">附件1：重点任务清单.rtf</a></p>'
        text = '重点任务清单 第一项 加强市场监管联合执法 第二项 稳定物价保障供应'
        rtf = '{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\\f0\\uc1 ' + ''.join(f'\\u{ord(c)}?' if ord(c) > 127 else c for c in text) + '\\par}'
        put(H, '/zwgk/att/fujian1.rtf', rtf.encode('ascii'), 'application/rtf')
    put(H, path, f'''<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(r['title'])}_江西省人民政府</title></head>
<body><div class="nav">首页 &gt; 政务公开 &gt; 文件</div>
<div class="xxgk-meta"><ul>
<li><span>索 引 号 ：</span><em>{r['index_number']}</em></li>
<li><span>主题分类：</span> {html.escape(r['subject_raw'])} </li>
<li><span>发布机构 ：</span>&nbsp;{html.escape(r['publisher'])}</li>
<li><span>成文日期：</span>{cn_date(r['written'])}</li>
<li><span>文　　号：</span>{html.escape(r['document_number'])}</li>
<li><span>发布日期：</span>{r['published']}</li>
</ul></div>
<h2 class="art-title">{html.escape(r['title'])}</h2>
<div class="art-con">{paras(r['body'])}{att}</div>
<div class="foot">主办：江西省人民政府办公厅 赣ICP备05004202号</div></body></html>''')
    links.append((path, r))
    truth.append(dict(site='jx-ul', url=f'http://{H}:{PORT}{path}', **{k: r[k] for k in (
        'title', 'publisher', 'document_number', 'index_number', 'written', 'published', 'subject_raw')}))
for p in range(3):
    chunk = links[p * 3:(p + 1) * 3]
    nav = (f'<a href="/zwgk/list.html?page={p}">上一页</a> ' if p > 0 else '') + \
          (f'<a href="/zwgk/list.html?page={p + 2}">下一页</a>' if p < 2 else '')
    body = f'''<html><head><meta charset="utf-8"><title>文件 第{p + 1}页</title></head><body><ul class="list">
{''.join(f'<li><a href="{u}">{html.escape(r["title"])}</a><span>{r["published"]}</span></li>' for u, r in chunk)}
</ul><div class="page">共3页 {nav}</div></body></html>'''
    put(H, '/zwgk/list.html' + ('' if p == 0 else f'?page={p + 1}'), body)

# --- site 2: jx-table on 127.0.0.22: a 4-column <table> with <th> labels, ASCII colons, labels with spaces
H = '127.0.0.22'
items = []
for i, r in enumerate(tb_n):
    path = f'/xxgk/{r["published"].replace("-", "")}/c{i}.shtml'
    put(H, path, f'''<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(r['title'])}</title></head><body>
<table class="meta" border="1"><tbody>
<tr><th>索引号:</th><td>{r['index_number']}</td><th>主题分类:</th><td>{html.escape(r['subject_raw'])}</td></tr>
<tr><th>发 文 机 关:</th><td>{html.escape(r['publisher'])}</td><th>成文日期:</th><td>{r['written']}</td></tr>
<tr><th>标　题:</th><td colspan="3">{html.escape(r['title'])}</td></tr>
<tr><th>发文字号:</th><td>{html.escape(r['document_number'])}</td><th>发布日期:</th><td>{r['published'].replace('-', '/')}</td></tr>
</tbody></table>
<div id="zoom">{paras(r['body'])}</div></body></html>''')
    items.append((path, r))
    truth.append(dict(site='jx-table', url=f'http://{H}:{PORT}{path}', **{k: r[k] for k in (
        'title', 'publisher', 'document_number', 'index_number', 'written', 'published', 'subject_raw')}))
put(H, '/xxgk/index.html', '<html><head><meta charset="utf-8"></head><body><table>' + ''.join(
    f'<tr><td><a href="{u}">{html.escape(r["title"])}</a></td><td>{r["published"]}</td></tr>' for u, r in items)
    + '</table></body></html>')

# --- site 3: jx-gbk on 127.0.0.23: GBK bytes; header claims UTF-8 on the list and two notices, no charset anywhere
# on the other two; metadata as <p> lines "label：value" with odd spacing
H = '127.0.0.23'
items = []
for i, r in enumerate(gbk_n):
    path = f'/col/col{i}/art.htm'
    page = f'''<html><head><title>{html.escape(r['title'])}</title></head><body>
<div class="bt">{html.escape(r['title'])}</div>
<div class="xx"><p>索引号： {r['index_number']}</p><p>主题分类 ： {html.escape(r['subject_raw'])}</p>
<p>发布机构：{html.escape(r['publisher'])}</p><p>生成日期：{cn_date(r['written'])}</p>
<p>文号 ：{html.escape(r['document_number'])}</p><p>发布日期：{cn_date(r['published'])}</p></div>
<div class="zw">{paras(r['body'])}</div></body></html>'''
    put(H, path, page, 'text/html; charset=UTF-8' if i < 2 else 'text/html', enc='gbk')
    items.append((path, r))
    truth.append(dict(site='jx-gbk', url=f'http://{H}:{PORT}{path}', **{k: r[k] for k in (
        'title', 'publisher', 'document_number', 'index_number', 'written', 'published', 'subject_raw')}))
put(H, '/col/index.htm', '<html><body>' + ''.join(
    f'<div><a href="{u}">{html.escape(r["title"])}</a></div>' for u, r in items) + '</body></html>',
    'text/html; charset=UTF-8', enc='gbk')

# --- site 4: jx-hant on 127.0.0.24: a Traditional mirror (ICU4J Hans-Hant of title, labels, values, body)
H = '127.0.0.24'
src = '\n@@@@\n'.join('\n@@\n'.join([r['title'], r['publisher'], r['subject_raw'], r['document_number'], r['body'],
                                     '索引号|主题分类|发布机构|成文日期|文号|发布日期'])
                      for r in hant_n)
open(f'{OUT}/hans.txt', 'w').write(src)
icu = os.path.expanduser('~/.m2/repository/com/ibm/icu/icu4j/79.1/icu4j-79.1.jar')
subprocess.run(['java', '-cp', icu, os.path.join(HERE, 'Hant.java'), f'{OUT}/hans.txt', f'{OUT}/hant.txt'], check=True)
conv = open(f'{OUT}/hant.txt').read().split('\n@@@@\n')
items = []
for i, (r, c) in enumerate(zip(hant_n, conv)):
    title, pub, subj, docno, body, labels = c.split('\n@@\n')
    L = labels.split('|')
    path = f'/gate/big5/www.jiangxi.gov.cn/art/{i}.html'
    put(H, path, f'''<html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>
<table class="xxgk"><tr><td>{L[0]}：</td><td>{r['index_number']}</td></tr><tr><td>{L[1]}：</td><td>{html.escape(subj)}</td></tr>
<tr><td>{L[2]}：</td><td>{html.escape(pub)}</td></tr><tr><td>{L[3]}：</td><td>{cn_date(r['written'])}</td></tr>
<tr><td>{L[4]}：</td><td>{html.escape(docno)}</td></tr><tr><td>{L[5]}：</td><td>{cn_date(r['published'])}</td></tr></table>
<h1>{html.escape(title)}</h1><div class="content">{paras(body)}</div></body></html>''')
    items.append((path, title))
    truth.append(dict(site='jx-hant', url=f'http://{H}:{PORT}{path}', hant_title=title, **{k: r[k] for k in (
        'title', 'publisher', 'document_number', 'index_number', 'written', 'published', 'subject_raw')}))
put(H, '/gate/big5/www.jiangxi.gov.cn/index.html', '<html><head><meta charset="utf-8"></head><body>' + ''.join(
    f'<p><a href="{u}">{html.escape(t)}</a></p>' for u, t in items) + '</body></html>')

# --- site 5: hostile2 on 127.0.0.25 (dynamic pages below); the "good" Hebei block below finds no row with a
# publisher in the data set, so this host serves bad pages only (as in the session-10 run)
H = '127.0.0.25'
heb = [r for r in rows if r['source_repo'].startswith('gerry') and r.get('publisher') and r.get('published')][:2]
good = []
for i, r in enumerate(heb):
    path = f'/xxgk/good{i}.html'
    put(H, path, f'''<html><head><meta charset="utf-8"><title>{html.escape(r['title'])}</title></head><body>
<ul><li>发布机构：{html.escape(r['publisher'])}</li><li>发布日期：{r['published']}</li></ul>
<h1>{html.escape(r['title'])}</h1>{paras(r['body'])}</body></html>''')
    good.append(path)
    truth.append(dict(site='hostile2', url=f'http://{H}:{PORT}{path}', title=r['title'], publisher=r['publisher'],
                      published=r['published']))
bad = ['/xxgk/slow.html', '/xxgk/huge.html', '/xxgk/loop1.html', '/xxgk/err500.html', '/xxgk/garbage.html']
put(H, '/xxgk/index.html', '<html><head><meta charset="utf-8"></head><body>' + ''.join(
    f'<p><a href="{u}">通知公告{k}</a></p>' for k, u in enumerate(bad + good)) + '</body></html>')
put(H, '/xxgk/loop1.html', b'', status=302, headers={'Location': '/xxgk/loop2.html'})
put(H, '/xxgk/loop2.html', b'', status=302, headers={'Location': '/xxgk/loop1.html'})
put(H, '/xxgk/err500.html', '<html><body>Internal Server Error</body></html>', status=500)
rnd = random.Random(10)
put(H, '/xxgk/garbage.html', bytes(rnd.getrandbits(8) for _ in range(30000)), 'text/html')

# --- site 6: blocked on 127.0.0.26: robots.txt disallows everything
H = '127.0.0.26'
put(H, '/robots.txt', 'User-agent: *\nDisallow: /\n', 'text/plain')
put(H, '/xxgk/index.html', '<html><body><a href="/xxgk/a.html">一个通知</a></body></html>')
put(H, '/xxgk/a.html', f'<html><body><h1>{html.escape(jx[0]["title"])}</h1></body></html>')

json.dump(truth, open(f'{OUT}/truth.json', 'w'), ensure_ascii=False, indent=1)

SITES = [('jx-ul', '江西（ul 元数据）', '127.0.0.21', '/zwgk/list.html'),
         ('jx-table', '江西（表格元数据）', '127.0.0.22', '/xxgk/index.html'),
         ('jx-gbk', '江西（GBK，错误字符集头）', '127.0.0.23', '/col/index.htm'),
         ('jx-hant', '江西（繁体镜像）', '127.0.0.24', '/gate/big5/www.jiangxi.gov.cn/index.html'),
         ('hostile2', '敌意站点', '127.0.0.25', '/xxgk/index.html'),
         ('blocked', 'robots 全禁', '127.0.0.26', '/xxgk/index.html')]
with open(f'{OUT}/sites.yml', 'w') as f:
    f.write('gongkai:\n  ingest:\n    sites:\n')
    for sid, name, host, path in SITES:
        f.write(f'      - id: {sid}\n        name: {name}\n        list-urls: [ "http://{host}:{PORT}{path}" ]\n'
                f'        allowed-networks: [127.0.0.0/8]\n')


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
        status = self.route(host)
        log.write(f'{t0:.3f} {host} {self.path} {status} {time.time() - t0:.1f}s ua={self.headers.get("User-Agent")}\n')

    def route(self, host):
        if host == '127.0.0.25' and self.path == '/xxgk/slow.html':
            # slowloris: promise 100 kB, send 2 kB, then stall (bounded at 300 s)
            self.send_response(200)
            self.send_header('Content-Type', 'text/html; charset=utf-8')
            self.send_header('Content-Length', '100000')
            self.end_headers()
            self.wfile.write(b'<html><body><h1>' + '慢'.encode() * 600 + b'</h1>')
            self.wfile.flush()
            STOP.wait(300)
            return 'stalled'
        if host == '127.0.0.25' and self.path == '/xxgk/huge.html':
            total = 50 * 1024 * 1024
            self.send_response(200)
            self.send_header('Content-Type', 'text/html; charset=utf-8')
            self.send_header('Content-Length', str(total))
            self.end_headers()
            chunk = ('<p>' + '大文件内容' * 200 + '</p>\n').encode()
            sent = 0
            try:
                while sent < total and not STOP.is_set():
                    part = chunk[:total - sent]
                    self.wfile.write(part)
                    sent += len(part)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
                return f'client closed after {sent} bytes'
            return f'sent {sent}'
        p = pages.get((host, self.path))
        if p is None:
            self.send_response(404)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return 404
        status, ctype, body, extra = p
        self.send_response(status)
        if body or status == 200:
            self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        return status


servers = []
for host in sorted({h for h, _ in pages}):
    s = ThreadingHTTPServer((host, PORT), Handler)
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
    servers.append(s)
print('serving', len(pages), 'pages on', [s.server_address for s in servers], 'truth', len(truth), flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    STOP.set()
