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

// How long the server gets to answer: the first start creates the database and loads the demo conference.
const WAIT_SECONDS = 60;
// Where to knock: the address the server listens on, or this machine when it listens on every interface.
const probeHost = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
const loginUrl = `http://${probeHost}:${port}/login`;

const t0 = Date.now();
const child = spawn(process.execPath, [path.join(root, 'build/index.js')], { cwd: root, env, stdio: ['inherit', 'pipe', 'inherit'] });
child.stdout.on('data', (b) => process.stdout.write(b));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
let ready = false;
let gaveUp = false;
child.on('exit', (code, signal) => {
	if (gaveUp) return; // said why below
	if (!ready) {
		console.error(
			`\nMáy chủ Hội Nghị đã dừng trước khi sẵn sàng (${signal ? `tín hiệu ${signal}` : `mã thoát ${code}`}). ` +
				'Xem thông báo lỗi ở trên.'
		);
		process.exit(code || 1);
	}
	process.exit(code ?? 0);
});

// Wait until the login page answers, then say where to go.
while (Date.now() - t0 < WAIT_SECONDS * 1000 && child.exitCode === null && child.signalCode === null) {
	await new Promise((r) => setTimeout(r, 100));
	try {
		const res = await fetch(loginUrl, { signal: AbortSignal.timeout(5000) });
		if (res.ok) {
			ready = true;
			break;
		}
	} catch {
		/* not yet */
	}
}
if (!ready) {
	if (child.exitCode !== null || child.signalCode !== null) await new Promise(() => {}); // the exit handler reports it
	gaveUp = true;
	console.error(
		`\nMáy chủ không trả lời: ${loginUrl} chưa mở được sau ${WAIT_SECONDS} s, nên Hội Nghị CHƯA sẵn sàng. ` +
			'Xem thông báo lỗi ở trên (cổng đang bị chương trình khác dùng? thư mục dữ liệu đang bị một tiến trình khác mở?). ' +
			'Đã dừng máy chủ.'
	);
	child.kill('SIGTERM');
	const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
	await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
	clearTimeout(killer);
	process.exit(1);
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
Dữ liệu: ${path.resolve(root, process.env.DATA_DIR || 'data')} (PGlite nhúng)

Tài khoản mẫu (mật khẩu chung: ${DEMO_PASSWORD}):
${DEMO_USERS.map(([e, r]) => `  ${r.padEnd(12)} ${e}`).join('\n')}

Nhấn Ctrl+C để dừng.`);
