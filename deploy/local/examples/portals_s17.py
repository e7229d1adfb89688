#!/usr/bin/env python3
"""Session 17's trial portals (docs/tried-from-outside.md, "Session 17"). Loopback only: 127.0.0.61-67, one port.

Built on portals.py (its Site, handler, notice page, list pages, Traditional conversion and data pick), so only what
is new here is code of its own:

  orig  (127.0.0.61, a site) 12 real gov.cn notices (2020 policy library, the TRS metadata table of portals.py)
  hant  (127.0.0.62, a site) a Traditional-script mirror of orig's notices 0-4 (whole page through ICU4J Hans-Hant):
        the same 索引号 and publisher, so the enricher gives each its original's identity (one search result)
  copy  (127.0.0.63, a site) a plain mirror: orig's notices 0 and 5-7 byte for byte under other paths (notice 0 is
        then on three sites)
  s17   (127.0.0.64, a site; schedule 30s, revisit-min 60s, revisit-max 120s) session 16's crawl fixes. Its list links
        /go/down  302 -> http://127.0.0.65/doc/down.html (.65: robots.txt 404, every page 500: host faults, the host
                  paused after politeness.pause-after-failures); listed FIRST, so a pause must not defer 127.0.0.64
        /go/ok    302 -> http://127.0.0.66/doc/ok.html (a notice)
        /go/bad   302 -> http://127.0.0.66/doc/bad.html (always 500; .66 serves its robots.txt with 200: a page fault,
                  and still linked through /go/bad, never given up as unlinked)
        http://127.0.0.66/doc/other.html directly (a list link to another host: skipped "link to another host")
        /doc/n0..n3.html (notices on the list's own host, after the failing redirects)
        and from OUT/phase 2 on also /doc/n4.html (a new notice listed after /go/down once .65 is paused)
      its feed /feed.xml (RSS) lists /doc/n3.html and http://127.0.0.66/doc/other2.html (skipped, another host)
  bulk  (127.0.0.67, a site; schedule 60s, revisit-min/max 10m) a paged list (20 a page, newest first) of the first N
        of 150 further gov.cn notices, N from OUT/bulk (default 3): the notices that flow while services are killed;
        OUT/gen 2 lists the same 150 under /xxgk/g2/ instead (150 new URLs, each a copy of its gen-1 page: a second
        flow for the next kills, one result per notice in search)

Usage: GONGKAI_SHARED=/path/to/shared python3 portals_s17.py [OUT]   (default /tmp/portals-s17) writes OUT/sites.yml,
OUT/bad-revisit.yml (a misconfigured revisit bound, for the validation message), OUT/truth.json (every notice URL
with its group: the URLs of one notice share a group), OUT/requests.log (time host path status), OUT/phase, OUT/bulk,
OUT/gen.
"""
import html
import json
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portals  # noqa: E402  (the shared portal code)

PORT = int(os.environ.get('PORTALS_PORT', '18791'))
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/portals-s17'
ORIG, HANT, COPY, S17, DOWN, OTHER, BULK = ('127.0.0.%d' % i for i in range(61, 68))
RSS = 'application/rss+xml; charset=utf-8'


def url(host, path):
    return 'http://%s:%d%s' % (host, PORT, path)


def counter_file(name, default):
    path = os.path.join(OUT, name)
    if not os.path.exists(path):
        open(path, 'w').write(default + '\n')
    return lambda: int(open(path).read().strip() or default)


def bulk_path(gen, i):
    return '/xxgk/%03d.html' % i if gen == 1 else '/xxgk/g%d/%03d.html' % (gen, i)


