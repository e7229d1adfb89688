#!/usr/bin/env python3
"""Session 18's trial portals (docs/tried-from-outside.md, "Session 18"). Loopback only: 127.0.0.61-71, one port.

Built on portals.py (its Site, handler with validators, notice page, data pick) and portals_s17.py (url, counter
files, bulk paths), so only the site layout below is code of its own. Real gov.cn notices of ../shared/data/real-notices.

  s18   (127.0.0.61, a site; schedule 30s, revisit-min 60s, revisit-max 120s) session 17's crawl fixes. Its list
        /xxgk/index.html is a static page with validators (ETag, Last-Modified), so an unchanged list answers 304:
        /go/down  302 -> http://127.0.0.62/doc/down.html (.62: robots.txt 404, every page 500 while OUT/down is
                  "down"; a notice once it is "up"): listed FIRST; paused after politeness.pause-after-failures
        /go/bad   302 -> http://127.0.0.63/doc/bad.html (always 500; .63 serves robots.txt 200 and nothing else is
                  linked there: a host reached only through redirects, the 500 a page fault after one robots probe)
        /go/dead  302 -> http://127.0.0.64/doc/dead.html (a notice while OUT/dead is "up"; once "down" robots.txt and
                  every page answer 500: the probe fails, a host fault)
        /doc/n0..n3.html (notices on the list's own host), from OUT/phase 2 also /doc/n4.html (the list changes)
        direct links to 127.0.0.65 /a.html /b.html /c.html and 127.0.0.66 /d.html (other hosts: counted, not followed)
      its feed /feed.xml (RSS) lists n3, 127.0.0.65 /a.html (also on the list: one link) and 127.0.0.66 /e.html
  old   (127.0.0.67; schedule 30s, revisit-min/max 10m) /go/a 302 -> /doc/a.html (a notice), /go/gone 302 ->
        /doc/gone.html (404): aliases whose state records OldLinkRecord.java rewrites as a version before session 17
        wrote them (no `target`); from OUT/oldlist 2 the list also links /doc/b.html (the list changes: 200, not 304)
  valid (127.0.0.68; schedule 30s, revisit-min 60s, revisit-max 120s) 4 notices whose metadata table has a 有效性 row
        (有效); from OUT/validity 2 notice 0 says 失效 and notice 1 废止 (new ETag and Last-Modified)
  shift (127.0.0.69; schedule 45s, revisit-min/max 10m) a paged list (10 a page, newest first, list?page=N, static
        validators per page) of 25 notices of a pool of 45. Write `insert` to OUT/shift: the next read of page 1
        is answered as it stands and right after it 5 new notices are put at the top (page 2 then repeats page 1's
        last five); `drop`: 12 new notices at the top before page 1 is answered (page 1 all new, two more on page
        2), then right after it page 1's first 5 links leave the list (page 2's first five, two of them new, move
        up to page 1, already read: the shift that hides new notices from a crawl); `more`: 5 new notices at the
        top at once (no shift). The file is set to `done-…` once applied.
  bulk  (127.0.0.70; schedule 60s, revisit-min/max 10m) a paged list (20 a page, newest first) of the first N of 120
        further notices, N from OUT/bulk (default 3): the flow for the kill -9.

  copy  (127.0.0.71; schedule 30s; added after the fixes) byte-identical copies of s18's n0..n3 on a list of its
        own; sites.yml's `mirror:` for it is COPY_MIRROR (default false), for the before/after of a declared mirror.

Usage: GONGKAI_SHARED=/path/to/shared python3 portals_s18.py [OUT]   (default /tmp/portals-s18) writes OUT/sites.yml
(politeness.pause 3m so a pause ends within the trial), OUT/truth.json (notice URL, site, title, group),
OUT/requests.log (time host path status), OUT/shift-listed (the shift list as it stands, kept across restarts), and
the switches OUT/phase, down, dead, validity, shift, bulk, oldlist.
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
import portals_s17  # noqa: E402  (url and counter files)

PORT = int(os.environ.get('PORTALS_PORT', '18801'))
portals_s17.PORT = PORT
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/portals-s18'
portals_s17.OUT = OUT
S18, DOWN, BAD, DEAD, OTH1, OTH2, OLD, VALID, SHIFT, BULK, COPY = ('127.0.0.%d' % i for i in range(61, 72))
COPY_MIRROR = os.environ.get('COPY_MIRROR', 'false')  # sites.yml's `mirror:` of site `copy` (after the fixes)
RSS = 'application/rss+xml; charset=utf-8'
ERROR = '<html><body>服务器错误</body></html>'.encode('utf-8')
url = portals_s17.url


def switch(name, default):
    """A text switch in OUT/name (created with its default), read at every request."""
    path = os.path.join(OUT, name)
    if not os.path.exists(path):
        open(path, 'w').write(default + '\n')
    return lambda: open(path).read().strip() or default


def set_switch(name, value):
    open(os.path.join(OUT, name), 'w').write(value + '\n')


def with_validity(page, value):
    """portals.notice_page with a 有效性 row after 发布日期 (the metadata table's last row)."""
    row = '<tr><td class="t"><b>有效性：</b></td><td>%s</td></tr>\n</table>' % value
    return page.replace('\n</table>', '\n' + row, 1)


def send_static(h, site, path, body):
    """Serve `body` at `path` with validators derived from it (a changed body: new ETag and Last-Modified)."""
    if site.pages.get(path) != body:
        site.pages[path] = body
        site.modified[path] = time.time()
    h.static(path)


def build(rows, phase, down, dead, validity, shift, bulk, oldlist):
    sites = {h: portals.Site(n) for h, n in ((S18, 's18'), (DOWN, 'down'), (BAD, 'bad'), (DEAD, 'dead'),
                                              (OTH1, 'other1'), (OTH2, 'other2'), (OLD, 'old'), (VALID, 'valid'),
                                              (SHIFT, 'shift'), (BULK, 'bulk'), (COPY, 'copy'))}
    for h, s in sites.items():
        s.robots = None if h == DOWN else 'User-agent: *\nDisallow: /admin/\n'
    truth = []

    def add(host, path, r, group, page=None, **extra):
        sites[host].pages[path] = (page or portals.notice_page(r)).encode('utf-8')
        truth.append(dict(site=sites[host].name, url=url(host, path), title=r['title'], group=group,
                          docNo=portals.fields(r)['发文字号'], **extra))

    def ul(items, title='信息公开目录'):
        lis = ''.join('<li><a href="%s">文件 %s</a></li>' % (p, html.escape(p)) for p in items)
        return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body>'
                '<ul class="list">%s</ul></body></html>' % (title, lis)).encode('utf-8')

    # s18: session 17's crawl fixes
    for i in range(5):
        add(S18, '/doc/n%d.html' % i, rows[i], 's18-n%d' % i, phase=2 if i == 4 else 1)
    down_page = portals.notice_page(rows[5]).encode('utf-8')
    truth.append(dict(site='s18', url=url(DOWN, '/doc/down.html'), title=rows[5]['title'], group='down', via='/go/down'))
    dead_page = portals.notice_page(rows[6]).encode('utf-8')
    truth.append(dict(site='s18', url=url(DEAD, '/doc/dead.html'), title=rows[6]['title'], group='dead', via='/go/dead'))
    sites[DOWN].special['/doc/down.html'] = lambda h: (
        h.send(200, down_page) if down() == 'up' else h.send(500, ERROR))
    sites[BAD].special['/doc/bad.html'] = lambda h: h.send(500, ERROR)

    def dead_answer(h, body):
        return h.send(200, body) if dead() == 'up' else h.send(500, ERROR)

    sites[DEAD].special['/doc/dead.html'] = lambda h: dead_answer(h, dead_page)
    sites[DEAD].robots = None  # answered by the switch below
    sites[DEAD].special['/robots.txt'] = lambda h: dead_answer(h, b'User-agent: *\nDisallow: /admin/\n')
    for name, to in (('down', url(DOWN, '/doc/down.html')), ('bad', url(BAD, '/doc/bad.html')),
                     ('dead', url(DEAD, '/doc/dead.html'))):
        sites[S18].special['/go/' + name] = lambda h, to=to: h.redirect(to)
    others = [url(OTH1, p) for p in ('/a.html', '/b.html', '/c.html')] + [url(OTH2, '/d.html')]

    def s18_list(h):
        items = ['/go/down', '/go/bad', '/go/dead'] + ['/doc/n%d.html' % i for i in range(4)] + others
        if phase() >= 2:
            items.insert(3, '/doc/n4.html')
        send_static(h, sites[S18], '/xxgk/index.html', ul(items))

    def s18_feed(h):
        items = ''.join('<item><title>%s</title><link>%s</link></item>' % (t, u) for t, u in (
            ('n3', url(S18, '/doc/n3.html')), ('a', url(OTH1, '/a.html')), ('e', url(OTH2, '/e.html'))))
        h.send(200, ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>s18</title>'
                     '<link>%s</link><description>s18</description>%s</channel></rss>'
                     % (url(S18, '/'), items)).encode('utf-8'), RSS)

    sites[S18].special['/xxgk/index.html'] = s18_list
    sites[S18].special['/feed.xml'] = s18_feed

    # old: aliases for records of an older version
    add(OLD, '/doc/a.html', rows[7], 'old-a')
    sites[OLD].special['/go/a'] = lambda h: h.redirect('/doc/a.html')
    sites[OLD].special['/go/gone'] = lambda h: h.redirect('/doc/gone.html')
    add(OLD, '/doc/b.html', rows[177], 'old-b', oldlist=2)
    sites[OLD].special['/xxgk/index.html'] = lambda h: send_static(
        h, sites[OLD], '/xxgk/index.html', ul(['/go/a', '/go/gone'] + (['/doc/b.html'] if oldlist() == '2' else [])))

    # valid: 有效性 changes
    states = {0: '失效', 1: '废止'}
    vrows = rows[8:12]
    for i, r in enumerate(vrows):
        add(VALID, '/doc/v%d.html' % i, r, 'valid%d' % i, page=with_validity(portals.notice_page(r), '有效'),
            validity2=states.get(i, '有效'))

    def valid_page(h, i):
        value = states.get(i, '有效') if int(validity()) >= 2 else '有效'
        send_static(h, sites[VALID], '/doc/v%d.html' % i,
                    with_validity(portals.notice_page(vrows[i]), value).encode('utf-8'))

    for i in range(len(vrows)):
        sites[VALID].special['/doc/v%d.html' % i] = lambda h, i=i: valid_page(h, i)
    sites[VALID].pages['/xxgk/index.html'] = ul(['/doc/v%d.html' % i for i in range(len(vrows))])

    # shift: a paged list that moves while it is read
    pool = rows[12:57]
    for i, r in enumerate(pool):
        add(SHIFT, '/art/%03d.html' % i, r, 'shift%d' % i)
    # the list as it stands, kept in OUT/shift-listed so that a restarted portal serves the same list
    kept = os.path.join(OUT, 'shift-listed')
    listed = json.load(open(kept)) if os.path.exists(kept) else list(reversed(range(25)))  # newest first
    nxt = [max(listed + [24]) + 1]
    lock = threading.Lock()

    def take(n):
        new = list(range(nxt[0], min(nxt[0] + n, len(pool))))
        nxt[0] += len(new)
        return list(reversed(new))

    def shift_list(h):
        k = int(urllib.parse.parse_qs(urllib.parse.urlsplit(h.path).query).get('page', ['1'])[0])
        with lock:
            mode = shift()
            if k == 1 and mode == 'drop':
                listed[:0] = take(12)
            if k == 1 and mode == 'more':
                listed[:0] = take(5)
                set_switch('shift', 'done-more')
            items = ['/art/%03d.html' % i for i in listed[(k - 1) * 10:k * 10]]
            more = ' <a href="/list?page=%d">下一页</a>' % (k + 1) if k * 10 < len(listed) else ''
            body = ul(items, '公开目录 第%d页' % k).replace(b'</ul>', ('</ul><div class="page">%s</div>' % more).encode())
            key = '/list?page=%d' % k
            if sites[SHIFT].pages.get(key) != body:
                sites[SHIFT].pages[key] = body
                sites[SHIFT].modified[key] = time.time()
            if k == 1 and mode == 'insert':
                listed[:0] = take(5)
                set_switch('shift', 'done-insert')
            elif k == 1 and mode == 'drop':
                del listed[:5]
                set_switch('shift', 'done-drop')
            json.dump(listed, open(kept, 'w'))
        h.static(key)  # answered from the body as it stood when asked

    sites[SHIFT].special['/list'] = shift_list

    # bulk: the flow for the kill -9
    bulk_rows = rows[57:177]
    for i, r in enumerate(bulk_rows):
        add(BULK, '/xxgk/%03d.html' % i, r, 'bulk%d' % i, bulk_index=i)

    def bulk_list(h):
        n = int(bulk())
        k = int(urllib.parse.parse_qs(urllib.parse.urlsplit(h.path).query).get('page', ['1'])[0])
        items = ['/xxgk/%03d.html' % i for i in reversed(range(n))][(k - 1) * 20:k * 20]
        more = ' <a href="/list?page=%d">下一页</a>' % (k + 1) if k * 20 < n else ''
        h.send(200, ul(items, '公开目录 第%d页' % k).replace(b'</ul>', ('</ul><div>%s</div>' % more).encode()))

    sites[BULK].special['/list'] = bulk_list

    # copy: byte-identical copies of s18's n0..n3 (a site to declare `mirror: true`; after the fixes)
    for i in range(4):
        sites[COPY].pages['/doc/n%d.html' % i] = sites[S18].pages['/doc/n%d.html' % i]
    sites[COPY].pages['/xxgk/index.html'] = ul(['/doc/n%d.html' % i for i in range(4)])
    return sites, truth


