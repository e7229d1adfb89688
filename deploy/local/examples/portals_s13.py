#!/usr/bin/env python3
"""Session 13's trial portals (docs/tried-from-outside.md, "Session 13"). Loopback only: 127.0.0.41-43.

  gd-live (127.0.0.41) 12 real gov.cn notices in a two-pairs-a-row <td> table with unusual labels (信息索引号, 信息分类,
          发文机关, 生成日期, 发文字号, 公开日期, 是否有效, 公开属性, 文种); an ENDLESS list (list?page=N links page N+1
          for every N; notices on pages 1-3 only) and a calendar widget (cal?ym=YYYY-MM, each month links the next);
          robots.txt with Crawl-delay: 2 and Disallow: /private/ (a notice there is linked from page 1); one notice
          with a hand-made .docx attachment (another real notice's text) and a .txt one. Phase 2 (write 2 into
          OUT/phase): notice edit.html gets a new title, a new paragraph, 发布日期 and 是否有效 失效; gone404.html
          answers 404 and gone410.html 410 (both still linked from the list).
  gz-feeds (127.0.0.42) 8 real Hebei 复函 notices of 2023-24, found only through a sitemap index of two sitemaps,
          the second gzipped (.xml.gz); pages in GB18030 with no charset in the header nor in the page; labels
          统一编号, 分类, 所属机构, 制发日期, 公开日期, 文件编号 (value prefixed "文号：").
  tw-mirror (127.0.0.43) a Traditional mirror (ICU4J Hans-Hant) of 4 gz-feeds notices, 复函 written 覆函, and an
          exact Simplified copy of one gd-live notice (the same notice on two sites).

Usage: python3 portals_s13.py [OUT]   writes OUT/sites.yml, OUT/truth.json, OUT/requests.log, OUT/phase; Ctrl-C stops.
The data is read from ../shared beside the repository, or GONGKAI_SHARED=/path/to/shared."""
import gzip, html, io, json, os, re, subprocess, sys, threading, time, zipfile
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlsplit, parse_qs

PORT = int(os.environ.get('PORTALS_PORT', '18391'))
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/portals-s13'
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
fuhan = [r for r in rows if r['source_repo'].startswith('gerry') and r['title'].endswith('复函')][:8]
A, B, C = '127.0.0.41', '127.0.0.42', '127.0.0.43'
pages = {}  # (host, path) -> (status, content-type, bytes)
phase2 = {}  # (host, path) -> (status, content-type, bytes) in phase 2
truth = []
log = open(f'{OUT}/requests.log', 'a', buffering=1)
DOCNO = re.compile(r'[\u4e00-\u9fa5]{1,8}[〔\[（(]\d{4}[〕\]）)]\d{1,4}号')


def put(host, path, body, ctype='text/html; charset=utf-8', status=200, table=pages):
    table[(host, path)] = (status, ctype, body.encode('utf-8') if isinstance(body, str) else body)


def paras(body):
    return ''.join(f'<p>{html.escape(p.strip())}</p>\n' for p in re.split(r'\n|\u3000\u3000', body) if p.strip())


def docno(r):
    m = DOCNO.search(r['body'][:400])
    return m.group(0) if m else ''


# --- gd-live: <td> table, two pairs a row, unusual labels
def gd_page(r, i, title=None, published=None, valid='有效', extra_para='', links=''):
    title = title or r['title']
    cells = [('信息索引号', f'11100000MB0143028R/{r["published"][:4]}-{i + 100:05d}'), ('信息分类', r['subject_raw']),
             ('发文机关', r['publisher']), ('生成日期', r['published']), ('发文字号', docno(r)),
             ('公开日期', published or r['published']), ('是否有效', valid), ('公开属性', '主动公开'), ('文种', '通知')]
    trs = ''.join('<tr>' + ''.join(f'<td class="l"><b>{k}</b></td><td>{html.escape(v)}</td>' for k, v in cells[j:j + 2])
                  + '</tr>' for j in range(0, len(cells), 2))
    trs += f'<tr><td class="l"><b>标　　题</b></td><td colspan="3">{html.escape(title)}</td></tr>'
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>'
            f'<div class="nav">首页 | 政府信息公开</div><table class="xxgk">{trs}</table><h1>{html.escape(title)}</h1>'
            f'<div class="article">{paras(r["body"])}{extra_para}</div>{links}<div class="foot">主办单位</div></body></html>')


