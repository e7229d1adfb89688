"""Feeds a node an end-to-end-like trickle and prints its CPU per document, split by thread group.

The end-to-end stage of deploy/bench offers ~200 notices/s; index-service then sends small `_bulk`s (a handful of
notices each) and the harness searches the pending ids every 100 ms. This does the same against one index: bulks of
BULK documents at RATE documents/s (a fixed schedule, up to 3 requests in flight when behind it), an `ids` search of the documents sent
in the last 1.5 s every 100 ms, for SECONDS (fewer documents when the node falls behind), then waits for the index's merges to end. Documents are mapping_corpus.py's, each given a fresh id (TAG + number)
so that rounds add to the index as a running pipeline does. CPU: the node's process (utime + stime from /proc) and
its threads grouped by pool from `jcmd Thread.print` (write, refresh, merge, search, JIT, GC, ...), before and after.
Usage:
    python3 trickle_load.py create PORT INDEX TEMPLATE.json [SETTINGS_JSON]   (index settings merged over the template's)
    python3 trickle_load.py load PORT PID INDEX DOCS_FILE TAG [RATE BULK SECONDS [CONSUMERS PERIOD_MS GATE]]
        (200 10 60 0 100 0). CONSUMERS > 0 replaces the fixed schedule by index-service's shape at a trickle:
        CONSUMERS senders, each sending, PERIOD_MS after its last answer (a consumer's fetch-max-wait), the documents
        that arrived for it meanwhile (BULK is then unused); GATE > 0 lets at most GATE requests be in flight together
        (1: gongkai.index.bulk.serial-max-documents). The line printed also gives the bulks sent and the segments the
        index created (highest segment generation; flushed = created - merges of the round). Session 12.
        LATENCY=1: the search asks for every id not yet found (10 s back) and the line gives each document's time
        from its arrival to its first hit (p50, p99, max; its searches then cost more than the bench poller's).
Alternate the variants (A B A B ...) on the same machine: its other load moves every absolute figure.
"""
import json, os, re, subprocess, sys, threading, time, http.client

def req(port, method, path, body=None, ctype='application/json'):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=120)
    c.request(method, path, body=body, headers={'Content-Type': ctype})
    r = c.getresponse(); data = r.read(); c.close(); return r.status, data

def create(port, index, template_file, settings=None):
    tpl = json.load(open(template_file))
    tpl['index_patterns'] = [index]
    if settings:
        tpl['template']['settings']['index'].update(json.loads(settings))
    req(port, 'DELETE', f'/{index}')
    s, d = req(port, 'PUT', f'/_index_template/trickle-{index}', json.dumps(tpl)); assert s == 200, d
    s, d = req(port, 'PUT', f'/{index}'); assert s == 200, d

def proc_cpu(pid):
    f = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf('SC_CLK_TCK')

THREAD = re.compile(r'^"(.*)" .*?\bcpu=([0-9.]+)(ms|s)\b')
POOL = re.compile(r'^elasticsearch\[[^\]]*\]\[([a-z_]+)\]')

def group(name):
    if 'Lucene Merge Thread' in name: return 'merge'
    m = POOL.match(name)
    if m: return m.group(1)
    if 'CompilerThread' in name: return 'jit'
    if name.startswith(('GC Thread', 'G1 ', 'VM Thread', 'VM Periodic')) or 'GC' in name: return 'gc+vm'
    return 'other'

def threads(pid):
    owner = subprocess.run(['stat', '-c', '%U', f'/proc/{pid}'], capture_output=True, text=True).stdout.strip()
    cmd = ['/usr/lib/jvm/java-17-openjdk-amd64/bin/jcmd', str(pid), 'Thread.print']
    if os.geteuid() == 0 and owner != 'root':
        cmd = ['runuser', '-u', owner, '--'] + cmd
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    g = {}
    for line in out.splitlines():
        m = THREAD.match(line)
        if m:
            s = float(m.group(2)) / (1000 if m.group(3) == 'ms' else 1)
            g[group(m.group(1))] = g.get(group(m.group(1)), 0) + s
    return g

def created_segments(port, index):
    """Segments the index has created so far: the highest generation among its segments' names (base 36) + 1."""
    s, d = req(port, 'GET', f'/{index}/_segments?filter_path=indices.*.shards.*.segments')
    gens = [int(name[1:], 36) for shards in json.loads(d)['indices'][index]['shards'].values()
            for copy in shards for name in copy['segments']]
    return max(gens) + 1 if gens else 0

def searchable_ms(seen, tag, t0, rate, n):
    """Arrival (t0 + k / rate, when a consumer could first have had document k) to its first hit: p50, p99, max."""
    ms = sorted((t - (t0 + int(i[len(tag):]) / rate)) * 1000 for i, t in seen.items())
    pick = lambda q: round(ms[min(len(ms) - 1, int(q * len(ms)))]) if ms else None
    return {"searchable_ms": {"p50": pick(0.5), "p99": pick(0.99), "max": pick(1.0), "unseen": n - len(ms)}}

