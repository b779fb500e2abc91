"""A TCP proxy that can cut every connection through it: a broker outage on demand.

The services talk to ``amqp://guest:guest@127.0.0.1:<proxy.port>//``; the proxy forwards each
connection to the real broker. ``cut()`` closes the listening socket and every open connection
(both sides), so clients see their connections drop and new connects are refused, exactly as
when the broker is unreachable. ``restore()`` listens on the same port again.

It runs an asyncio loop in a daemon thread; ``cut``, ``restore`` and ``close`` are synchronous
and return once the change took effect.
"""

from __future__ import annotations

import asyncio
import socket
import threading


class TcpProxy:
    """Forwards ``127.0.0.1:<port>`` to ``upstream``; ``cut()`` / ``restore()`` an outage."""

    def __init__(self, upstream: tuple[str, int] = ("127.0.0.1", 5672), port: int = 0):
        self.upstream = upstream
        self.port = port or _free_port()
        self.accepted = 0  # client connections forwarded, over the proxy's life
        self.refused_while_cut = 0  # connections that raced a cut and were closed at once
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="chaos-proxy", daemon=True)
        self._server: asyncio.AbstractServer | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._is_cut = False
        self._thread.start()
        self._call(self._listen())

    # -- the synchronous interface ------------------------------------------------------------
    @property
    def url(self) -> str:
        """The AMQP URL clients use to go through the proxy."""
        return f"amqp://guest:guest@127.0.0.1:{self.port}//"

    @property
    def is_cut(self) -> bool:
        """True between ``cut()`` and ``restore()``."""
        return self._is_cut

    def open_connections(self) -> int:
        """Client connections currently forwarded."""
        return self._call(self._count())

    def cut(self) -> int:
        """Stop listening and close every open connection; return how many were closed."""
        return self._call(self._cut())

    def restore(self) -> None:
        """Listen again on the same port."""
        self._call(self._listen())

    def close(self) -> None:
        """Cut everything and stop the proxy's thread."""
        if not self._thread.is_alive():
            return
        self._call(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def __enter__(self) -> "TcpProxy":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- inside the loop --------------------------------------------------------------------
    def _call(self, coro, timeout: float = 10.0):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _count(self) -> int:
        return len(self._writers) // 2

    async def _listen(self) -> None:
        self._is_cut = False
        if self._server is None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)

    async def _cut(self) -> int:
        self._is_cut = True
        if self._server is not None:
            self._server.close()  # stops accepting at once; connects are refused from now on
            self._server = None
        writers, self._writers = list(self._writers), set()
        for writer in writers:
            _abort(writer)
        return len(writers) // 2

    async def _shutdown(self) -> None:
        await self._cut()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if self._is_cut:  # accepted just before the listener closed
            self.refused_while_cut += 1
            _abort(client_writer)
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            _abort(client_writer)
            return
        if self._is_cut:
            self.refused_while_cut += 1
            _abort(client_writer)
            _abort(upstream_writer)
            return
        self.accepted += 1
        pair = (client_writer, upstream_writer)
        self._writers.update(pair)
        try:
            await asyncio.gather(
                _pump(client_reader, upstream_writer), _pump(upstream_reader, client_writer), return_exceptions=True
            )
        finally:
            for writer in pair:
                self._writers.discard(writer)
                _abort(writer)


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy bytes until EOF or an error, then close the other side."""
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    finally:
        _abort(writer)


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close a connection at once (RST, nothing buffered is flushed)."""
    transport = writer.transport
    if not transport.is_closing():
        transport.abort()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
