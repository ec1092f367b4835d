/**
 * Starts the built server (node build) as a real process on a free port, on this test file's database:
 * PGlite in a temporary folder (prepared from the migrated dump) or a fresh PostgreSQL database.
 * `prepare` seeds the world through a direct connection before the server opens the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openDatabase, type Database_ } from '../../src/lib/server/db';
import { testDatabase } from './db';

export interface App {
	url: string;
	port: number;
	/** Direct database access while the server runs (PostgreSQL only; PGlite is one process). */
	db: Database_ | null;
	/** Server output so far. */
	output(): string;
	stop(): Promise<void>;
	kill(signal?: NodeJS.Signals): Promise<void>;
	restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

export interface StartOptions {
	prepare?: (db: Database_) => Promise<void>;
	env?: Record<string, string>;
	/** Reuse a database from an earlier start (multi-instance tests). */
	shared?: { url: string | null; dataDir: string | null };
}

export async function startApp(opts: StartOptions = {}): Promise<App & { dataDir: string | null; dbUrl: string | null }> {
	if (!fs.existsSync('build/index.js')) throw new Error('Chưa có bản build: chạy `npm run build` trước (npm test tự làm việc này).');
	let dataDir: string | null = opts.shared?.dataDir ?? null;
	let dbUrl: string | null = opts.shared?.url ?? null;
	let direct: (Database_ & { url: string | null }) | null = null;
	if (!opts.shared) {
		if (inject('dbKind') === 'pglite') {
			dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-app-'));
			const dump = fs.readFileSync(inject('pgliteDump'));
			const d = await openDatabase({ dataDir: path.join(dataDir, 'pglite'), loadDataDir: new Blob([dump]) });
			await opts.prepare?.(d);
			await d.close();
		} else {
			direct = await testDatabase();
			dbUrl = direct.url;
			await opts.prepare?.(direct);
		}
	}
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let out = '';
	let child: ChildProcess;
	const env: Record<string, string> = {
		...(process.env as Record<string, string>),
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: url,
		PUBLIC_URL: url,
		BODY_SIZE_LIMIT: '25M',
		NODE_ENV: 'production',
		APP_SECRET: 'test-secret-0123456789-0123456789-abcdef',
		// Keep-alive connections from the test client would hold a graceful shutdown for 30 s.
		SHUTDOWN_TIMEOUT: '1',
		DEMO_SEED: '0',
		...opts.env
	};
	delete env.DATABASE_URL;
	if (dbUrl) env.DATABASE_URL = dbUrl;
	if (dataDir) env.DATA_DIR = dataDir;

	async function launch() {
		child = spawn(process.execPath, ['build/index.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout!.on('data', (b) => (out += b));
		child.stderr!.on('data', (b) => (out += b));
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`Máy chủ dừng khi khởi động (mã ${child.exitCode}):\n${out}`);
			try {
				const r = await fetch(url + '/login', { redirect: 'manual' });
				if (r.status < 500) return;
			} catch {
				/* not listening yet */
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error(`Máy chủ không trả lời sau 30 s:\n${out}`);
	}
	async function waitExit() {
		if (child.exitCode !== null || child.signalCode) return;
		await new Promise((r) => child.once('exit', r));
	}
	await launch();
	const app = {
		url,
		port,
		db: direct,
		dataDir,
		dbUrl,
		output: () => out,
		async stop() {
			child.kill('SIGTERM');
			await waitExit();
			if (direct && !opts.shared) await direct.close();
			if (dataDir && !opts.shared) fs.rmSync(dataDir, { recursive: true, force: true });
		},
		async kill(signal: NodeJS.Signals = 'SIGKILL') {
			child.kill(signal);
			await waitExit();
		},
		async restart() {
			await launch();
		}
	};
	return app;
}

/** A tiny cookie-keeping client for a started app. */
export function client(app: { url: string }, cookie?: string) {
	const jar = new Map<string, string>();
	if (cookie) {
		const [k, v] = cookie.split('=');
		jar.set(k, v);
	}
	const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
	async function req(method: string, p: string, init: { body?: BodyInit; headers?: Record<string, string>; form?: Record<string, string> } = {}) {
		const headers: Record<string, string> = { ...init.headers };
		if (jar.size) headers.cookie = header();
		let body = init.body;
		if (init.form) {
			body = new URLSearchParams(init.form);
			headers['content-type'] = 'application/x-www-form-urlencoded';
			headers.origin = app.url;
			// As a browser does: with */* SvelteKit answers form actions as JSON (status 200).
			headers.accept ??= 'text/html';
		}
		const res = await fetch(app.url + p, { method, headers, body, redirect: 'manual' });
		for (const c of res.headers.getSetCookie()) {
			const [kv] = c.split(';');
			const i = kv.indexOf('=');
			const k = kv.slice(0, i);
			const v = kv.slice(i + 1);
			if (v === '' || /max-age=0/i.test(c)) jar.delete(k);
			else jar.set(k, v);
		}
		return res;
	}
	return {
		get: (p: string, headers?: Record<string, string>) => req('GET', p, { headers }),
		post: (p: string, form: Record<string, string>) => req('POST', p, { form }),
		json: (method: string, p: string, body?: unknown, headers?: Record<string, string>) =>
			req(method, p, { body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } }),
		raw: req,
		cookies: jar
	};
}
