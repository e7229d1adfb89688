#!/usr/bin/env python3
"""Session 19's trial portals for the alerts under real faults (docs/tried-from-outside.md, "Session 19").
Loopback only: 127.0.0.91-93, .95, .96, one port (PORTALS_PORT, default 18901). Real gov.cn notices of ../shared/data.
PORTALS_HOST_BASE (default 91) moves the five hosts (base, +1, +2, +4, +5), so that a second set can run beside the
first: the re-trial "Session 19, after the fixes" ran it with PORTALS_HOST_BASE=101 PORTALS_PORT=18911 and OUT
/tmp/retrial-portals.

Every fault is a switch, a text file in OUT read at every request, so a fault starts and ends without a restart:

  good     (127.0.0.91; schedule 30s) a paged list (20 a page, newest first) of the first N of 150 notices, N from
           OUT/good (default 20): the healthy site, and the flow that lags behind a stopped enrich-service.
  listfail (127.0.0.92; schedule 30s) a list of 3 notices; while OUT/listfail is "fail" the list answers 500
           (GongkaiListPageFailing).
  unavail  (127.0.0.93; schedule 30s) a list of M notices (M from OUT/unavail-count, default 10); while OUT/unavail
           is "503" every notice page answers 503 with Retry-After: 120, the list and robots.txt stay up
           (GongkaiCrawlFailures). Raise M to put new notices on the list during the outage.
  badpages (127.0.0.95; schedule 30s) one good notice and malformed pages: declared GBK with bytes that are not,
           a binary blob as text/html, an empty 200, a page of nothing but a title: do they reach a dead letter?
  hang     (127.0.0.96; schedule 30s) a list of 2 notices; while OUT/hang is "hang" the list page sends its
           headers and then one byte a second (at most 600 s): a crawl that hangs.

Usage: GONGKAI_SHARED=/path/to/shared python3 portals_s19_monitor.py [OUT]   (default /tmp/monitor-portals)
writes OUT/sites.yml, OUT/requests.log (time host path status) and the switches.
"""
import html
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portals  # noqa: E402  (the shared portal code)

PORT = int(os.environ.get('PORTALS_PORT', '18901'))
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/monitor-portals'
BASE = int(os.environ.get('PORTALS_HOST_BASE', '91'))
GOOD, LISTFAIL, UNAVAIL, BADPAGES, HANG = ('127.0.0.%d' % (BASE + i) for i in (0, 1, 2, 4, 5))
ERROR = '<html><body>服务器错误</body></html>'.encode('utf-8')


def url(host, path):
    return 'http://%s:%d%s' % (host, PORT, path)


def switch(name, default):
    """A text switch in OUT/name (created with its default), read at every request."""
    path = os.path.join(OUT, name)
    if not os.path.exists(path):
        open(path, 'w').write(default + '\n')
    return lambda: open(path).read().strip() or default


def ul(items, title='信息公开目录', more=''):
    lis = ''.join('<li><a href="%s">文件 %s</a></li>' % (p, html.escape(p)) for p in items)
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body>'
            '<ul class="list">%s</ul><div class="page">%s</div></body></html>' % (title, lis, more)).encode('utf-8')


def page_of(h):
    return int(urllib.parse.parse_qs(urllib.parse.urlsplit(h.path).query).get('page', ['1'])[0])


