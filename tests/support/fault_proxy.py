"""A fault-injecting HTTP/1.1 reverse proxy to put between xxgk and a real S3 server.

Every request is forwarded as the client sent it (method, path and query, headers including
``Host`` and the SigV4 ones, body), so signatures made for the proxy's address stay valid:
SeaweedFS checks them against the ``Host`` header it receives. Request bodies are read by
``Content-Length`` (aws-chunked bodies from boto3 and pyarrow carry one) or, for
``Transfer-Encoding: chunked``, relayed with their chunk framing unchanged.

At random, with a set rate and a seeded :class:`random.Random`, a request gets a fault instead
of (or after) its real answer:

* ``500``: an S3 ``InternalError``; ``503``: an S3 ``SlowDown`` (throttling);
* ``reset``: the connection closed with a TCP RST, before forwarding or mid-response;
* ``timeout``: no answer for longer than the client's read timeout, then a close;
* ``slow``: the real response, its body dribbled out slowly but within the timeout;
* ``truncated``: the real headers with only part of the body, then a clean close (an answer
  without a body is cut in its headers, and reset).

Faults marked "after" hit a request the server did process (a write that happened whose answer
was lost), as real networks do. Reads (GET, HEAD) and writes (PUT, POST, DELETE) draw from
streams of their own: for one seed the n-th read gets the same fault however many writes a
run's threads sent meanwhile.
:meth:`FaultProxy.go_down` makes every request fail from some point on (the store is down),
:meth:`FaultProxy.inject_next` gives one chosen request one chosen fault.

    with fault_proxy(endpoint.url, rate=0.2, seed=7) as proxy:
        ...  # point the client at proxy.url; proxy.injected counts faults per kind
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import socket
import struct
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal
from urllib.parse import urlparse

__all__ = ["ALL_FAULTS", "READS", "WRITES", "DownMode", "Fault", "FaultProxy", "fault_proxy"]

Fault = Literal["500", "503", "reset", "timeout", "slow", "truncated"]
DownMode = Literal["unavailable", "reset"]
ALL_FAULTS: tuple[Fault, ...] = ("500", "503", "reset", "timeout", "slow", "truncated")
READS = frozenset({"GET", "HEAD"})
WRITES = frozenset({"PUT", "POST", "DELETE"})
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}
)
_ERRORS = {  # fault -> status, reason, S3 error code, message
    "500": (500, "Internal Server Error", "InternalError", "We encountered an internal error."),
    "503": (503, "Slow Down", "SlowDown", "Please reduce your request rate."),
    "unavailable": (
        503, "Service Unavailable", "ServiceUnavailable", "Service is unable to handle request."
    ),
}  # fmt: skip


class FaultProxy:
    """The proxy's state, shared by its handler threads: what to inject, what was injected."""

    def __init__(
        self,
        target_url: str,
        *,
        rate: float,
        kinds: tuple[Fault, ...],
        methods: frozenset[str],
        seed: int,
        hold_seconds: float,
        slow_seconds: float,
        upstream_timeout: float,
    ) -> None:
        target = urlparse(target_url)
        if target.scheme != "http" or not target.hostname:
            raise ValueError(f"{target_url!r}: the proxy forwards to plain http://host:port")
        self.target = (target.hostname, target.port or 80)
        self.rate = rate
        self.kinds = kinds
        self.methods = methods
        self.seed = seed
        self.hold_seconds = hold_seconds
        self.slow_seconds = slow_seconds
        self.upstream_timeout = upstream_timeout
        self.injected: Counter[str] = Counter()  # "503", "reset/after", … and "down"
        self.faulted: Counter[str] = Counter()  # faults by method
        self.requests: Counter[str] = Counter()  # by method, faulted or not
        self.log: list[tuple[str, str, str]] = []  # method, path, fault ("" for none)
        self.down: DownMode | None = None
        self._down_after = 0
        self._down_matching = ""
        self._scripted: list[tuple[Fault, bool, str]] = []
        self.stopping = threading.Event()
        # One stream for reads, one for writes: which reads get faults does not depend on
        # how the threads of a run happened to interleave reads with writes.
        self._random = {d: random.Random(f"{seed}:{d}") for d in ("read", "write")}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler, self)
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}"

    def go_down(self, mode: DownMode = "unavailable", after: int = 0, matching: str = "") -> None:
        """Fail every request (with a 503 ServiceUnavailable, or a reset connection) once
        `after` more requests whose path contains `matching` have been forwarded."""
        with self._lock:
            self.down, self._down_after, self._down_matching = mode, after, matching

    def inject_next(self, kind: Fault, *, after: bool = False, method: str = "") -> None:
        """Give the next request (with `method`, if given) this fault, whatever the rate:
        for tests of one fault on one request."""
        with self._lock:
            self._scripted.append((kind, after, method))

    def come_back(self) -> None:
        with self._lock:
            self.down = None

    @property
    def total(self) -> int:
        """Requests received so far."""
        return sum(self.requests.values())

    def faults(self, kind: str) -> int:
        """How many faults of one kind (both phases) were injected."""
        return sum(n for name, n in self.injected.items() if name.split("/")[0] == kind)

    def choose(self, method: str, path: str) -> tuple[str, bool] | None:
        """The fault for this request and whether it comes after forwarding, or None."""
        with self._lock:
            self.requests[method] += 1
            fault, name = self._draw(method, path), ""
            if fault is not None:
                kind, after = fault
                name = "down" if self.down else f"{kind}/after" if after else kind
                self.injected[name] += 1
                self.faulted[method] += 1
            self.log.append((method, path, name))
            return fault

    def _draw(self, method: str, path: str) -> tuple[str, bool] | None:
        if self.down is not None:
            if not self._down_after:
                return self.down, False
            if self._down_matching in path:
                self._down_after -= 1
            return None
        for number, (kind, after, wanted) in enumerate(self._scripted):
            if wanted in ("", method):
                del self._scripted[number]
                return kind, after
        draw = self._random["read" if method in READS else "write"]
        if method not in self.methods or draw.random() >= self.rate:
            return None
        chosen = draw.choice(self.kinds)
        # Throttling refuses a request unprocessed; slow and truncated bodies are of real
        # answers; the others hit either side of the server's work.
        return chosen, chosen in ("slow", "truncated") or (chosen != "503" and draw.random() < 0.5)

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fault-proxy", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, cut open connections, and wait for every handler thread."""
        self.stopping.set()
        self._server.shutdown()
        self._thread.join()
        self._server.close_connections()
        self._server.server_close()  # joins the handler threads


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # joined on close, so no thread outlives the proxy
    block_on_close = True

    def __init__(
        self, address: tuple[str, int], handler: type[_Handler], proxy: FaultProxy
    ) -> None:
        self.proxy = proxy
        self.open: set[socket.socket] = set()
        self.open_lock = threading.Lock()
        super().__init__(address, handler)

    def close_connections(self) -> None:
        with self.open_lock:
            for connection in self.open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # an idle keep-alive connection ends by itself
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.upstream: http.client.HTTPConnection | None = None
        with self.server.open_lock:
            self.server.open.add(self.connection)

    def finish(self) -> None:
        with self.server.open_lock:
            self.server.open.discard(self.connection)
        if self.upstream is not None:
            self.upstream.close()
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a test's output is for its own messages."""

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError, http.client.HTTPException, OSError):
            self.close_connection = True

    @property
    def proxy(self) -> FaultProxy:
        return self.server.proxy

    def _proxy(self) -> None:
        body = self._request_body()
        fault = self.proxy.choose(self.command, self.path)
        if fault is not None and not fault[1]:
            self._before(fault[0])
            return
        status, reason, headers, payload = self._forward(body)
        if fault is None:
            self._answer(status, reason, headers, payload)
        else:
            self._after(fault[0], status, reason, headers, payload)

    # `Expect: 100-continue` is answered by BaseHTTPRequestHandler and still forwarded (it may
    # be signed); http.client skips the server's own 100 response.
    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = _proxy  # noqa: N815 (http.server names)

    def _request_body(self) -> bytes:
        """The body exactly as sent: by Content-Length, or chunks with their framing."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raw = bytearray()
            while True:
                line = self.rfile.readline(65537)
                raw += line
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while True:  # trailers, up to the empty line
                        trailer = self.rfile.readline(65537)
                        raw += trailer
                        if trailer in (b"\r\n", b"\n", b""):
                            return bytes(raw)
                raw += self.rfile.read(size + 2)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _forward(self, body: bytes) -> tuple[int, str, list[tuple[str, str]], bytes]:
        if self.upstream is None:
            self.upstream = http.client.HTTPConnection(
                *self.proxy.target, timeout=self.proxy.upstream_timeout
            )
        upstream = self.upstream
        try:
            upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                if name.lower() not in ("connection", "keep-alive", "proxy-connection"):
                    upstream.putheader(name, value)
            upstream.endheaders(body or None)
            response = upstream.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            upstream.close()  # the next request opens a new connection
            raise
        if response.will_close:
            upstream.close()
        headers = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
        return response.status, response.reason, headers, payload

    def _head(self, status: int, reason: str, headers: list[tuple[str, str]], length: int) -> bytes:
        lines = [f"HTTP/1.1 {status} {reason}"]
        lines += [f"{k}: {v}" for k, v in headers if k.lower() != "content-length"]
        if self.command != "HEAD" or not any(k.lower() == "content-length" for k, _ in headers):
            lines.append(f"Content-Length: {length}")
        else:  # a HEAD answer carries the object's length, not its own
            lines += [f"{k}: {v}" for k, v in headers if k.lower() == "content-length"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _answer(
        self, status: int, reason: str, headers: list[tuple[str, str]], payload: bytes
    ) -> None:
        body = b"" if self.command == "HEAD" else payload
        self.wfile.write(self._head(status, reason, headers, len(body)) + body)

    def _error(self, kind: str) -> None:
        status, reason, code, message = _ERRORS[kind]
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{code}</Code><Message>{message}</Message>"
            f"<Resource>{self.path.split('?', 1)[0]}</Resource>"
            "<RequestId>fault-proxy</RequestId></Error>"
        ).encode()
        headers = [("Content-Type", "application/xml")]
        self._answer(status, reason, headers, xml)

    def _before(self, kind: str) -> None:
        """A fault the server never hears of."""
        if kind in _ERRORS:
            self._error(kind)
        elif kind == "timeout":
            self.proxy.stopping.wait(self.proxy.hold_seconds)
            self.close_connection = True
        else:
            self._reset()

    def _after(
        self, kind: str, status: int, reason: str, headers: list[tuple[str, str]], payload: bytes
    ) -> None:
        """A fault on a request the server did process."""
        body = b"" if self.command == "HEAD" else payload
        head = self._head(status, reason, headers, len(body))
        if kind in _ERRORS:
            self._error(kind)
        elif kind == "timeout":
            self.proxy.stopping.wait(self.proxy.hold_seconds)
            self.close_connection = True
        elif kind == "slow":
            # The headers late, then the body in up to eight pieces, each after a pause:
            # `slow_seconds` in all, every pause shorter than the client's read timeout.
            step = max(1, -(-len(body) // 8))
            chunks = [head, *(body[i : i + step] for i in range(0, len(body), step))]
            for chunk in chunks:
                self.proxy.stopping.wait(self.proxy.slow_seconds / len(chunks))
                self.wfile.write(chunk)
        elif kind == "truncated" and body:
            # Fewer bytes than Content-Length says, then a clean close.
            self.wfile.write(head + body[: len(body) // 2])
            self.close_connection = True
        else:
            # A reset mid-body, or mid-headers for an answer without a body: there a clean
            # close would read as a complete answer to http.client and curl alike (they take
            # end-of-stream as the end of the headers), which no client could tell apart.
            self.wfile.write(head + body[: len(body) // 2] if body else head[: len(head) // 2])
            self._reset()

    def _reset(self) -> None:
        """Close with SO_LINGER 0, so the client gets a TCP RST, not the FIN that
        socketserver's orderly shutdown would send."""
        self.close_connection = True
        sock = self.connection
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            with self.server.open_lock:
                self.server.open.discard(sock)
            os.close(sock.detach())


@contextlib.contextmanager
def fault_proxy(
    target_url: str,
    *,
    rate: float = 0.0,
    kinds: tuple[Fault, ...] = ALL_FAULTS,
    methods: frozenset[str] = READS | WRITES,
    seed: int | None = None,
    hold_seconds: float = 3.0,
    slow_seconds: float = 0.3,
    upstream_timeout: float = 60.0,
) -> Iterator[FaultProxy]:
    """A running proxy to `target_url` for the ``with`` block.

    `rate` is each request's chance of a fault, of a kind drawn from `kinds`, for requests
    whose method is in `methods`; `hold_seconds` must exceed the client's read timeout (the
    `timeout` fault) and `slow_seconds`, how long a slow body takes, stay below it.
    """
    chosen = random.SystemRandom().randrange(2**32) if seed is None else seed
    print(f"fault proxy to {target_url}: rate {rate}, kinds {','.join(kinds)}, seed {chosen}")
    proxy = FaultProxy(
        target_url,
        rate=rate,
        kinds=kinds,
        methods=methods,
        seed=chosen,
        hold_seconds=hold_seconds,
        slow_seconds=slow_seconds,
        upstream_timeout=upstream_timeout,
    )
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
