#!/usr/bin/env python3
"""Compares the index with portals_s10.py's truth.json, per site and field. Usage: portals_s10_evaluate.py [ES] [OUT]"""
import json, sys, urllib.request
ES = sys.argv[1] if len(sys.argv) > 1 else 'http://127.0.0.1:9200'
truth = json.load(open((sys.argv[2] if len(sys.argv) > 2 else '/tmp/portals-s10') + '/truth.json'))
def q(body):
    r = urllib.request.Request(ES + '/notices/_search', json.dumps(body).encode(), {'Content-Type': 'application/json'})
    return json.load(urllib.request.urlopen(r))
res = q({'size': 200, 'query': {'terms': {'siteId': ['jx-ul', 'jx-table', 'jx-gbk', 'jx-hant', 'hostile2', 'blocked']}},
         '_source': {'excludes': ['body', 'details']}})
docs = {h['_source']['url']: h['_source'] for h in res['hits']['hits']}
print('indexed', len(docs), 'expected', len(truth))
bysite = {}
for t in truth:
    d = docs.get(t['url'])
    s = bysite.setdefault(t['site'], {'n': 0, 'found': 0, 'bad': []})
    s['n'] += 1
    if not d:
        s['bad'].append((t['url'], 'MISSING')); continue
    s['found'] += 1
    want = {'title': t['title'], 'publisher': t['publisher'], 'publishedAt': t['published']}
    if 'document_number' in t:
        want.update(documentNumber=t['document_number'], indexNumber=t['index_number'], writtenAt=t['written'])
    for k, v in want.items():
        got = d.get(k)
        if isinstance(got, str) and k.endswith('At'): got = got[:10]
        if got != v: s['bad'].append((t['url'].split(':18281')[1], k, v, got))
    if 'subject_raw' in t:
        if not d.get('subjectFirst'): s['bad'].append((t['url'].split(':18281')[1], 'subjectFirst', t['subject_raw'], d.get('subjectFirst'), d.get('subjectSource')))
        s.setdefault('subj', []).append((t['subject_raw'], d.get('subjectCategory'), d.get('subjectFirst'), d.get('subjectSource')))
    if d.get('attachments'): s.setdefault('att', []).append([(a.get('name'), (a.get('text') or '')[:40], a.get('error')) for a in d['attachments']])
    if d.get('flags'): s.setdefault('flags', []).append(d['flags'])
for site, s in bysite.items():
    print(f"{site}: {s['found']}/{s['n']}")
    for b in s['bad']: print('   ', b)
    for k in ('subj', 'att', 'flags'):
        if k in s: print('   ', k, s[k][:8])
extra = [u for u in docs if u not in {t['url'] for t in truth}]
print('unexpected docs', [(u, docs[u].get('title', '')[:30], docs[u].get('flags')) for u in extra])