def docx(text):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        ps = ''.join(f'<w:p><w:r><w:t>{html.escape(p)}</w:t></w:r></w:p>' for p in text.split('\n') if p.strip())
        z.writestr('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + ps + '</w:body></w:document>')
    return b.getvalue()


gd = gov[150:162]
attach_src = gov[170]
names = ['edit', 'gone404', 'gone410', 'attach'] + [f'n{i}' for i in range(4, 12)]
gd_paths = []
for i, (r, name) in enumerate(zip(gd, names)):
    path = f'/zwgk/{r["published"][:7].replace("-", "")}/{name}.html'
    links = ''
    if name == 'attach':
        put(A, '/zwgk/files/fujian1.docx', docx(attach_src['body']),
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        put(A, '/zwgk/files/fujian2.txt', attach_src['title'] + '\n' + attach_src['body'], 'text/plain; charset=utf-8')
        links = ('<div class="fj">附件：<a href="/zwgk/files/fujian1.docx">1.实施细则.docx</a> '
                 '<a href="/zwgk/files/fujian2.txt">2.说明.txt</a></div>')
    put(A, path, gd_page(r, i, links=links))
    gd_paths.append(path)
    t = dict(site='gd-live', url=f'http://{A}:{PORT}{path}', title=r['title'], publisher=r['publisher'],
             published=r['published'], docno=docno(r), case=name)
    if name == 'edit':
        new_title = r['title'] + '（修订）'
        put(A, path, gd_page(r, i, title=new_title, published='2020-12-31', valid='失效',
                             extra_para='<p>本通知自2020年12月31日起废止。</p>'), table=phase2)
        t.update(phase2_title=new_title, phase2_published='2020-12-31', phase2_validity='失效')
    if name in ('gone404', 'gone410'):
        put(A, path, '<html><body>页面不存在</body></html>', status=404 if name == 'gone404' else 410, table=phase2)
    truth.append(t)
r = gov[162]
put(A, '/private/secret.html', gd_page(r, 99))
truth.append(dict(site='gd-live', url=f'http://{A}:{PORT}/private/secret.html', title=r['title'], case='robots Disallow'))
put(A, '/robots.txt', 'User-agent: *\nCrawl-delay: 2\nDisallow: /private/\n', 'text/plain')


def gd_list(n):
    items = gd_paths[(n - 1) * 4:n * 4] if n <= 3 else []
    lis = ''.join(f'<li><a href="{p}">{html.escape(gd[gd_paths.index(p)]["title"])}</a></li>' for p in items)
    if n == 1:
        lis += '<li><a href="/private/secret.html">内部文件</a></li>'
    cal = ''.join(f'<a href="/cal?ym=2020-{m:02d}">{m}月</a> ' for m in (1, 2, 3))
    return (f'<html><head><meta charset="utf-8"><title>信息公开目录 第{n}页</title></head><body><ul>{lis}</ul>'
            f'<div class="page"><a href="/list?page=1">首页</a> <a href="/list?page={max(1, n - 1)}">上一页</a> '
            f'<a href="/list?page={n + 1}">下一页</a></div><div class="cal">{cal}</div></body></html>')


def cal(ym):
    y, m = (int(x) for x in ym.split('-'))
    nxt = f'{y + m // 12}-{m % 12 + 1:02d}'
    prv = f'{y - (m == 1)}-{(m - 2) % 12 + 1:02d}'
    return (f'<html><head><meta charset="utf-8"><title>{y}年{m}月</title></head><body><a href="/cal?ym={prv}">上月</a> '
            f'<a href="/cal?ym={nxt}">下月</a><table><tr><td>1</td><td>2</td></tr></table></body></html>')


# --- gz-feeds: GB18030 without any declaration, sitemap index of a plain and a gzipped sitemap
gz_paths = []
for i, r in enumerate(fuhan):
    no = docno(r)
    path = f'/zfxxgk/{r["published"][:4]}/fh{i}.htm'
    body = (f'<html><head><title>{html.escape(r["title"])}</title></head><body><div class="xxgk">'
            f'<div>统一编号：000014348/{r["published"][:4]}-{300 + i:05d}</div><div>分类：{r["subject_raw"]}</div>'
            f'<div>所属机构：河北省人民政府办公厅</div><div>制发日期：{r["published"]}</div>'
            f'<div>公开日期：{r["published"].replace("-", "/")}</div><div>文件编号：{"文号：" + no if no else ""}</div></div>'
            f'<h2>{html.escape(r["title"])}</h2><div id="zoom">{paras(r["body"])}</div></body></html>')
    put(B, path, body.encode('gb18030'), 'text/html')
    gz_paths.append(path)
    truth.append(dict(site='gz-feeds', url=f'http://{B}:{PORT}{path}', title=r['title'], docno=no,
                      index_number=f'000014348/{r["published"][:4]}-{300 + i:05d}', published=r['published'],
                      case='GB18030 no charset, sitemap' + (' .gz' if i >= 4 else '')))


def urlset(paths):
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + ''.join(f'<url><loc>http://{B}:{PORT}{p}</loc></url>' for p in paths) + '</urlset>')


put(B, '/sitemap-a.xml', urlset(gz_paths[:4]), 'application/xml')
put(B, '/sitemap-b.xml.gz', gzip.compress(urlset(gz_paths[4:]).encode()), 'application/x-gzip')
put(B, '/sitemap_index.xml', '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    f'<sitemap><loc>http://{B}:{PORT}/sitemap-a.xml</loc></sitemap><sitemap><loc>http://{B}:{PORT}/sitemap-b.xml.gz</loc></sitemap>'
    '</sitemapindex>', 'application/xml')
put(B, '/index.htm', '<html><head><meta charset="utf-8"><title>河北</title></head><body>首页</body></html>')

# --- tw-mirror: Traditional copies (覆函) of gz-feeds 0-3, and a Simplified copy of gd-live's n4
src = '\n@@@@\n'.join('\n@@\n'.join([r['title'], r['body'], r['subject_raw']]) for r in fuhan[:4])
src += '\n@@@@\n' + '索引号|主题分类|发布机构|成文日期|文号|发布日期|河北省人民政府办公厅'
open(f'{OUT}/hans.txt', 'w').write(src)
icu = os.path.expanduser('~/.m2/repository/com/ibm/icu/icu4j/79.1/icu4j-79.1.jar')
subprocess.run(['java', '-cp', icu, os.path.join(HERE, 'Hant.java'), f'{OUT}/hans.txt', f'{OUT}/hant.txt'], check=True)
conv = open(f'{OUT}/hant.txt').read().split('\n@@@@\n')
L = conv[-1].split('|')
mirror = []
for i, (r, c) in enumerate(zip(fuhan[:4], conv)):
    title, body, subj = (x.replace('復函', '覆函') for x in c.split('\n@@\n'))
    path = f'/gate/big5/www.hebei.gov.cn/fh{i}.htm'
    no = docno(r)
    put(C, path, f'''<html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>
<table><tr><td>{L[0]}：</td><td>000014348/{r["published"][:4]}-{300 + i:05d}</td><td>{L[1]}：</td><td>{html.escape(subj)}</td></tr>
<tr><td>{L[2]}：</td><td>{L[6]}</td><td>{L[3]}：</td><td>{r["published"]}</td></tr>
<tr><td>{L[4]}：</td><td>{html.escape(no)}</td><td>{L[5]}：</td><td>{r["published"]}</td></tr></table>
<h1>{html.escape(title)}</h1><div class="content">{paras(body)}</div></body></html>''')
    mirror.append(path)
    truth.append(dict(site='tw-mirror', url=f'http://{C}:{PORT}{path}', title=r['title'], hant_title=title,
                      mirror_of=truth[13 + i]['url'], case='Traditional mirror, 覆函'))
dup = gd_paths[4]
put(C, '/copy/n4.html', pages[(A, dup)][2])
mirror.append('/copy/n4.html')
truth.append(dict(site='tw-mirror', url=f'http://{C}:{PORT}/copy/n4.html', title=gd[4]['title'],
                  copy_of=f'http://{A}:{PORT}{dup}', case='same notice on two sites'))
put(C, '/index.html', '<html><head><meta charset="utf-8"><title>鏡像</title></head><body>' + ''.join(
    f'<div><a href="{p}">文件{i}</a></div>' for i, p in enumerate(mirror)) + '</body></html>')

with open(f'{OUT}/sites.yml', 'w') as f:
    f.write('gongkai:\n  ingest:\n    sites:\n'
            f'      - id: gd-live\n        name: 编辑、撤回、无尽分页\n        list-urls: [ "http://{A}:{PORT}/list?page=1" ]\n'
            '        schedule: 45s\n        revisit-min: 30s\n        allowed-networks: [127.0.0.0/8]\n'
            f'      - id: gz-feeds\n        name: 站点地图索引、GB18030\n        list-urls: [ "http://{B}:{PORT}/index.htm" ]\n'
            f'        feed-urls: [ "http://{B}:{PORT}/sitemap_index.xml" ]\n        allowed-networks: [127.0.0.0/8]\n'
            f'      - id: tw-mirror\n        name: 繁体镜像\n        list-urls: [ "http://{C}:{PORT}/index.html" ]\n'
            '        allowed-networks: [127.0.0.0/8]\n')
json.dump(truth, open(f'{OUT}/truth.json', 'w'), ensure_ascii=False, indent=1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        host = self.server.server_address[0]
        t0 = time.time()
        status, ctype, body = self.route(host)
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        log.write(f'{t0:.3f} {host} {self.path} {status} {self.headers.get("User-Agent", "")[:20]}\n')

    def route(self, host):
        u = urlsplit(self.path)
        q = parse_qs(u.query)
        if host == A and u.path == '/list':
            return 200, 'text/html; charset=utf-8', gd_list(int(q.get('page', ['1'])[0])).encode()
        if host == A and u.path == '/cal':
            return 200, 'text/html; charset=utf-8', cal(q.get('ym', ['2020-01'])[0]).encode()
        key = (host, u.path)
        if open(f'{OUT}/phase').read().strip() == '2' and key in phase2:
            return phase2[key]
        return pages.get(key, (404, 'text/plain', b'not found'))


servers = []
for host in (A, B, C):
    s = ThreadingHTTPServer((host, PORT), Handler)
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
    servers.append(s)
print('serving', len(pages), 'pages on', [s.server_address for s in servers], 'truth', len(truth), flush=True)
try:
    threading.Event().wait()
except KeyboardInterrupt:
    pass
