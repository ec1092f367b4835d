/**
 * Shared pieces of the fault tests (faults-*.test.ts): waiting for a condition, the app's database while the
 * server runs (PostgreSQL) or is stopped (PGlite), a TCP proxy that can cut the app off from PostgreSQL, and
 * a reader for server-sent events.
 */
import net from 'node:net';
import path from 'node:path';
import { openDatabase, type Database_ } from '../../../src/lib/server/db';
import type { App } from '../../helpers/server';

export type StartedApp = App & { dataDir: string | null; dbUrl: string | null };

export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > end) throw new Error(`Hết thời gian chờ: ${what}`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs fn on the app's database: directly beside the running server (PostgreSQL), or with the server stopped (PGlite is one process). */
export async function withDb<T>(app: StartedApp, fn: (d: Database_) => Promise<T>): Promise<T> {
	if (app.db) return fn(app.db);
	const d = await openDatabase({ dataDir: path.join(app.dataDir!, 'pglite') });
	try {
		return await fn(d);
	} finally {
		await d.close();
	}
}

/**
 * Runs fn on the database of a running app. PostgreSQL: the direct connection, while the server runs. PGlite (one
 * process per folder): stop the server, open its folder, then start the server again on the same folder and port.
 */
export async function withAppDatabase<T>(app: StartedApp, fn: (d: Database_) => Promise<T>): Promise<T> {
	if (app.db) return fn(app.db);
	await app.kill('SIGTERM');
	try {
		return await withDb(app, fn);
	} finally {
		await app.restart();
	}
}

/** True while the child process of the app is alive (a signal 0 probe through its port: it answers HTTP). */
export async function answers(url: string, timeoutMs = 5000): Promise<boolean> {
	try {
		const r = await fetch(url + '/favicon.svg', { signal: AbortSignal.timeout(timeoutMs) });
		await r.arrayBuffer();
		return r.ok;
	} catch {
		return false;
	}
}

/**
 * A TCP proxy in front of PostgreSQL. `cut()` destroys every connection and stops listening, so new
 * connections are refused (ECONNREFUSED) — what the app sees when the database server goes away.
 * `restore()` listens again on the same port.
 */
export class TcpProxy {
	port = 0;
	connections = 0;
	private server: net.Server | null = null;
	private sockets = new Set<net.Socket>();
	constructor(
		private readonly targetHost: string,
		private readonly targetPort: number
	) {}

	private listen(port: number): Promise<void> {
		const server = net.createServer((client) => {
			this.connections++;
			const upstream = net.connect(this.targetPort, this.targetHost);
			for (const s of [client, upstream]) {
				this.sockets.add(s);
				s.on('close', () => this.sockets.delete(s));
				s.on('error', () => {
					client.destroy();
					upstream.destroy();
				});
			}
			client.pipe(upstream);
			upstream.pipe(client);
		});
		this.server = server;
		return new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				this.port = (server.address() as net.AddressInfo).port;
				resolve();
			});
		});
	}

	start(): Promise<void> {
		return this.listen(0);
	}

	async cut(): Promise<void> {
		const server = this.server;
		this.server = null;
		const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
		for (const s of this.sockets) s.destroy();
		this.sockets.clear();
		await closed;
	}

	async restore(): Promise<void> {
		for (let i = 0; ; i++) {
			try {
				return await this.listen(this.port);
			} catch (e) {
				if (i > 50) throw e;
				await sleep(50);
			}
		}
	}

	async close(): Promise<void> {
		await this.cut();
	}
}

/** Reads a text/event-stream with fetch, collecting its events. */
export async function openStream(url: string, headers: Record<string, string>) {
	const ac = new AbortController();
	const res = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, signal: ac.signal });
	const events: { event: string; data: unknown }[] = [];
	const reader = res.body!.getReader();
	const dec = new TextDecoder();
	let buf = '';
	void (async () => {
		try {
			for (;;) {
				const { value, done } = await reader.read();
				if (done) break;
				buf += dec.decode(value, { stream: true });
				let i: number;
				while ((i = buf.indexOf('\n\n')) >= 0) {
					const chunk = buf.slice(0, i);
					buf = buf.slice(i + 2);
					const ev = /^event: (.*)$/m.exec(chunk)?.[1];
					const data = /^data: (.*)$/m.exec(chunk)?.[1];
					if (ev) events.push({ event: ev, data: data ? JSON.parse(data) : null });
				}
			}
		} catch {
			/* aborted */
		}
	})();
	return {
		res,
		events,
		close: () => ac.abort(),
		waitFor: (pred: (e: { event: string; data: unknown }) => boolean, ms = 8000) =>
			until('sự kiện trên luồng', async () => events.find(pred), ms, 25)
	};
}
