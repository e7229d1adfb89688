#!/usr/bin/env python3
"""Session 19's trial portals for the continuous trainer (docs/tried-from-outside.md, "Session 19").
Loopback only: 127.0.0.81-84, one port (PORTALS_PORT, default 18901). Built on portals.py (Site, handler with
validators, notice page with the TRS metadata table). All 337 real notices of ../shared/data/real-notices, sorted by
URL, numbered 0..336:

  s19a    (127.0.0.81) the labelled notices (主题分类 in the metadata table) of the first 60 % (i % 8 != 7), one list
          of 20 a page
  s19b    (127.0.0.82; schedule 1m) the other labelled notices; its list is EMPTY until OUT/phase says 2 (new
          labelled examples arriving while the trainer runs). With CONVENTION=1 (default) s19b declares, instead of
          its portal's category, a site convention of its own: the first level only, shifted by one in CONVENTION_ORDER
          (a bare 其他 stays 其他). The shipped model was trained on these very notices with their real categories,
          so on real labels it is in-sample and no candidate can beat it; the convention is the synthetic way to make
          a crawl the shipped model does not fit, to see promotion, the version on notices and rollback.
  s19copy (127.0.0.83) byte-identical copies of s19a's first 60 notices on a host of its own, not declared a mirror
          (the trainer must count them once)
  s19nocat (127.0.0.84) the notices with i % 8 == 7 WITHOUT the 主题分类 row: enrich predicts them, and they must never
          become training examples. OUT/edition (empty at first): when it holds e1 .. e9, s19nocat's first list
          page also links a republication of each of its notices at /doc/<edition>-<n>.html (a new URL, a last
          paragraph naming the edition): a crawl of s19nocat (POST /actuator/crawl/s19nocat) then enriches 42 new
          notices with the model in use at that time

Usage: GONGKAI_SHARED=/path/to/shared python3 portals_s19_trainer.py [OUT]   (default /tmp/portals-s19) writes
OUT/sites.yml, OUT/truth.json (url, site, declared, title, group) and the switch OUT/phase (1).
"""
import html
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portals  # noqa: E402  (the shared portal code)

PORT = int(os.environ.get('PORTALS_PORT', '18901'))
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/portals-s19'
A, B, COPY, NOCAT = ('127.0.0.%d' % i for i in range(81, 85))
PER_PAGE = 20
CONVENTION = os.environ.get('CONVENTION', '1') == '1'
CONVENTION_ORDER = ['工业、交通', '市场监管、安全生产监管', '城乡建设、环境保护', '科技、教育', '综合政务', '民政、扶贫、救灾',
                    '财政、金融、审计', '农业、林业、水利', '卫生、体育', '劳动、人事、监察', '商贸、海关、旅游']


def convention(r):
    first = r['subject_raw'].split('\\')[0]
    if first not in CONVENTION_ORDER:
        return r
    return dict(r, subject_raw=CONVENTION_ORDER[(CONVENTION_ORDER.index(first) + 1) % len(CONVENTION_ORDER)])


def url(host, path):
    return 'http://%s:%d%s' % (host, PORT, path)


def phase():
    path = os.path.join(OUT, 'phase')
    if not os.path.exists(path):
        open(path, 'w').write('1\n')
    return open(path).read().strip() or '1'


def list_page(links, n, pages):
    lis = ''.join('<li><a href="%s">%s</a></li>' % (p, html.escape(t)) for p, t in links)
    nxt = '<a href="/xxgk/index_%d.html">下一页</a>' % (n + 1) if n + 1 < pages else ''
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>信息公开目录</title></head><body>'
            '<ul class="list">%s</ul><div class="page">%s</div></body></html>' % (lis, nxt)).encode('utf-8')


def add_lists(site, links):
    chunks = [links[i:i + PER_PAGE] for i in range(0, len(links), PER_PAGE)] or [[]]
    for n, chunk in enumerate(chunks):
        name = '/xxgk/index.html' if n == 0 else '/xxgk/index_%d.html' % n
        site.pages[name] = list_page(chunk, n, len(chunks))


