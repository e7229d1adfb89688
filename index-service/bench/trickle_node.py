"""Starts (or stops) a single Elasticsearch node for trickle_load.py, configured as deploy/servers' LocalElasticsearch
does (127.0.0.1 only, single node, security off), with extra JVM options and elasticsearch.yml lines to compare.
Runs the node as the gongkai-es user when started as root (LocalElasticsearch creates that user). Usage:
    python3 trickle_node.py start DIR PORT ES_HOME [JVM_OPTS] [YML_LINES separated by ';']   -> prints the server pid
    python3 trickle_node.py stop DIR
The node binds PORT (HTTP) and PORT + 100 (transport): a second node needs a PORT that is neither (session 11 ran
19300 and 19700; 19400 collided with the first node's transport port and the second node died while starting).
ES_HOME: an unpacked distribution with the analysis plugin, e.g. /tmp/gongkai-cache/elasticsearch-8.19.21+<hash>/
elasticsearch-8.19.21 (made by any build that ran LocalElasticsearch). JVM_OPTS go after the heap (-Xms1g -Xmx1g,
as the local run and the bench) in ES_JAVA_OPTS, so they win over config/jvm.options.
"""
import os, shutil, socket, subprocess, sys, time, http.client, json

def healthy(port):
    try:
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=3)
        c.request('GET', '/_cluster/health?wait_for_status=yellow&timeout=1s')
        return c.getresponse().status == 200
    except OSError:
        return False

def server_pid(launcher):
    # the launcher (bin/elasticsearch → cli) starts the server JVM as its child: the busiest descendant
    out = subprocess.run(['ps', '-e', '-o', 'pid=,ppid=,args='], capture_output=True, text=True).stdout
    kids = {}
    for line in out.splitlines():
        pid, ppid, args = line.split(None, 2)
        kids.setdefault(int(ppid), []).append((int(pid), args))
    todo, found = [launcher], []
    while todo:
        p = todo.pop()
        for k, args in kids.get(p, []):
            todo.append(k)
            if 'org.elasticsearch.bootstrap.Elasticsearch' in args:
                found.append(k)
    return found[0] if found else None

def in_use(port):
    try:
        socket.create_connection(('127.0.0.1', port), timeout=1).close()
        return True
    except OSError:
        return False

def start(d, port, home, jvm='', yml=''):
    busy = [p for p in (port, port + 100) if in_use(p)]
    if busy:  # else the health check may ask another node (or its transport port) and the new node dies unseen
        sys.exit(f'port(s) {busy} already in use: choose another PORT (the node binds PORT and PORT + 100)')
    os.makedirs(d, exist_ok=True)
    conf = os.path.join(d, 'config')
    if not os.path.exists(conf):
        shutil.copytree(os.path.join(home, 'config'), conf)
    for sub in ('data', 'logs'):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    lines = ['cluster.name: trickle', 'node.name: node-1', 'network.host: 127.0.0.1', f'http.port: {port}',
             f'transport.port: {port + 100}', 'discovery.type: single-node', f'path.data: {d}/data',
             f'path.logs: {d}/logs', 'cluster.routing.allocation.disk.threshold_enabled: false',
             'action.destructive_requires_name: false', 'xpack.security.enabled: false']
    lines += [l.strip() for l in yml.split(';') if l.strip()]
    open(os.path.join(conf, 'elasticsearch.yml'), 'w').write('\n'.join(lines) + '\n')
    env = dict(os.environ, ES_PATH_CONF=conf, ES_JAVA_HOME='/usr/lib/jvm/java-17-openjdk-amd64',
               ES_JAVA_OPTS=('-Xms1g -Xmx1g ' + jvm).strip())
    cmd = [os.path.join(home, 'bin/elasticsearch')]
    if os.geteuid() == 0:
        subprocess.run(['chown', '-R', 'gongkai-es:gongkai-es', d], check=True)
        cmd = ['runuser', '-u', 'gongkai-es', '--'] + cmd
    log = open(os.path.join(d, 'elasticsearch.log'), 'ab')
    p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=d, start_new_session=True)
    open(os.path.join(d, 'launcher.pid'), 'w').write(str(p.pid))
    for _ in range(180):
        if healthy(port):
            break
        time.sleep(1)
    else:
        sys.exit('not healthy after 180 s: ' + d)
    pid = server_pid(p.pid)
    open(os.path.join(d, 'server.pid'), 'w').write(str(pid))
    print(pid)

def stop(d):
    pid = int(open(os.path.join(d, 'server.pid')).read())
    os.kill(pid, 15)

if __name__ == '__main__':
    if sys.argv[1] == 'start':
        a = sys.argv[2:] + ['', '']
        start(a[0], int(a[1]), a[2], a[3], a[4])
    else:
        stop(sys.argv[2])
