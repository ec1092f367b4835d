/**
 * Start-up figures of the embedded database and the built server:
 * - PGlite initdb on an empty folder (first run) and reopening an existing folder;
 * - the built server from spawn to the first login page, and the first page time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';

async function serverStart(dataDir: string, port: number): Promise<{ readyMs: number; firstPageMs: number; secondPageMs: number }> {
	const t0 = performance.now();
	const child = spawn(process.execPath, ['build/index.js'], {
		env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}`, DEMO_SEED: '1', DEMO: '1', NODE_ENV: 'production', DATABASE_URL: '' },
		stdio: 'ignore'
	});
	try {
		let readyMs = 0;
		for (;;) {
			try {
				await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
				readyMs = performance.now() - t0;
				break;
			} catch {
				await new Promise((r) => setTimeout(r, 20));
			}
		}
		const t1 = performance.now();
		const r1 = await fetch(`http://127.0.0.1:${port}/login`);
		await r1.text();
		const firstPageMs = performance.now() - t1;
		const t2 = performance.now();
		await (await fetch(`http://127.0.0.1:${port}/login`)).text();
		return { readyMs, firstPageMs, secondPageMs: performance.now() - t2 };
	} finally {
		child.kill('SIGTERM');
		await new Promise((r) => child.once('exit', r));
	}
}

export default async function () {
	const rows = [];
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-bench-start-'));
	try {
		let t = performance.now();
		const d = await openDatabase({ dataDir: path.join(dir, 'pglite') });
		const initMs = performance.now() - t;
		t = performance.now();
		await migrateToLatest(d.db);
		const migrateMs = performance.now() - t;
		await d.close();
		t = performance.now();
		const d2 = await openDatabase({ dataDir: path.join(dir, 'pglite') });
		const reopenMs = performance.now() - t;
		await d2.close();
		rows.push({ bench: 'startup', case: 'PGlite initdb (empty folder)', ms: Math.round(initMs) });
		rows.push({ bench: 'startup', case: 'all migrations', ms: Math.round(migrateMs) });
		rows.push({ bench: 'startup', case: 'PGlite reopen', ms: Math.round(reopenMs) });
		fs.rmSync(dir, { recursive: true, force: true });
		const srvDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-bench-srv-'));
		const cold = await serverStart(srvDir, 4391).finally(() => fs.rmSync(srvDir, { recursive: true, force: true }));
		rows.push({ bench: 'startup', case: 'server cold (initdb + migrate + demo) → first answer', ms: Math.round(cold.readyMs) });
		rows.push({ bench: 'startup', case: 'first page /login (cold)', ms: Math.round(cold.firstPageMs) });
		rows.push({ bench: 'startup', case: 'second page /login', ms: Math.round(cold.secondPageMs) });
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	return rows;
}
