"""The Python peer of sockshell's load generator (netinfo/loadgen), for
bench/clients: N asyncio clients at once against an echo server, each
connecting, then for each round sending the same message loadgen sends
(loadgen.Pattern: a first line naming the client and the round, then lines
holding their own offset), reading exactly as many bytes back and comparing
them; every failure counted by kind, as loadgen counts them.

    python3 asyncio_clients.py HOST PORT CLIENTS SIZE ROUNDS [TIMEOUT]

It prints one JSON object: the elapsed time (from the first connect to the
last client's end, as loadgen's Result.Elapsed), the counts, and the
round-trip p50 and p99 in seconds.
"""

import asyncio
import json
import resource
import sys
import time

LINE = 16


def body(size):
    """The lines of loadgen.Pattern, the first one included."""
    out = bytearray(size)
    for off in range(0, size, LINE):
        line = b"%015x\n" % off
        out[off:off + LINE] = line[:size - off]
    return bytes(out)


def stamp(client, rnd):
    return b"c%06d r%06d\n" % (client % 1000000, rnd % 1000000)


async def client(i, host, port, shared, rounds, timeout, counts, latencies):
    head_len = min(LINE, len(shared))
    tail = memoryview(shared)[head_len:]
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(host, port)
    except ConnectionRefusedError:
        counts["refused"] += 1
        return
    except ConnectionResetError:
        counts["reset"] += 1
        return
    except TimeoutError:
        counts["timed out"] += 1
        return
    except OSError:
        counts["other errors"] += 1
        return
    try:
        for rnd in range(1, rounds + 1):
            head = stamp(i, rnd)[:head_len]
            async with asyncio.timeout(timeout):
                t0 = time.perf_counter()
                writer.writelines((head, tail))
                data = await reader.readexactly(len(shared))
                latencies.append(time.perf_counter() - t0)
            if data[:head_len] != head or memoryview(data)[head_len:] != tail:
                counts["wrong bytes"] += 1
                return
        counts["ok"] += 1
    except asyncio.IncompleteReadError:
        counts["closed early"] += 1
    except (ConnectionResetError, BrokenPipeError):
        counts["reset"] += 1
    except TimeoutError:
        counts["timed out"] += 1
    except OSError:
        counts["other errors"] += 1
    finally:
        writer.close()


async def main():
    host, port, clients, size, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    timeout = float(sys.argv[6]) if len(sys.argv) > 6 else 10.0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < clients + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, clients + 64), hard))
    shared = body(size)
    counts = dict.fromkeys(["ok", "wrong bytes", "closed early", "refused", "reset", "timed out", "other errors"], 0)
    latencies = []
    start = time.perf_counter()
    await asyncio.gather(*(client(i, host, port, shared, rounds, timeout, counts, latencies)
                           for i in range(1, clients + 1)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    pct = lambda p: latencies[max((len(latencies) * p + 99) // 100, 1) - 1] if latencies else 0
    print(json.dumps({"elapsed": elapsed, "counts": counts, "p50": pct(50), "p99": pct(99)}))


asyncio.run(main())
