#!/usr/bin/env python3
"""The attacker beside the well-behaved client in hostile-load.sh: for DURATION seconds it keeps CONNECTIONS
slow-body connections open, spread over ADDRESSES loopback addresses (127.0.0.2, .3, …), each sending the head of a
determination that declares 100,000 bytes and then one byte at a time, reopening whatever the service closes; and
it sends a stream of hostile requests (malformed %-escapes, wrong passwords, an oversized Content-Length). Prints
the status codes the attacker got, by kind.

    slow-clients.py PORT DURATION [CONNECTIONS=250] [ADDRESSES=25]
"""
import collections
import selectors
import socket
import sys
import threading
import time

port, duration = int(sys.argv[1]), float(sys.argv[2])
connections = int(sys.argv[3]) if len(sys.argv) > 3 else 250
addresses = int(sys.argv[4]) if len(sys.argv) > 4 else 25
AUTH = "Basic Y2FzZXdvcmtlcjpjYXNld29ya2VyLXBhc3M="  # caseworker:caseworker-pass
counts = collections.Counter()
lock = threading.Lock()
end = time.time() + duration


def count(kind, status):
    with lock:
        counts[(kind, status)] += 1


def status_of(data):
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return "no answer"


def open_slow(i):
    s = socket.socket()
    s.bind(("127.0.0.%d" % (2 + i % addresses), 0))
    s.settimeout(2)
    s.connect(("127.0.0.1", port))
    s.sendall(("POST /api/v1/determinations?asOf=2019-10-01 HTTP/1.1\r\nHost: localhost\r\nAuthorization: %s\r\n"
               "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{" % AUTH).encode())
    s.setblocking(False)
    return s


def slow_senders():
    sel = selectors.DefaultSelector()
    socks = {}
    for i in range(connections):
        try:
            socks[i] = open_slow(i)
            sel.register(socks[i], selectors.EVENT_READ, i)
        except OSError:
            count("slow body", "connect failed")
    last_byte = time.time()
    while time.time() < end:
        for key, _ in sel.select(timeout=0.5):
            i = key.data
            s = socks[i]
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            count("slow body", status_of(data) if data else "closed")
            sel.unregister(s)
            s.close()
            try:
                socks[i] = open_slow(i)
                sel.register(socks[i], selectors.EVENT_READ, i)
            except OSError:
                count("slow body", "connect failed")
        if time.time() - last_byte > 1:
            last_byte = time.time()
            for s in list(socks.values()):
                try:
                    s.send(b" ")
                except OSError:
                    pass
    for s in socks.values():
        s.close()


def one(kind, raw, source):
    try:
        s = socket.socket()
        s.bind((source, 0))
        s.settimeout(10)
        s.connect(("127.0.0.1", port))
        s.sendall(raw)
        data = s.recv(65536)
        count(kind, status_of(data))
        s.close()
    except OSError:
        count(kind, "error")


def hostile_requests():
    n = 0
    while time.time() < end:
        source = "127.0.0.%d" % (100 + n % 50)
        one("bad %-escape", ("GET /actuator/health?x=%%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").encode(), source)
        one("wrong password", ("GET /api/v1/ruleset HTTP/1.1\r\nHost: x\r\nAuthorization: Basic Y2FzZXdvcmtlcjp4\r\n"
                               "Connection: close\r\n\r\n").encode(), source)
        one("oversized Content-Length", ("POST /api/v1/determinations HTTP/1.1\r\nHost: x\r\nAuthorization: %s\r\n"
                                         "Content-Type: application/json\r\nContent-Length: 900000000\r\n"
                                         "Connection: close\r\n\r\n" % AUTH).encode(), source)
        n += 1
        time.sleep(0.05)


threads = [threading.Thread(target=slow_senders), threading.Thread(target=hostile_requests)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("attacker's answers (kind, status: count):")
for (kind, status), c in sorted(counts.items(), key=lambda x: (x[0][0], str(x[0][1]))):
    print("  %-26s %-14s %d" % (kind, status, c))