def build(rows):
    sites = {h: portals.Site(n) for h, n in ((A, 's19a'), (B, 's19b'), (COPY, 's19copy'), (NOCAT, 's19nocat'))}
    for s in sites.values():
        s.robots = 'User-agent: *\nDisallow: /admin/\n'
    labelled = [(i, r) for i, r in enumerate(rows) if i % 8 != 7]
    cut = int(len(labelled) * 0.6)
    truth, links = [], {h: [] for h in sites}

    def add(host, i, r, group, with_category=True):
        path = '/doc/%03d.html' % i
        sites[host].pages[path] = portals.notice_page(r, with_category).encode('utf-8')
        links[host].append((path, r['title']))
        truth.append(dict(site=sites[host].name, url=url(host, path), title=r['title'], group=group,
                          declared=r['subject_raw'] if with_category else None,
                          declaredFirst=r['subject_raw'].split('\\')[0], source=r['source_repo']))

    for k, (i, r) in enumerate(labelled):
        if k < cut:
            add(A, i, r, 'a')
        else:
            add(B, i, convention(r) if CONVENTION else r, 'b')
        if k < 60:
            add(COPY, i, r, 'copy')
    for i, r in enumerate(rows):
        if i % 8 == 7:
            add(NOCAT, i, r, 'nocat', with_category=False)
    for h in (A, COPY, NOCAT):
        add_lists(sites[h], links[h])
    edition_file = os.path.join(OUT, 'edition')
    if not os.path.exists(edition_file):
        open(edition_file, 'w').write('')

    def edition():
        word = open(edition_file).read().strip()
        return word if word in ['e%d' % n for n in range(1, 10)] else ''

    def republished(original, word):
        return original.replace(
            '\n</div></div>', '\n<p>（本页已更新：%s）</p>\n</div></div>' % word, 1).encode('utf-8')

    first_list = sites[NOCAT].pages['/xxgk/index.html'].decode('utf-8')

    def nocat_list(h):
        word = edition()
        extra = ''.join('<li><a href="/doc/%s-%s">%s（%s）</a></li>' % (word, p[len('/doc/'):], html.escape(t), word)
                        for p, t in links[NOCAT]) if word else ''
        body = first_list.replace('</ul>', extra + '</ul>', 1).encode('utf-8')
        if sites[NOCAT].pages.get('/xxgk/index.html') != body:
            sites[NOCAT].pages['/xxgk/index.html'] = body
            sites[NOCAT].modified['/xxgk/index.html'] = time.time()
        h.static('/xxgk/index.html')

    sites[NOCAT].special['/xxgk/index.html'] = nocat_list
    for n in range(1, 10):
        for path, _ in links[NOCAT]:
            new = '/doc/e%d-%s' % (n, path[len('/doc/'):])
            sites[NOCAT].pages[new] = republished(sites[NOCAT].pages[path].decode('utf-8'), 'e%d' % n)
    return sites, truth


def main():
    os.makedirs(OUT, exist_ok=True)
    phase()
    rows = [json.loads(line) for line in open(portals.DATA, encoding='utf-8')]
    for r in rows:  # Hebei's rows have no URL (portals.fields reads one)
        r.setdefault('url', '')
    rows.sort(key=lambda r: (r['source_repo'], r['url'], r['title']))
    sites, truth = build(rows)
    yml = ['# written by deploy/local/examples/portals_s19_trainer.py (loopback)', 'gongkai:', '  ingest:', '    sites:']
    for h, s in sites.items():
        yml += ['      - id: %s' % s.name, '        name: %s (loopback, portals_s19_trainer.py)' % s.name,
                '        list-urls: [ "%s" ]' % url(h, '/xxgk/index.html'),
                '        allowed-networks: [ 127.0.0.0/8 ]']
        if h == B:
            yml += ['        schedule: 1m', '        revisit-min: 1m', '        revisit-max: 2m']
    open(os.path.join(OUT, 'sites.yml'), 'w').write('\n'.join(yml) + '\n')
    json.dump(truth, open(os.path.join(OUT, 'truth.json'), 'w'), ensure_ascii=False, indent=1)
    for h, s in sites.items():
        srv = portals.Server((h, PORT), portals.handler_for(s))
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        print('%-9s %s (%d pages)' % (s.name, url(h, '/xxgk/index.html'), len(s.pages) + len(s.special)), flush=True)
    print('site list: %s/sites.yml  truth: %s/truth.json  phase switch: %s/phase' % (OUT, OUT, OUT), flush=True)
    while True:
        time.sleep(3600)


if __name__ == '__main__':
    main()
