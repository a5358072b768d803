"""API latency under load on loopback: read paths, and 20 tablets uploading chunks at once.

Starts the real server (`rehab-scribe serve --no-worker`) on 127.0.0.1 against a fresh SQLite file
or a fresh PostgreSQL database, seeds the demo clinic, then drives it with a bounded async client:
every loop has a fixed request count, and the server is stopped at the end.

    python -m bench.api_load [--db sqlite|postgresql|both] [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "import cli; cli.main()"]
PG_ADMIN = os.environ.get(
    "REHAB_SCRIBE_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


class Server:
    def __init__(self, db: str) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.port = _free_port()
        self.env = {
            **os.environ,
            "REHAB_SCRIBE_DATA_DIR": self.tmp.name,
            "REHAB_SCRIBE_EMBEDDED_WORKER": "false",
        }
        self.pg_name: str | None = None
        if db == "postgresql":
            import sqlalchemy as sa

            self.pg_name = f"bench_{uuid.uuid4().hex[:10]}"
            eng = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with eng.connect() as c:
                c.execute(sa.text(f'CREATE DATABASE "{self.pg_name}"'))
            eng.dispose()
            self.env["REHAB_SCRIBE_DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + f"/{self.pg_name}"
        subprocess.run([*CLI, "db", "upgrade"], env=self.env, cwd=ROOT, check=True, capture_output=True)
        subprocess.run([*CLI, "seed-demo"], env=self.env, cwd=ROOT, check=True, capture_output=True)
        self.proc = subprocess.Popen(
            [*CLI, "serve", "--no-worker", "--port", str(self.port), "--log-level", "WARNING"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(200):
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start")

    def peak_rss_mb(self) -> float:
        """The server's high-water resident memory, from /proc (Linux)."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            pass
        return float("nan")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)
        if self.pg_name:
            import sqlalchemy as sa

            eng = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with eng.connect() as c:
                c.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)'))
            eng.dispose()
        self.tmp.cleanup()


async def _login(client: httpx.AsyncClient, user: str) -> dict[str, str]:
    r = await client.post("/api/auth/login", json={"username": user, "password": "demo-password"})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def _timed(
    client: httpx.AsyncClient, method: str, url: str, out: list[float], errors: list[str], **kw: Any
) -> httpx.Response | None:
    t0 = time.perf_counter()
    try:
        r = await client.request(method, url, **kw)
    except httpx.HTTPError as exc:
        errors.append(type(exc).__name__)
        return None
    out.append(time.perf_counter() - t0)
    if r.status_code >= 400:
        errors.append(str(r.status_code))
    return r


async def _read_path(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], n: int, concurrency: int
) -> dict[str, Any]:
    lat: list[float] = []
    errors: list[str] = []
    sem = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with sem:
            await _timed(client, "GET", url, lat, errors, headers=headers)

    t0 = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(n)))
    wall = time.perf_counter() - t0
    return {
        "requests": n,
        "rps": round(n / wall, 1),
        "p50_ms": round(_pct(lat, 0.5), 1),
        "p99_ms": round(_pct(lat, 0.99), 1),
        "errors": len(errors),
    }


async def _tablets(
    client: httpx.AsyncClient, headers: dict[str, str], episode_id: int, tablets: int, chunks: int
) -> dict[str, Any]:
    lat: list[float] = []
    errors: list[str] = []
    payload = os.urandom(32 * 1024)

    async def tablet(k: int) -> int:
        r = await client.post(
            "/api/sessions", headers=headers, json={"episode_id": episode_id, "consent_to_record": True}
        )
        if r.status_code >= 400:
            errors.append(f"session {r.status_code}")
            return 0
        rec = await client.post(
            f"/api/sessions/{r.json()['id']}/recordings",
            headers=headers,
            json={"client_upload_id": f"load-{uuid.uuid4().hex}", "content_type": "audio/webm"},
        )
        rec_id = rec.json()["id"]
        sent = 0
        for i in range(chunks):
            data = payload[:-1] + bytes([i % 256])
            got = await _timed(
                client,
                "PUT",
                f"/api/recordings/{rec_id}/chunks/{i}",
                lat,
                errors,
                content=data,
                headers={
                    **headers,
                    "X-Chunk-SHA256": hashlib.sha256(data).hexdigest(),
                    "Content-Type": "application/octet-stream",
                },
            )
            sent += got is not None and got.status_code < 300
        state = (await client.get(f"/api/recordings/{rec_id}", headers=headers)).json()
        if (
            state.get("chunks_received") not in (chunks, list(range(chunks)))
            and state.get("next_chunk_index") != chunks
        ):
            errors.append(f"lost chunks on recording {rec_id}")
        return sent

    t0 = time.perf_counter()
    sent = await asyncio.gather(*(tablet(k) for k in range(tablets)))
    wall = time.perf_counter() - t0
    return {
        "tablets": tablets,
        "chunks": sum(sent),
        "chunks_per_s": round(sum(sent) / wall, 1),
        "p50_ms": round(_pct(lat, 0.5), 1),
        "p99_ms": round(_pct(lat, 0.99), 1),
        "errors": len(errors),
    }


async def _drive(base: str, requests: int) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        pt = await _login(client, "demo.pt")
        biller = await _login(client, "demo.biller")
        clients = (await client.get("/api/clients", headers=pt)).json()
        detail = (await client.get(f"/api/clients/{clients[0]['id']}", headers=pt)).json()
        episode_id = (detail.get("episodes") or [{}])[0].get("id")
        out: dict[str, Any] = {}
        out["GET /api/clients"] = await _read_path(client, "/api/clients", pt, requests, 10)
        out["GET /api/episodes/{id}"] = await _read_path(
            client, f"/api/episodes/{episode_id}", pt, requests, 10
        )
        out["GET /api/queues/cosign"] = await _read_path(client, "/api/queues/cosign", pt, requests, 10)
        out["GET /api/billing/feed"] = await _read_path(client, "/api/billing/feed", biller, requests, 10)
        out["20 tablets x 10 chunks (32 KB)"] = await _tablets(client, pt, episode_id, 20, 10)
        return out


def run(db: str = "sqlite", requests: int = 200) -> dict[str, Any]:
    server = Server(db)
    try:
        out = asyncio.run(_drive(server.base, requests))
        out["api process peak RSS"] = {"MB": server.peak_rss_mb()}
        return out
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    for db in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        for path, row in run(db, args.requests).items():
            print(db, path, row)  # noqa: T201


if __name__ == "__main__":
    main()
