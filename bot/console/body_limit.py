"""Bodies refused before anyone reads them: the console's routes parse JSON before the
login is checked (FastAPI reads the body first), so an anonymous caller could make it
buffer and parse 100 MB to get a 401. This ASGI middleware, outermost, answers 413 for a
declared `Content-Length` over the limit, and for a body that grows past it while
streamed (chunked); and 408 when the body does not arrive within `body_seconds` (a
trickled body held a connection open for as long as the client liked).

uvicorn has no timeout for the request's headers; `--limit-concurrency` (bot/launcher/stack.py)
bounds how many such connections it keeps, and the production profile's nginx times them
out (docs/deploy.md)."""

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1_000_000  # the console's JSON is a few kilobytes; a CSV import is not here
BODY_SECONDS = 30.0


class BodyLimit:
    def __init__(
        self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES, body_seconds: float = BODY_SECONDS
    ) -> None:
        self.app, self.max_bytes, self.body_seconds = app, max_bytes, body_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            await _answer(send, 413, "request body too large")
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_seconds
        received, started, refused, complete = 0, False, False, False

        async def refuse(status: int, detail: str) -> Message:
            """Answer now; the app sees a client that went away, and its answer is dropped."""
            nonlocal refused
            if not started and not refused:
                await _answer(send, status, detail)
            refused = True
            return {"type": "http.disconnect"}

        async def limited_receive() -> Message:
            nonlocal received, complete
            if refused:
                return {"type": "http.disconnect"}
            if complete:  # only waiting for a disconnect now: no deadline
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except asyncio.TimeoutError:
                return await refuse(408, "request body too slow")
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    return await refuse(413, "request body too large")
                complete = not message.get("more_body", False)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited_receive, watched_send)


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