def load(port, pid, index, docs_file, tag, rate=200, bulk=10, seconds=60, consumers=0, period_ms=100, gate=0):
    docs = []
    for line in open(docs_file):
        ls = line.rstrip('\n').split('\x01')
        for k in range(0, len(ls) - 1, 2):
            docs.append((ls[k], ls[k + 1]))
    n = int(rate * seconds)
    sent = [0]; sent_ids = []; lock = threading.Lock(); done = [False]; searches = [0]; errors = [0]
    latency = os.environ.get('LATENCY') == '1'  # also time each document from its arrival to searchable
    seen = {}
    def search():
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
        while not done[0]:
            now = time.time()
            with lock:
                if latency:  # every sent id not yet found (up to 10 s back): its first hit is its time to searchable
                    ids = [i for t, i in sent_ids[-int(rate * 10):] if now - t < 10 and i not in seen]
                else:
                    ids = [i for t, i in sent_ids[-int(rate * 1.5):] if now - t < 1.5]
            if ids:
                body = json.dumps({"size": len(ids), "_source": False, "query": {"ids": {"values": ids}}})
                c.request('POST', f'/{index}/_search', body=body, headers={'Content-Type': 'application/json'})
                data = c.getresponse().read(); searches[0] += 1
                if latency:
                    found = time.time()
                    for hit in json.loads(data)['hits']['hits']:
                        seen.setdefault(hit['_id'], found)
            time.sleep(0.1)
    seg0 = created_segments(port, index)
    load0 = os.getloadavg()[0]; t_before = threads(pid); c0 = proc_cpu(pid); t0 = time.time()
    st = threading.Thread(target=search); st.start()
    nxt = iter(range(0, n, bulk))
    sem = threading.Semaphore(gate) if gate else None
    bulks = [0]
    def body(lo, hi):
        parts, ids = [], []
        for k in range(lo, hi):
            action, doc = docs[k % len(docs)]
            old = json.loads(action)['index']['_id']; new = f'{tag}{k:07d}'
            parts.append(action.replace(old, new) + '\n' + doc.replace(old, new) + '\n'); ids.append(new)
        return ''.join(parts).encode(), ids
    def post(c, payload, ids):
        if sem: sem.acquire()
        try:
            c.request('POST', f'/{index}/_bulk?filter_path=errors', body=payload,
                      headers={'Content-Type': 'application/x-ndjson'})
            r = c.getresponse(); data = r.read()
        finally:
            if sem: sem.release()
        if r.status != 200 or b'true' in data: errors[0] += 1
        with lock:
            now = time.time(); sent_ids.extend((now, i) for i in ids); sent[0] += len(ids); bulks[0] += 1
    def consume(j):
        # consumer j of K: documents j, j+K, j+2K, ... arrive at rate/K; every period it sends what has arrived
        # (a Kafka consumer whose fetch returns after fetch-max-wait), starting at a random phase
        import random
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=120)
        period = period_ms / 1000.0
        at = t0 + random.Random(j).random() * period
        k = j
        while at < t0 + seconds:
            if at > time.time(): time.sleep(at - time.time())
            until = min(time.time(), t0 + seconds) - t0
            mine = []
            while k < n and k / rate <= until:
                mine.append(k); k += consumers
            if mine:
                parts, ids = [], []
                for x in mine:
                    p_, i_ = body(x, x + 1); parts.append(p_); ids += i_
                post(c, b''.join(parts), ids)
            at = max(at + period, time.time()) if not mine else time.time() + period
    def send():
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=120)
        while True:
            with lock:
                b = next(nxt, None)
            if b is None or time.time() > t0 + seconds: return
            due = t0 + b / rate
            if due > time.time(): time.sleep(due - time.time())
            post(c, *body(b, min(n, b + bulk)))
    if consumers:
        senders = [threading.Thread(target=consume, args=(j,)) for j in range(consumers)]
    else:
        senders = [threading.Thread(target=send) for _ in range(3)]
    [t.start() for t in senders]; [t.join() for t in senders]
    n = sent[0]
    t1 = time.time(); time.sleep(1.5)
    while latency and len(seen) < n and time.time() < t1 + 10: time.sleep(0.1)
    done[0] = True; st.join()
    for _ in range(60):  # the merges this round started belong to it: wait for them (up to 60 s)
        s, d = req(port, 'GET', f'/{index}/_stats/merge?filter_path=_all.primaries.merges.current')
        if json.loads(d)['_all']['primaries']['merges']['current'] == 0: break
        time.sleep(1)
    c1 = proc_cpu(pid); t_after = threads(pid); load1 = os.getloadavg()[0]
    used = {k: max(0.0, t_after.get(k, 0) - t_before.get(k, 0)) for k in t_after}
    used['ended'] = max(0.0, (c1 - c0) - sum(used.values()))
    s, d = req(port, 'GET', f'/{index}/_stats/docs,segments,refresh,merge?filter_path=_all.primaries')
    p = json.loads(d)['_all']['primaries']
    print(json.dumps({"index": index, "tag": tag, "docs": n, "errors": errors[0], "rate": round(n / (t1 - t0)),
        "es_us_doc": round((c1 - c0) * 1e6 / n),
        "split_us_doc": {k: round(v * 1e6 / n) for k, v in sorted(used.items(), key=lambda e: -e[1]) if v * 1e6 / n >= 5},
        "load": [round(load0, 1), round(load1, 1)], "index_docs": p['docs']['count'],
        "segments": p['segments']['count'], "merges": p['merges']['total'], "searches": searches[0],
        "bulks": bulks[0], "created_segments": created_segments(port, index) - seg0,
        **(searchable_ms(seen, tag, t0, rate, n) if latency else {})}), flush=True)

if __name__ == '__main__':
    a = sys.argv
    if a[1] == 'create':
        create(int(a[2]), a[3], a[4], a[5] if len(a) > 5 else None)
    else:
        load(int(a[2]), int(a[3]), a[4], a[5], a[6], *(float(x) if i == 0 else int(x) for i, x in enumerate(a[7:13])))