def build(rows, good, listfail, unavail, unavail_count, hang):
    sites = {h: portals.Site(n) for h, n in ((GOOD, 'good'), (LISTFAIL, 'listfail'), (UNAVAIL, 'unavail'),
                                              (BADPAGES, 'badpages'), (HANG, 'hang'))}
    for s in sites.values():
        s.robots = 'User-agent: *\nDisallow: /admin/\n'

    # good: the healthy flow
    good_rows = rows[0:150]
    for i, r in enumerate(good_rows):
        sites[GOOD].pages['/xxgk/%03d.html' % i] = portals.notice_page(r).encode('utf-8')

    def good_list(h):
        n, k = min(int(good()), len(good_rows)), page_of(h)
        items = ['/xxgk/%03d.html' % i for i in reversed(range(n))][(k - 1) * 20:k * 20]
        more = '<a href="/list?page=%d">下一页</a>' % (k + 1) if k * 20 < n else ''
        h.send(200, ul(items, '公开目录 第%d页' % k, more))

    sites[GOOD].special['/list'] = good_list

    # listfail: a list page that starts failing
    for i, r in enumerate(rows[150:153]):
        sites[LISTFAIL].pages['/doc/%d.html' % i] = portals.notice_page(r).encode('utf-8')
    listfail_body = ul(['/doc/%d.html' % i for i in range(3)])
    sites[LISTFAIL].special['/xxgk/index.html'] = lambda h: (
        h.send(500, ERROR) if listfail() == 'fail' else h.send(200, listfail_body))

    # unavail: a list that stays up, notice pages that answer 503
    unavail_rows = rows[153:183]
    docs = sites[UNAVAIL]
    for i, r in enumerate(unavail_rows):
        docs.pages['/doc/%02d.html' % i] = portals.notice_page(r).encode('utf-8')
    docs.special['/xxgk/index.html'] = lambda h: h.send(200, ul(
        ['/doc/%02d.html' % i for i in reversed(range(min(int(unavail_count()), 30)))]))

    def unavail_answer(h):
        path = h.path.split('?')[0]
        if unavail() == '503':
            return h.send(503, ERROR, extra={'Retry-After': '120'})
        return h.static(path)

    for p in list(docs.pages):
        docs.special[p] = unavail_answer

    # badpages: malformed pages and bad encodings
    bad = sites[BADPAGES]
    bad.pages['/doc/ok.html'] = portals.notice_page(rows[183]).encode('utf-8')
    gbk = portals.notice_page(rows[184]).replace('charset="utf-8"', 'charset="gbk"').encode('utf-8')
    bad.pages['/doc/gbk-lie.html'] = gbk[:len(gbk) // 2] + bytes(range(0x80, 0x100)) * 8 + gbk[len(gbk) // 2:]
    bad.ctype['/doc/gbk-lie.html'] = 'text/html; charset=gbk'
    bad.pages['/doc/binary.html'] = bytes((i * 7919) % 256 for i in range(20000))
    bad.pages['/doc/empty.html'] = b''
    bad.pages['/doc/title-only.html'] = '<html><head><title>标题</title></head><body></body></html>'.encode('utf-8')
    bad.pages['/doc/utf16.html'] = portals.notice_page(rows[185]).encode('utf-16')
    bad.pages['/xxgk/index.html'] = ul(['/doc/ok.html', '/doc/gbk-lie.html', '/doc/binary.html', '/doc/empty.html',
                                        '/doc/title-only.html', '/doc/utf16.html'])

    # hang: a list page that never finishes
    for i, r in enumerate(rows[186:188]):
        sites[HANG].pages['/doc/%d.html' % i] = portals.notice_page(r).encode('utf-8')
    hang_body = ul(['/doc/%d.html' % i for i in range(2)])
    sites[HANG].special['/xxgk/index.html'] = lambda h: (
        h.drip(hang_body) if hang() == 'hang' else h.send(200, hang_body))
    return sites


SITES_YML = """gongkai:
  ingest:
    politeness:
      pause: 3m
    sites:
      - id: good
        name: 正常站点
        list-urls: [ "{good}/list?page=1" ]
        schedule: 30s
        allowed-networks: [127.0.0.0/8]
      - id: listfail
        name: 列表页失败
        list-urls: [ "{listfail}/xxgk/index.html" ]
        schedule: 30s
        allowed-networks: [127.0.0.0/8]
      - id: unavail
        name: 暂不可用
        list-urls: [ "{unavail}/xxgk/index.html" ]
        schedule: 30s
        allowed-networks: [127.0.0.0/8]
      - id: badpages
        name: 坏页面
        list-urls: [ "{badpages}/xxgk/index.html" ]
        schedule: 30s
        allowed-networks: [127.0.0.0/8]
      - id: hang
        name: 卡住
        list-urls: [ "{hang}/xxgk/index.html" ]
        schedule: 30s
        allowed-networks: [127.0.0.0/8]
"""

if __name__ == '__main__':
    if not os.path.isfile(portals.DATA):
        sys.exit('no real notices at %s: set GONGKAI_SHARED=/path/to/shared' % portals.DATA)
    os.makedirs(OUT, exist_ok=True)
    switches = (switch('good', '20'), switch('listfail', 'ok'), switch('unavail', 'ok'),
                switch('unavail-count', '10'), switch('hang', 'ok'))
    rows = portals.pick(portals.DATA, 400)
    if len(rows) < 188:
        sys.exit('only %d notices picked, 188 needed' % len(rows))
    sites = build(rows, *switches)
    open(os.path.join(OUT, 'sites.yml'), 'w').write(SITES_YML.format(
        good=url(GOOD, ''), listfail=url(LISTFAIL, ''), unavail=url(UNAVAIL, ''), badpages=url(BADPAGES, ''),
        hang=url(HANG, '')))
    log = open(os.path.join(OUT, 'requests.log'), 'a', buffering=1)
    for host, site in sites.items():
        class Logged(portals.handler_for(site)):
            def log_message(self, fmt, *args, host=host):
                log.write('%.3f %s %s %s\n' % (time.time(), host, self.path, args[1] if len(args) > 1 else '-'))
        srv = portals.Server((host, PORT), Logged)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    print('serving', len(sites), 'hosts on port', PORT, '; out', OUT, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