def build(rows, bulk_rows, phase, gen):
    """The sites by host, and the truth: one entry per notice URL, `group` shared by the copies of one notice."""
    sites = {h: portals.Site(n) for h, n in ((ORIG, 'orig'), (HANT, 'hant'), (COPY, 'copy'), (S17, 's17'),
                                              (DOWN, 'down'), (OTHER, 'other'), (BULK, 'bulk'))}
    for h, s in sites.items():
        s.robots = None if h == DOWN else 'User-agent: *\nDisallow: /admin/\n'
    truth = []

    def add(host, path, page, r, group, **extra):
        sites[host].pages[path] = page.encode('utf-8')
        truth.append(dict(site=sites[host].name, url=url(host, path), title=r['title'], group=group,
                          docNo=portals.fields(r)['发文字号'], indexNo=portals.fields(r)['索引号'], **extra))

    links = []
    for i, r in enumerate(rows[:12]):
        p = portals.path_of(r)
        add(ORIG, p, portals.notice_page(r), r, 'g%d' % i)
        links.append((p, r['title'], r['published']))
    sites[ORIG].pages.update(portals.list_pages(links))

    hant = rows[:5]
    converted = iter(portals.traditional([x for r in hant for x in (r['title'], portals.notice_page(r))]))
    mlinks = []
    for i, r in enumerate(hant):
        title_t, page = next(converted), next(converted)
        p = portals.path_of(r).replace('/zhengce/zhengceku/', '/gate/big5/zhengce/')
        add(HANT, p, page, r, 'g%d' % i, titleHant=title_t)
        mlinks.append((p, title_t, r['published']))
    sites[HANT].pages.update(portals.list_pages(mlinks, '/gate/big5/zhengce/'))

    clinks = []
    for i in (0, 5, 6, 7):
        r = rows[i]
        p = '/art/copy-%d.html' % i
        add(COPY, p, portals.notice_page(r), r, 'g%d' % i)
        clinks.append((p, r['title'], r['published']))
    sites[COPY].pages.update(portals.list_pages(clinks, '/art/'))

    # s17: the crawl fixes of session 16
    more = rows[12:20]
    add(OTHER, '/doc/ok.html', portals.notice_page(more[0]), more[0], 'ok', via='/go/ok')
    sites[OTHER].pages['/doc/other.html'] = portals.notice_page(more[1]).encode('utf-8')  # never requested
    sites[OTHER].pages['/doc/other2.html'] = portals.notice_page(more[2]).encode('utf-8')  # never requested
    sites[OTHER].special['/doc/bad.html'] = lambda h: h.send(500, '<html><body>服务器错误</body></html>'.encode())
    sites[DOWN].special['/doc/down.html'] = lambda h: h.send(500, '<html><body>服务器错误</body></html>'.encode())
    for i, r in enumerate(more[3:8]):
        add(S17, '/doc/n%d.html' % i, portals.notice_page(r), r, 'n%d' % i, phase=2 if i >= 4 else 1)
    for name, to in (('down', url(DOWN, '/doc/down.html')), ('ok', url(OTHER, '/doc/ok.html')),
                     ('bad', url(OTHER, '/doc/bad.html'))):
        sites[S17].special['/go/' + name] = lambda h, to=to: h.redirect(to)

    def s17_list(h):
        items = ['/go/down', '/go/ok', '/go/bad', url(OTHER, '/doc/other.html')] + ['/doc/n%d.html' % i for i in range(4)]
        if phase() >= 2:
            items += ['/doc/n4.html']
        lis = ''.join('<li><a href="%s">文件 %s</a></li>' % (p, html.escape(p)) for p in items)
        h.send(200, ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>信息公开目录</title></head><body>'
                     '<ul class="list">%s</ul></body></html>' % lis).encode('utf-8'))

    def s17_feed(h):
        items = ''.join('<item><title>%s</title><link>%s</link></item>' % (t, u) for t, u in (
            ('n3', url(S17, '/doc/n3.html')), ('other2', url(OTHER, '/doc/other2.html'))))
        h.send(200, ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>s17</title>'
                     '<link>%s</link><description>s17</description>%s</channel></rss>'
                     % (url(S17, '/'), items)).encode('utf-8'), RSS)

    sites[S17].special['/list'] = s17_list
    sites[S17].special['/feed.xml'] = s17_feed

    for g in (1, 2):
        for i, r in enumerate(bulk_rows):
            add(BULK, bulk_path(g, i), portals.notice_page(r), r, 'bulk%d' % i, bulk_index=i, gen=g)

    def bulk_list(h):
        n, g = bulk(), gen()
        k = int(urllib.parse.parse_qs(urllib.parse.urlsplit(h.path).query).get('page', ['1'])[0])
        items = [bulk_path(g, i) for i in reversed(range(n))][(k - 1) * 20:k * 20]  # newest first
        lis = ''.join('<li><a href="%s">文件 %s</a></li>' % (p, p) for p in items)
        nxt = ' <a href="/list?page=%d">下一页</a>' % (k + 1) if k * 20 < n else ''
        h.send(200, ('<html><head><meta charset="utf-8"><title>公开目录 第%d页</title></head><body><ul>%s</ul>'
                     '<div class="page">%s</div></body></html>' % (k, lis, nxt)).encode('utf-8'))

    sites[BULK].special['/list'] = bulk_list
    return sites, truth