SITES_YML = """gongkai:
  ingest:
    politeness:
      pause: 3m
    state:
      revisit-min: 60s
      revisit-max: 10m
      forget-faulted-after: 10m
    sites:
      - id: s18
        name: 第十八次试用
        list-urls: [ "{s18}/xxgk/index.html" ]
        feed-urls: [ "{s18}/feed.xml" ]
        schedule: 30s
        revisit-min: 60s
        revisit-max: 120s
        allowed-networks: [127.0.0.0/8]
      - id: old
        name: 旧版本记录
        list-urls: [ "{old}/xxgk/index.html" ]
        schedule: 30s
        revisit-min: 10m
        revisit-max: 10m
        allowed-networks: [127.0.0.0/8]
      - id: valid
        name: 有效性变更
        list-urls: [ "{valid}/xxgk/index.html" ]
        schedule: 30s
        revisit-min: 60s
        revisit-max: 120s
        allowed-networks: [127.0.0.0/8]
      - id: shift
        name: 翻页移动
        list-urls: [ "{shift}/list?page=1" ]
        schedule: 45s
        revisit-min: 10m
        revisit-max: 10m
        allowed-networks: [127.0.0.0/8]
      - id: bulk
        name: 公开目录
        list-urls: [ "{bulk}/list?page=1" ]
        schedule: 60s
        revisit-min: 10m
        revisit-max: 10m
        allowed-networks: [127.0.0.0/8]
      - id: copy
        name: 转载
        list-urls: [ "{copy}/xxgk/index.html" ]
        schedule: 30s
        mirror: {mirror}
        allowed-networks: [127.0.0.0/8]
"""

if __name__ == '__main__':
    if not os.path.isfile(portals.DATA):
        sys.exit('no real notices at %s: set GONGKAI_SHARED=/path/to/shared' % portals.DATA)
    os.makedirs(OUT, exist_ok=True)
    phase = portals_s17.counter_file('phase', '1')
    down, dead = switch('down', 'down'), switch('dead', 'up')
    validity, shift, bulk = switch('validity', '1'), switch('shift', 'none'), switch('bulk', '3')
    rows = portals.pick(portals.DATA, 400)
    oldlist = switch('oldlist', '1')
    sites, truth = build(rows, phase, down, dead, validity, shift, bulk, oldlist)
    bases = dict(s18=url(S18, ''), old=url(OLD, ''), valid=url(VALID, ''), shift=url(SHIFT, ''), bulk=url(BULK, ''),
                 copy=url(COPY, ''), mirror=COPY_MIRROR)
    open(os.path.join(OUT, 'sites.yml'), 'w').write(SITES_YML.format(**bases))
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
