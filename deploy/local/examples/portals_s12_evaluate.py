#!/usr/bin/env python3
"""Compares the index with portals_s12.py's truth.json: per site what is searchable, per notice the fields that
differ; for flaky each case's outcome. Usage: portals_s12_evaluate.py [ES] [OUT]"""
import json, sys, unicodedata, urllib.request
ES = sys.argv[1] if len(sys.argv) > 1 else 'http://127.0.0.1:9200'
truth = json.load(open((sys.argv[2] if len(sys.argv) > 2 else '/tmp/portals-s12') + '/truth.json'))
req = urllib.request.Request(ES + '/notices/_search', json.dumps(
    {'size': 500, 'query': {'terms': {'siteId': ['hb-old', 'flaky']}}, '_source': {'excludes': ['details']}}).encode(),
    {'Content-Type': 'application/json'})
docs = {h['_source']['url']: h['_source'] for h in json.load(urllib.request.urlopen(req))['hits']['hits']}
print('indexed', len(docs), 'expected', len(truth))
found = {}
for t in truth:
    d, path = docs.get(t['url']), t['url'].split(':18381')[1]
    found.setdefault(t['site'], [0, 0])[1] += 1
    if not d:
        print(f"  {t['site']:7} {path:34} MISSING  {t.get('case', '')}")
        continue
    found[t['site']][0] += 1
    bad = []
    for k, v in (('title', t['title']), ('publishedAt', t.get('published')), ('writtenAt', t.get('written'))):
        got = d.get(k)
        got = got[:10] if isinstance(got, str) and k.endswith('At') else got
        if isinstance(got, str) and isinstance(v, str):  # the pipeline folds widths (２００６ -> 2006)
            got, v = unicodedata.normalize('NFKC', got), unicodedata.normalize('NFKC', v)
        if v and got != v:
            bad.append(f'{k} {v!r} != {got!r}')
    if t.get('subject_raw') and not d.get('subjectFirst'):
        bad.append(f"no subject for {t['subject_raw']!r}")
    if t['site'] == 'flaky' or bad:
        print(f"  {t['site']:7} {path:34} {t.get('case', ''):34} body {len(d.get('body') or '')} chars, publisher "
              f"{len(d.get('publisher') or '')} chars, flags {d.get('flags')}, {d.get('subjectSource')} {'; '.join(bad)}")
for site, (n, of) in found.items():
    print(f'{site}: {n}/{of} searchable')
extra = [u for u in docs if u not in {t['url'] for t in truth}]
print('unexpected docs', [(u, docs[u].get('title', '')[:30], docs[u].get('flags')) for u in extra])
