"""Kernels over jupyter_server's websocket (/api/kernels/ID/channels), the way JupyterLab talks to them.

Reads one JSON request per line on stdin and answers each with one JSON line on stdout, tagged with its
id; requests run concurrently, so one process drives a whole class. Requests:
  {"id", "op": "connect", "url": "ws://…/channels", "token": "…"}        -> {"conn": "c1"}
  {"id", "op": "execute", "conn", "code", "timeout": seconds}             -> the cell's reply and outputs
  {"id", "op": "close", "conn"}                                           -> {}
Every kernel status a connection saw ("restarting", "dead", …) is reported with each execute.
"""
import asyncio
import datetime
import json
import sys
import time
import uuid

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


class Connection:
    def __init__(self, ws):
        self.ws = ws
        self.session = uuid.uuid4().hex
        self.waiting = {}  # msg_id -> asyncio.Queue of the messages answering it
        self.states = []  # every execution_state seen, in order (restarting/dead mean the kernel died)
        self.reader = asyncio.ensure_future(self.read())

    async def read(self):
        while True:
            text = await self.ws.read_message()
            if text is None:
                for queue in self.waiting.values():
                    queue.put_nowait(None)
                return
            if not isinstance(text, str):
                continue  # binary frames carry buffers, which these cells do not send
            msg = json.loads(text)
            if msg.get("msg_type") == "status":
                self.states.append(msg["content"]["execution_state"])
            queue = self.waiting.get(msg.get("parent_header", {}).get("msg_id"))
            if queue is not None:
                queue.put_nowait(msg)

    async def execute(self, code, timeout):
        msg_id = uuid.uuid4().hex
        queue = asyncio.Queue()
        self.waiting[msg_id] = queue
        header = {
            "msg_id": msg_id,
            "msg_type": "execute_request",
            "session": self.session,
            "username": "student",
            "version": "5.3",
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        }
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
        started = time.monotonic()
        await self.ws.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
        reply, idle, outputs = None, False, []
        try:
            while reply is None or not idle:
                left = timeout - (time.monotonic() - started)
                msg = await asyncio.wait_for(queue.get(), max(left, 0.001))
                if msg is None:
                    raise ConnectionError("the kernel's websocket closed while the cell ran")
                kind = msg["msg_type"]
                if kind == "execute_reply":
                    reply = msg["content"]
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
                elif kind in ("stream", "execute_result", "display_data", "update_display_data", "error"):
                    outputs.append(summarize(kind, msg["content"]))
        except asyncio.TimeoutError:
            raise TimeoutError(f"the cell did not finish within {timeout} s (reply: {reply is not None}, idle: {idle}): {code[:80]!r}")
        finally:
            del self.waiting[msg_id]
        return {
            "status": reply.get("status"),
            "execution_count": reply.get("execution_count"),
            "ename": reply.get("ename"),
            "evalue": reply.get("evalue"),
            "outputs": outputs,
            "seconds": round(time.monotonic() - started, 3),
            "states": list(self.states),
        }


def summarize(kind, content):
    """An output without its large payloads: text, the MIME types it carried and text/plain."""
    out = {"output_type": kind}
    if kind == "stream":
        out["name"], out["text"] = content["name"], content["text"]
    elif kind == "error":
        out["ename"], out["evalue"] = content["ename"], content["evalue"]
    else:
        data = content.get("data", {})
        out["mime"] = sorted(data)
        out["text"] = data.get("text/plain", "")
    return out


connections = {}


async def handle(request):
    op = request["op"]
    if op == "connect":
        ws = await websocket_connect(
            HTTPRequest(request["url"], headers={"Authorization": f"token {request['token']}"}, connect_timeout=60, request_timeout=120),
            max_message_size=256 * 1024 * 1024,
        )
        name = f"c{len(connections) + 1}"
        connections[name] = Connection(ws)
        return {"conn": name}
    if op == "execute":
        return await connections[request["conn"]].execute(request["code"], request.get("timeout", 300))
    if op == "close":
        conn = connections.pop(request["conn"])
        conn.ws.close()
        conn.reader.cancel()
        return {}
    raise ValueError(f"unknown op {op!r}")


async def answer(request):
    try:
        result = {"id": request["id"], "ok": True, "result": await handle(request)}
    except Exception as e:  # reported to the caller, which fails the test with it
        result = {"id": request["id"], "ok": False, "error": f"{type(e).__name__}: {e}"}
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


async def main():
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=64 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    tasks = set()
    while line := await reader.readline():
        task = asyncio.ensure_future(answer(json.loads(line)))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    await asyncio.gather(*tasks)


if __name__ == "__main__":
    asyncio.run(main())