SITES_YML = """gongkai:
  ingest:
    state:
      revisit-min: 60s
      revisit-max: 10m
      forget-faulted-after: 10m
    sites:
      - id: orig
        name: 政策文件库（原站）
        list-urls: [ "{orig}/zhengce/zhengceku/index.html" ]
        allowed-networks: [127.0.0.0/8]
      - id: hant
        name: 政策文件庫（繁體鏡像）
        list-urls: [ "{hant}/gate/big5/zhengce/index.html" ]
        allowed-networks: [127.0.0.0/8]
      - id: copy
        name: 转载
        list-urls: [ "{copy}/art/index.html" ]
        allowed-networks: [127.0.0.0/8]
      - id: s17
        name: 第十七次试用
        list-urls: [ "{s17}/list" ]
        feed-urls: [ "{s17}/feed.xml" ]
        schedule: 30s
        revisit-min: 60s
        revisit-max: 120s
        allowed-networks: [127.0.0.0/8]
      - id: bulk
        name: 公开目录
        list-urls: [ "{bulk}/list?page=1" ]
        schedule: 60s
        revisit-min: 10m
        revisit-max: 10m
        allowed-networks: [127.0.0.0/8]
"""

# forget-faulted-after below a site's revisit-max, and a site whose revisit-min exceeds its revisit-max
BAD_YML = """gongkai:
  ingest:
    state:
      forget-faulted-after: 30s
    sites:
      - id: s17
        name: 第十七次试用
        list-urls: [ "{s17}/list" ]
        revisit-min: 5m
        revisit-max: 120s
        allowed-networks: [127.0.0.0/8]
"""

if __name__ == '__main__':
    if not os.path.isfile(portals.DATA):
        sys.exit('no real notices at %s: set GONGKAI_SHARED=/path/to/shared' % portals.DATA)
    os.makedirs(OUT, exist_ok=True)
    phase, bulk, gen = counter_file('phase', '1'), counter_file('bulk', '3'), counter_file('gen', '1')
    rows = portals.pick(portals.DATA, 400)
    sites, truth = build(rows[:20], rows[20:170], phase, gen)
    bases = dict(orig=url(ORIG, ''), hant=url(HANT, ''), copy=url(COPY, ''), s17=url(S17, ''), bulk=url(BULK, ''))
    open(os.path.join(OUT, 'sites.yml'), 'w').write(SITES_YML.format(**bases))
    open(os.path.join(OUT, 'bad-revisit.yml'), 'w').write(BAD_YML.format(**bases))
    json.dump(truth, open(os.path.join(OUT, 'truth.json'), 'w'), ensure_ascii=False, indent=1)
    log = open(os.path.join(OUT, 'requests.log'), 'a', buffering=1)
    for host, site in sites.items():
        class Logged(portals.handler_for(site)):
            def log_message(self, fmt, *args, host=host):
                log.write('%.3f %s %s %s\n' % (time.time(), host, self.path, args[1] if len(args) > 1 else '-'))
        srv = portals.Server((host, PORT), Logged)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    print('serving', len(sites), 'hosts on port', PORT, '; truth', len(truth), 'URLs; out', OUT, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
