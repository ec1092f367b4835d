#!/usr/bin/env node
// `npm run demo`: builds if needed, starts the server on the embedded database (data/), loads the demo
// conference on first run, and prints the address and the demo logins. No server, account or network needed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
buildIfStale(root);

const port = process.env.PORT || '3000';
const host = process.env.HOST || '0.0.0.0';
const origin = process.env.ORIGIN || `http://localhost:${port}`;
const env = {
	...process.env,
	PORT: port,
	HOST: host,
	ORIGIN: origin,
	PUBLIC_URL: process.env.PUBLIC_URL || origin,
	BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT || '25M',
	DEMO_SEED: '1',
	DEMO: '1',
	NODE_ENV: 'production'
};
delete env.DATABASE_URL; // the demo always runs on the embedded database

const t0 = Date.now();
const child = spawn(process.execPath, [path.join(root, 'build/index.js')], { cwd: root, env, stdio: ['inherit', 'pipe', 'inherit'] });
child.stdout.on('data', (b) => process.stdout.write(b));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));

// Wait until the login page answers, then say where to go.
for (let i = 0; i < 600; i++) {
	await new Promise((r) => setTimeout(r, 100));
	try {
		const res = await fetch(`http://127.0.0.1:${port}/login`);
		if (res.ok) break;
	} catch {
		/* not yet */
	}
}
const { DEMO_USERS, DEMO_PASSWORD } = {
	DEMO_PASSWORD: 'hoinghi-demo-2026',
	DEMO_USERS: [
		['quantri@demo.hoinghi.vn', 'Quản trị'],
		['bantochuc@demo.hoinghi.vn', 'Ban tổ chức'],
		['ketoan@demo.hoinghi.vn', 'Kế toán'],
		['letan@demo.hoinghi.vn', 'Lễ tân'],
		['xem@demo.hoinghi.vn', 'Chỉ xem']
	]
};
console.log(`
Hội Nghị đang chạy (sẵn sàng sau ${((Date.now() - t0) / 1000).toFixed(1)} s) tại: ${origin}
Dữ liệu: ${path.join(root, process.env.DATA_DIR || 'data')} (PGlite nhúng)

Tài khoản mẫu (mật khẩu chung: ${DEMO_PASSWORD}):
${DEMO_USERS.map(([e, r]) => `  ${r.padEnd(12)} ${e}`).join('\n')}

Nhấn Ctrl+C để dừng.`);
